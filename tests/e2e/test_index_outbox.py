"""Records reach an external search index through the outbox: never lost, never duplicated."""

from __future__ import annotations

import time
import uuid

import pytest

from docarchive.bootstrap import bootstrap
from docarchive.domain.principal import LOCAL_ARCHIVIST
from docarchive.ingest.context import IngestRequest
from docarchive.ports.records import DOCUMENT_TARGET, IndexTarget
from docarchive.search.query import parse_query
from docarchive.services.indexing import indexing_status
from docarchive.services.search import search_records
from tests.contract.conftest import require_backend
from tests.ingest.scans import write_text_scans
from tests.api.signin import signed_in_client
from tests.api.uploads import upload

DEAD_URL = "http://127.0.0.1:9"  # the discard port: nothing listens, connections are refused at once


@pytest.fixture
def es_settings(settings):
    url = require_backend("DOCARCHIVE_ES_URL")
    return settings.model_copy(update={"es_url": url, "es_index_prefix": f"test-{uuid.uuid4().hex[:12]}"})


@pytest.fixture
def live(es_settings, clock):
    container = bootstrap(es_settings, clock=clock)
    yield container
    container.index.drop()
    container.close()


def found(container, text: str) -> set[str]:
    result = search_records(index=container.index, records=container.records, hasher=container.hasher,
                            principal=LOCAL_ARCHIVIST, query=parse_query(text), size=100)
    return {hit["id"] for hit in result["hits"]}


def ingest(container, folder):
    requests = [IngestRequest(filename=p.name, path=str(p)) for p in sorted(folder.iterdir())]
    return container.pipeline(engine="tesseract").run(requests)


def test_with_the_index_down_ingest_succeeds_and_records_are_indexed_when_it_returns(tmp_path, es_settings, clock, live):
    write_text_scans(tmp_path / "scans", count=3)
    down = bootstrap(es_settings.model_copy(update={"es_url": DEAD_URL}), clock=clock)
    results = ingest(down, tmp_path / "scans")
    assert {ctx.status for ctx in results} == {"ingested"}
    with down.records.unit_of_work(readonly=True) as uow:
        assert uow.documents.count() == 3
    assert indexing_status(down.records)["index_pending"] == 3 + 0

    clock.advance(hours=1)  # past any backoff the failed sends scheduled
    live.indexing.drain_all()
    assert indexing_status(live.records) == {"records": 3, "index_pending": 0, "index_failed": 0}
    assert found(live, "沟通内容") == {ctx.document_id for ctx in results}


def test_an_indexer_that_dies_mid_batch_loses_its_lease_and_nothing_is_lost_or_doubled(tmp_path, live, clock):
    write_text_scans(tmp_path / "scans", count=4)
    with live.indexing.deferred():
        results = ingest(live, tmp_path / "scans")
        with live.records.unit_of_work() as uow:  # an indexer claims everything, then is killed
            claimed = uow.outbox.claim(limit=10, now=clock.now(), lease_seconds=60)
            uow.commit()
        assert len(claimed) == 4
        live.indexing._deferred.on = False
        assert live.indexing.drain().sent == 0  # the dead indexer's lease still holds
        live.indexing._deferred.on = True
    clock.advance(seconds=61)
    live.indexing.drain_all()
    assert found(live, "沟通内容") == {ctx.document_id for ctx in results}
    assert live.index.count() == 4
    assert indexing_status(live.records)["index_pending"] == 0


def test_updates_and_deletions_propagate(tmp_path, live):
    write_text_scans(tmp_path / "scans", count=2)
    first, second = ingest(live, tmp_path / "scans")
    with live.records.unit_of_work() as uow:
        document = uow.documents.get(first.document_id)
        document.pages[0].text += "\n补充说明：已改为年度框架协议"
        uow.documents.update(document)
        uow.outbox.mark([IndexTarget(DOCUMENT_TARGET, second.document_id)])
        _delete_directly(uow, second.document_id)  # as the deletion workflow will
        uow.commit()
    assert found(live, "年度框架协议") == {first.document_id}  # sent with the commit
    live.indexing.drain_all()  # the indexer finds the second record gone and removes it from the index
    assert found(live, "沟通内容") == {first.document_id}
    assert indexing_status(live.records)["index_pending"] == 0


def _delete_directly(uow, document_id: str) -> None:
    if hasattr(uow, "conn"):
        uow.conn.execute("DELETE FROM documents WHERE id = ?", (document_id,))
    else:  # the scale deployment's store
        uow.db["documents"].delete_one({"_id": document_id})


def test_a_failing_index_backs_off_and_reports_failures(tmp_path, es_settings, clock):
    write_text_scans(tmp_path / "scans", count=1)
    down = bootstrap(es_settings.model_copy(update={"es_url": DEAD_URL}), clock=clock)
    ingest(down, tmp_path / "scans")
    assert down.indexing.drain().sent == 0  # backoff: not yet due again
    for _ in range(12):
        clock.advance(hours=1)
        down.indexing.drain()
    assert indexing_status(down.records)["index_failed"] == 1


def test_records_uploaded_while_elasticsearch_is_down_become_searchable_when_it_returns(tmp_path, es_settings):
    """No manual step: the API's background indexer notices the index is back."""
    import io
    from urllib.parse import urlparse

    from tests.faults import CuttableProxy
    from tests.ocr_helpers import render_lines

    target = urlparse(es_settings.es_url)
    proxy = CuttableProxy(target.hostname, target.port).start()
    container = bootstrap(es_settings.model_copy(update={"es_url": proxy.url}))
    try:
        with signed_in_client(container) as client:
            proxy.cut()
            ids = []
            for n in range(2):
                buffer = io.BytesIO()
                render_lines([f"客户回访记录 第{n + 1}次", "回访内容：满意度调查"], size=40).save(buffer, "PNG")
                status, body = upload(client, files={"files": (f"{n}.png", buffer.getvalue(), "image/png")})
                assert status == 201, body
                ids.append(body["id"])
                assert client.get(f"/api/documents/{ids[-1]}").status_code == 200
            assert client.get("/api/status").json()["index_pending"] == 2, client.get("/api/status").json()
            proxy.start()
            deadline = time.monotonic() + 90
            while client.get("/api/status").json()["index_pending"] and time.monotonic() < deadline:
                time.sleep(0.5)
            hits = client.get("/api/search", params={"q": "满意度调查"}).json()["hits"]
            assert sorted(hit["id"] for hit in hits) == sorted(ids)
    finally:
        proxy.cut()
        container.close()
        direct = bootstrap(es_settings)  # the proxy may be cut: drop the test's indices through the real URL
        direct.index.drop()
        direct.close()
