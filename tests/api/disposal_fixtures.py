"""A small archive to appraise and destroy: a customer of 销售一部, records with real originals (PNG pages, so
their page images are derived and cached), one volume of 2015 kept 10 years (due 2026-01-01)."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import UTC, datetime

from PIL import Image, ImageDraw

from docarchive.domain.documents import Confidentiality, Document, DocType, Page
from docarchive.domain.ids import new_id
from tests.api.customer_files import add_customer
from tests.api.signin import as_user

ARCHIVIST = ("wu", ("archivist",), "档案室")
APPRAISER = ("qian", ("manager",), "销售一部")
OTHER_MANAGER = ("sun", ("manager",), "销售二部")
DIRECTOR = ("zhao", ("director",), "总经办")
SUPERVISOR = ("zheng", ("director",), "总经办")
STAFF = ("li", ("staff",), "销售一部")
AUDITOR = ("feng", ("auditor",), "审计部")
SHELF = "A库房/05密集架/1列/1节/1层"
WORD = "鉴定销毁样本"


def customer_of_department(container, customer_no: str, department: str = "销售一部"):
    add_customer(container, customer_no, name="华东机电")
    with container.records.unit_of_work() as uow:
        stored = uow.customers.get(customer_no)
        stored.department, stored.owner = department, "li"
        uow.customers.update(stored)
        uow.commit()


def png_record(container, customer_no: str, *, title: str, category: str = "沟通记录",
               created: datetime = datetime(2026, 1, 5, tzinfo=UTC), level=Confidentiality.NONE) -> Document:
    """A one-page record whose original is a real PNG in the blob store."""
    data = png_bytes(title)
    sha256 = container.blobs.put(data)
    document = Document(id=new_id(), sha256=sha256, filename=f"{title}.png", media_type="image/png",
                        size=len(data), doc_type=DocType.OTHER, customer_no=customer_no,
                        pages=[Page(n=1, text=f"{WORD} {title} 身份证号 110101199003071234", confidence=0.9)],
                        fields={"id_number": "110101199003071234"}, category=category, title=title,
                        created_at=created, confidentiality=level)
    with container.records.unit_of_work() as uow:
        uow.documents.add(document)
        uow.commit()
    return document


def png_bytes(title: str) -> bytes:
    """The same bytes for the same title (a record's original, or the file uploaded again)."""
    image = Image.new("RGB", (120, 80), "white")
    ImageDraw.Draw(image).text((5, 30), title[:6], fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def volume_of_2015(client, customer_no: str, document_ids: list[str], *, secrecy: str | None = None) -> str:
    headers = as_user(client, *ARCHIVIST)
    client.post("/api/locations", json={"reason": "归档", "path": SHELF}, headers=headers)
    client.post("/api/boxes", json={"reason": "归档", "code": "B-0099", "location": SHELF}, headers=headers)
    body = {"reason": "归档", "customer_no": customer_no, "box": "B-0099", "title": "华东机电 2015", "year": 2015,
            "retention": "D10", **({"secrecy": secrecy} if secrecy else {})}
    created = client.post("/api/volumes", json=body, headers=headers)
    assert created.status_code == 201, created.text
    archive_no = created.json()["archive_no"]
    filed = client.post(f"/api/volumes/{archive_no}/items", json={"reason": "归档", "document_ids": document_ids},
                        headers=headers)
    assert filed.status_code in (200, 201), filed.text
    return archive_no


def stored_text(container) -> str:
    """Everything the record store and the search index hold, as text (to prove content is gone)."""
    settings = container.settings
    if settings.mongo_url:
        import pymongo

        with pymongo.MongoClient(settings.mongo_url) as client:
            db = client[settings.mongo_database]
            return json.dumps([list(db[name].find({}, {"_id": 0})) for name in db.list_collection_names()
                               if name not in ("audit_events", "history", "change_history")],
                              ensure_ascii=False, default=str)
    import sqlite3

    with sqlite3.connect(settings.database_path) as conn:
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                  if name.startswith(("documents", "search_", "document_"))]
        return json.dumps([conn.execute(f"SELECT * FROM {name}").fetchall() for name in tables],
                          ensure_ascii=False, default=str)


def searched(client, who=ARCHIVIST, q: str = WORD) -> list[str]:
    body = client.get("/api/search", params={"q": q}, headers=as_user(client, *who)).json()
    return [hit["id"] for hit in body["hits"]]


def with_level(container, document: Document, level: Confidentiality) -> None:
    with container.records.unit_of_work() as uow:
        uow.documents.update(replace(uow.documents.get(document.id), confidentiality=level))
        uow.commit()
