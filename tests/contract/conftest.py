"""Every backend of a port is a param of one fixture.

A backend that is not configured is skipped with its reason on a developer's machine, but in CI (CI=true)
it fails: the README's test command provisions every backend, so a missing one is a broken run.
"""

from __future__ import annotations

import os
import uuid

import pytest

from tests.sealing import cipher_for_tests, sealer_for_tests

RECORD_BACKENDS = ["sqlite", "mongo"]
BLOB_BACKENDS = ["filesystem", "gridfs"]
SEARCH_BACKENDS = ["fts5", "elasticsearch"]


def require_backend(variable: str) -> str:
    value = os.environ.get(variable)
    if value:
        return value
    if os.environ.get("CI") == "true":
        pytest.fail(f"{variable} is not set: CI must run every backend (scripts/test.sh provisions them)")
    pytest.skip(f"{variable} is not set; run scripts/test.sh to provision the server")


@pytest.fixture
def mongo_database():
    """(url, name) of a database of its own on the configured MongoDB server, dropped afterwards."""
    url = require_backend("DOCARCHIVE_MONGO_URL")
    name = f"test_{uuid.uuid4().hex[:12]}"
    yield url, name
    import pymongo

    client = pymongo.MongoClient(url, serverSelectionTimeoutMS=5000)
    try:
        client.drop_database(name)
    finally:
        client.close()


@pytest.fixture(params=RECORD_BACKENDS)
def record_store(request, tmp_path):
    """A store of each backend whose events write the change history (as bootstrap's do); a test adds the
    other handlers it needs to `store.publisher`."""
    if request.param == "sqlite":
        from docarchive.adapters.records.sqlite import SqliteRecordStore

        store = SqliteRecordStore(tmp_path / "records.sqlite3", sealer=sealer_for_tests())
    else:
        url, database = request.getfixturevalue("mongo_database")
        from docarchive.adapters.records.mongo import MongoRecordStore

        store = MongoRecordStore(url, database=database, sealer=sealer_for_tests())
    store.publish_to(history_keeping())
    yield store
    store.close()


def history_keeping():
    """An event dispatcher with the change-history handler alone."""
    from docarchive.domain.events import RECORDED
    from docarchive.services.events import EventDispatcher
    from docarchive.services.history import write_history

    events = EventDispatcher()
    events.handle_in_transaction(write_history, *RECORDED)
    return events


@pytest.fixture(params=RECORD_BACKENDS)
def audit_log(request, tmp_path):
    """An AuditLog of each backend, with what a test needs to tamper with its stored events directly."""
    if request.param == "sqlite":
        from docarchive.adapters.audit.sqlite import SqliteAuditLog

        log = SqliteAuditLog(tmp_path / "records.sqlite3")
    else:
        url, database = request.getfixturevalue("mongo_database")
        from docarchive.adapters.audit.mongo import MongoAuditLog

        log = MongoAuditLog(url, database=database)
    yield log
    log.close()


@pytest.fixture(params=BLOB_BACKENDS)
def blob_store(request, tmp_path):
    if request.param == "filesystem":
        from docarchive.adapters.blobs.filesystem import FilesystemBlobStore

        yield FilesystemBlobStore(tmp_path / "blobs", cipher=cipher_for_tests())
    else:
        url, database = request.getfixturevalue("mongo_database")
        from docarchive.adapters.blobs.gridfs import GridFsBlobStore

        store = GridFsBlobStore(url, database=database, cipher=cipher_for_tests())
        yield store
        store.close()


@pytest.fixture(params=SEARCH_BACKENDS)
def search_index(request, tmp_path):
    yield from _search_index(request.param, tmp_path)


# Limits small enough to cross with a handful of records: totals stop at 6, facets count 4, and FTS5
# ranks a query matching more than 3 records in blocks of 3.
SMALL_LIMITS = {"total": 6, "facet_sample": 4}


@pytest.fixture(params=SEARCH_BACKENDS)
def small_limits_index(request, tmp_path):
    yield from _search_index(request.param, tmp_path, limits=SMALL_LIMITS)


def _search_index(backend: str, tmp_path, limits: dict | None = None):
    if backend == "fts5":
        from docarchive.adapters.search._fts5_read import Limits
        from docarchive.adapters.search.fts5 import Fts5SearchIndex

        index = Fts5SearchIndex(tmp_path / "search.sqlite3", **({"limits": Limits(**limits, rank_candidates=3)}
                                                                   if limits else {}))
        yield index
        index.close()
    else:
        url = require_backend("DOCARCHIVE_ES_URL")
        from docarchive.adapters.search.elasticsearch import ElasticsearchSearchIndex
        from docarchive.ports.search import SearchLimits

        index = ElasticsearchSearchIndex(url, index_prefix=f"test-{uuid.uuid4().hex[:12]}",
                                         **({"limits": SearchLimits(**limits)} if limits else {}))
        yield index
        index.drop()
        index.close()
