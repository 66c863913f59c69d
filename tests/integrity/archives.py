"""Small archives on each deployment for the backup and four-property-check tests, and what it takes to damage
one behind docarchive's back (raw writes to SQLite, MongoDB, GridFS, the files), as a fault or an intruder would."""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from docarchive.bootstrap import bootstrap
from docarchive.config import Settings
from docarchive.domain.principal import LOCAL_ARCHIVIST
from docarchive.ingest.context import IngestRequest
from docarchive.ports.crypto import seal_blob
from tests.text_pdfs import archive_card, complaint

DEPLOYMENTS = ["embedded", "scale"]


def deployment_settings(kind: str, home: Path) -> Settings:
    base = Settings(home=home, jobs=1, es_url=None, mongo_url=None, audit_flush_ms=0)
    if kind == "embedded":
        return base
    from tests.conftest import TEST_DATA_KEYS, _scale_names
    from tests.contract.conftest import require_backend

    mongo, es = require_backend("DOCARCHIVE_MONGO_URL"), require_backend("DOCARCHIVE_ES_URL")
    database, prefix = _scale_names(home)
    return base.model_copy(update={"mongo_url": mongo, "mongo_database": database, "es_url": es,
                                   "es_index_prefix": prefix, "data_keys": json.loads(TEST_DATA_KEYS)})


def fill(container, *, customers: int = 2, complaints: int = 12) -> dict[str, list[str]]:
    """Customer files opened by archive cards, complaints in them, and a volume holding two of them."""
    ids = []
    for n in range(1, customers + 1):
        ids.append(_ingest(container, f"card{n}.pdf", archive_card(f"KH-2024-{n:05d}", f"客户{n}号有限公司")))
    for n in range(1, complaints + 1):
        ids.append(_ingest(container, f"complaint{n}.pdf", complaint(f"KH-2024-{1 + n % customers:05d}", f"第{n}次")))
    volume = _volume(container, ids[-2:])
    return {"records": ids, "volume": [volume]}


def _ingest(container, name: str, data: bytes) -> str:
    ctx = container.ingest.ingest_one(IngestRequest(filename=name, data=data))
    assert ctx.status == "ingested", (ctx.status, ctx.error)
    return ctx.document_id


def _volume(container, document_ids: list[str]) -> str:
    from docarchive.services.paper.boxes import add_box
    from docarchive.services.paper.filing import file_records
    from docarchive.services.paper.locations import add_location
    from docarchive.services.paper.volumes import add_volume

    records, clock = container.records, container.clock
    add_location(records, path="A库房/01柜", principal=LOCAL_ARCHIVIST, clock=clock, reason="新柜")
    add_box(records, code="B-0001", location="A库房/01柜", principal=LOCAL_ARCHIVIST, clock=clock, reason="新盒")
    volume = add_volume(records, customer_no="KH-2024-00001", box="B-0001", rule=container.archive_no_rule,
                        principal=LOCAL_ARCHIVIST, clock=clock,
                        customer_archive_no_format=container.settings.archive_no_format, reason="立卷")
    file_records(records, document_ids=document_ids, archive_no=volume.archive_no, principal=LOCAL_ARCHIVIST,
                 clock=clock, reason="归档")
    return volume.archive_no


def change_record(container, document_id: str, **changes) -> None:
    with container.records.unit_of_work() as uow:
        document = uow.documents.get(document_id)
        uow.documents.update(replace(document, **changes))
        uow.commit()


def record(container, document_id: str):
    with container.records.unit_of_work(readonly=True) as uow:
        return uow.documents.get(document_id)


class Tamper:
    """Writes behind docarchive's back, one way per deployment."""

    def __init__(self, container):
        self.container = container
        self.settings = container.settings
        self.embedded = not self.settings.mongo_url
        if not self.embedded:
            import pymongo

            self.client = pymongo.MongoClient(self.settings.mongo_url)
            self.db = self.client[self.settings.mongo_database]

    def close(self) -> None:
        if not self.embedded:
            self.client.close()

    def sql(self, statement: str, *args) -> None:
        with sqlite3.connect(self.settings.database_path) as conn:
            conn.execute(statement, args)

    def overwrite_original(self, sha256: str, stored: bytes) -> None:
        if self.embedded:
            Path(self.container.blobs._path(sha256)).write_bytes(stored)
        else:
            from bson.int64 import Int64

            self.container.blobs._write_chunks(sha256, stored)
            self.db["originals.files"].update_one({"_id": sha256}, {"$set": {"length": Int64(len(stored))}})

    def replace_original(self, sha256: str, other: bytes) -> None:
        self.overwrite_original(sha256, seal_blob(self.container.cipher, other))

    def age_original(self, sha256: str, seconds: float = 7200) -> None:
        then = time.time() - seconds
        if self.embedded:
            os.utime(self.container.blobs._path(sha256), (then, then))
        else:
            from datetime import UTC, datetime

            self.db["originals.files"].update_one({"_id": sha256},
                                                  {"$set": {"uploadDate": datetime.fromtimestamp(then, UTC)}})

    def stray_entry(self) -> str:
        if self.embedded:
            (self.settings.blobs_path / "ab").mkdir(exist_ok=True)
            (self.settings.blobs_path / "ab" / "notes.txt").write_text("left here by hand")
            return "ab/notes.txt"
        self.db["originals.files"].insert_one({"_id": "notes.txt", "length": 0, "chunkSize": 1})
        return "notes.txt"

    def delete_record(self, document_id: str) -> None:
        if self.embedded:
            self.sql("DELETE FROM documents WHERE id = ?", document_id)
        else:
            self.db["documents"].delete_one({"_id": document_id})

    def set_customer_archive_no(self, customer_no: str, archive_no: str) -> None:
        if self.embedded:
            self.sql("UPDATE customers SET archive_no = ?, body = json_set(body, '$.archive_no', ?) "
                     "WHERE customer_no = ?", archive_no + uuid.uuid4().hex, archive_no, customer_no)
        else:
            customers = self.db["customers"]
            for name, spec in customers.index_information().items():  # the guard against duplicates goes first
                if spec.get("unique") and spec["key"][0][0] == "archive_no":
                    customers.drop_index(name)
            customers.update_one({"_id": customer_no}, {"$set": {"archive_no": archive_no}})

    def plain_id_number(self, document_id: str, id_number: str) -> None:
        if self.embedded:
            self.sql("UPDATE documents SET body = json_set(body, '$.title', ?) WHERE id = ?", id_number, document_id)
        else:
            self.db["documents"].update_one({"_id": document_id}, {"$set": {"title": id_number}})

    def edit_audit_event(self, seq: int) -> None:
        if self.embedded:
            with sqlite3.connect(self.settings.database_path) as conn:  # an intruder drops the guard first
                conn.execute("DROP TRIGGER audit_events_no_update")
                conn.execute("UPDATE audit_events SET user = 'intruder' WHERE seq = ?", (seq,))
        else:
            self.db["audit_events"].update_one({"_id": seq}, {"$set": {"user": "intruder"}})


@pytest.fixture(params=DEPLOYMENTS)
def archive(request, tmp_path):
    settings = deployment_settings(request.param, tmp_path / "home")
    container = bootstrap(settings)
    yield container
    container.close()
    if settings.mongo_url:
        import pymongo

        with pymongo.MongoClient(settings.mongo_url) as client:
            client.drop_database(settings.mongo_database)
