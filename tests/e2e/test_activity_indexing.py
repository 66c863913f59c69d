"""Activity entries reach an external search index through the records' outbox, like records: an entry
recorded while the index is down is searchable once an indexer has drained the outbox."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from docarchive.bootstrap import bootstrap
from docarchive.domain.principal import LOCAL_ARCHIVIST
from docarchive.services.activities import record_activity
from docarchive.services.indexing import indexing_status
from docarchive.services.search import reindex
from tests.api.customer_files import add_customer
from tests.e2e.test_index_outbox import DEAD_URL, es_settings, found, live  # noqa: F401 (fixtures)


def complain(container, content: str):
    return record_activity(container.records, principal=LOCAL_ARCHIVIST, clock=container.clock,
                           tz=ZoneInfo("Asia/Shanghai"), customer_no="KH-1", kind="complaint",
                           occurred_at="2026-05-01", details={"content": content})


def test_an_entry_recorded_while_the_index_is_down_is_indexed_when_it_returns(es_settings, clock, live):  # noqa: F811
    down = bootstrap(es_settings.model_copy(update={"es_url": DEAD_URL}), clock=clock)
    add_customer(down, "KH-1")
    entry = complain(down, "售后响应太慢")
    assert indexing_status(down.records)["index_pending"] == 2  # the customer and the entry
    down.close()

    clock.advance(hours=1)  # past any backoff the failed sends scheduled
    live.indexing.drain_all()
    assert indexing_status(live.records)["index_pending"] == 0
    assert found(live, "响应太慢") == {entry.id}


def test_a_rebuilt_index_still_holds_the_entries(es_settings, clock, live):  # noqa: F811
    add_customer(live, "KH-1")
    entry = complain(live, "包装破损")
    assert found(live, "包装破损") == {entry.id}
    assert reindex(index=live.index, records=live.records, hasher=live.hasher) == 1
    assert found(live, "包装破损") == {entry.id}
