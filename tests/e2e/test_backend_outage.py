"""Elasticsearch or the MongoDB server stopped mid-load, then back: requests that need it answer 503 with the
reason within seconds, docarchive recovers without a restart, and nothing acknowledged is lost.

A stopped server is a loopback proxy cut in front of the shared one (tests/faults.py): the real servers stay up
for everyone else."""

from __future__ import annotations

import time
from urllib.parse import urlparse

import pytest

from docarchive.bootstrap import bootstrap
from tests.api.signin import signed_in_client
from tests.api.uploads import upload
from tests.contract.conftest import require_backend
from tests.faults import CuttableProxy
from tests.text_pdfs import complaint

FAST_SECONDS = 8.0  # the MongoDB driver's server selection gives up after 5 s (adapters/_mongo.py)


@pytest.fixture
def scale_settings(settings):
    if not settings.mongo_url:  # the embedded test run: give this test the scale deployment of its own
        import uuid

        tag = uuid.uuid4().hex[:10]
        settings = settings.model_copy(update={
            "mongo_url": require_backend("DOCARCHIVE_MONGO_URL"), "es_url": require_backend("DOCARCHIVE_ES_URL"),
            "mongo_database": f"test_outage_{tag}", "es_index_prefix": f"test-outage-{tag}",
            "data_keys": ["testkey1:" + "0123456789abcdef" * 4]})
    return settings


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def proxied(url: str) -> CuttableProxy:
    target = urlparse(url)
    return CuttableProxy(target.hostname, target.port).start()


def eventually(check, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while not (result := check()) and time.monotonic() < deadline:
        time.sleep(0.5)
    return result


def test_search_with_elasticsearch_stopped_is_a_quick_503_and_works_again_when_it_returns(scale_settings):
    proxy = proxied(scale_settings.es_url)
    container = bootstrap(scale_settings.model_copy(update={"es_url": proxy.url}))
    try:
        with signed_in_client(container) as client:
            status, before = upload(client, files={"files": ("a.pdf", complaint("KH-2024-00031"), "application/pdf")})
            assert status == 201, before
            proxy.cut()
            response, seconds = timed(lambda: client.get("/api/search", params={"q": "投诉"}))
            assert response.status_code == 503 and "Elasticsearch" in response.json()["detail"], response.text
            assert seconds < FAST_SECONDS
            assert client.get(f"/api/documents/{before['id']}").status_code == 200  # reading needs no index
            status, during = upload(client, files={"files": ("b.pdf", complaint("KH-2024-00032"), "application/pdf")})
            assert status == 201, during  # acknowledged: kept in the outbox until the index is back
            proxy.start()
            hits = eventually(lambda: {h["id"] for h in client.get("/api/search", params={"q": "投诉"}).json().get(
                "hits", [])} >= {before["id"], during["id"]})
            assert hits, client.get("/api/status").json()
    finally:
        proxy.cut()
        container.close()
        _drop(scale_settings)


def test_with_mongodb_stopped_requests_answer_503_and_all_is_there_when_it_returns(scale_settings):
    proxy = proxied(scale_settings.mongo_url)
    url = f"mongodb://127.0.0.1:{proxy.port}/"
    container = bootstrap(scale_settings.model_copy(update={"mongo_url": url}))
    try:
        with signed_in_client(container) as client:
            status, before = upload(client, files={"files": ("a.pdf", complaint("KH-2024-00041"), "application/pdf")})
            assert status == 201, before
            proxy.cut()
            for call in (lambda: client.get(f"/api/documents/{before['id']}"),
                         lambda: client.post("/api/documents", files={"files": ("c.pdf", complaint("KH-2024-00043"),
                                                                                  "application/pdf")})):
                response, seconds = timed(call)
                assert response.status_code == 503 and "MongoDB" in response.json()["detail"], response.text
                assert seconds < FAST_SECONDS
            proxy.start()
            assert eventually(lambda: client.get(f"/api/documents/{before['id']}").status_code == 200)
            status, after = upload(client, files={"files": ("b.pdf", complaint("KH-2024-00042"), "application/pdf")})
            assert status == 201, after
            shown = client.get(f"/api/documents/{before['id']}").json()
            assert shown["sha256"] == before["sha256"]
            assert client.get(f"/api/documents/{before['id']}/file").status_code == 200
    finally:
        proxy.cut()
        container.close()
        _drop(scale_settings)


def _drop(settings) -> None:
    import pymongo

    direct = bootstrap(settings)
    direct.index.drop()
    direct.close()
    if settings.mongo_database.startswith("test_outage_"):
        with pymongo.MongoClient(settings.mongo_url, serverSelectionTimeoutMS=3000) as client:
            client.drop_database(settings.mongo_database)
