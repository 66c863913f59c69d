"""The DisposalStore port on every backend: destruction lists, legal holds, the recycle area and the register
(append-only, numbered once, tamper-evident)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from docarchive.domain import disposal as rules
from docarchive.domain.errors import Conflict, NotFound, StaleVersion
from docarchive.domain.principal import Principal
from docarchive.domain.retention import DueItem

NOW = datetime(2026, 5, 6, 9, 30, tzinfo=UTC)
ARCHIVIST = Principal("wu", ("archivist",))
MANAGER = Principal("qian", ("manager",), "销售一部")


@pytest.fixture(params=["sqlite", "mongo"])
def store(request, tmp_path):
    if request.param == "sqlite":
        from docarchive.adapters.disposal.sqlite import SqliteDisposalStore

        made = SqliteDisposalStore(tmp_path / "records.sqlite3")
    else:
        url, database = request.getfixturevalue("mongo_database")
        from docarchive.adapters.disposal.mongo import MongoDisposalStore

        made = MongoDisposalStore(url, database=database)
    yield made
    made.close()


def a_list(id="L1", at=NOW):
    due = [DueItem(kind="volume", key="Z001-KH·2015-D10-DAS-0001", title="华东机电 2015", customer_no="KH-1",
                   retention="D10", start="2015", due=date(2026, 1, 1), department="销售一部")]
    return rules.draft(id=id, due=due, principal=ARCHIVIST, now=at, reason="到期鉴定")


def test_a_list_reads_back_and_its_steps_are_written_once(store):
    store.add_list(a_list())
    with pytest.raises(Conflict):
        store.add_list(a_list())
    read = store.get_list("L1")
    assert read == a_list()
    rules.appraise(read, MANAGER, key=read.items[0].key, opinion="destroy", reason="无保存价值", now=NOW)
    saved = store.save_list(read)
    assert saved.version == 2 and store.get_list("L1").items[0].appraised_at == NOW
    with pytest.raises(StaleVersion):
        store.save_list(read)  # read at version 1: someone else's step came first
    with pytest.raises(NotFound):
        store.get_list("nope")


def test_lists_are_newest_first_by_state(store):
    store.add_list(a_list("L1", NOW))
    store.add_list(a_list("L2", NOW + timedelta(days=1)))
    store.save_list(replace(store.get_list("L1"), state=rules.APPRAISED))
    assert [lst.id for lst in store.lists()] == ["L2", "L1"]
    assert [lst.id for lst in store.lists(state=rules.APPRAISED)] == ["L1"]
    assert [lst.id for lst in store.lists(limit=1)] == ["L2"]


def test_holds_are_placed_listed_and_released(store):
    hold = rules.place_hold(id="H1", kind="customer", subject="KH-1", reason="诉讼保全", principal=ARCHIVIST, now=NOW)
    store.add_hold(hold)
    store.add_hold(rules.place_hold(id="H2", kind="volume", subject="V", reason="审计", principal=ARCHIVIST,
                                    now=NOW + timedelta(hours=1)))
    assert [h.id for h in store.holds()] == ["H2", "H1"]
    released = store.save_hold(rules.release_hold(store.get_hold("H1"), ARCHIVIST, reason="结案", now=NOW))
    assert released.version == 2 and not store.get_hold("H1").active
    assert [h.id for h in store.holds()] == ["H2"]
    assert [h.id for h in store.holds(active_only=False)] == ["H2", "H1"]


def test_a_record_is_in_the_recycle_area_once_and_may_come_back(store):
    entry = rules.recycle(document_id="D1", title="错扫", customer_no="KH-1", approval_id="A1", reason="错扫",
                          principal=ARCHIVIST, now=NOW)
    store.add_recycled(entry)
    with pytest.raises(Conflict):
        store.add_recycled(replace(entry, approval_id="A2"))
    assert store.get_recycled("D1") == entry and store.get_recycled("D2") is None
    restored = store.save_recycled(rules.restore(entry, ARCHIVIST, reason="删错", now=NOW))
    assert store.recycled() == [] and [e.state for e in store.recycled(state=None)] == ["restored"]
    again = replace(entry, approval_id="A2")
    store.add_recycled(again)  # deleted again, on a new approval
    assert store.get_recycled("D1").approval_id == "A2"
    with pytest.raises(StaleVersion):
        store.save_recycled(replace(restored, version=1))


def test_the_register_numbers_each_entry_once_and_shows_tampering(store):
    lst = a_list()
    lst.destroyed_at, lst.supervisor, lst.method = NOW, "zheng", "粉碎"
    entry = rules.register_entry(lst, lst.items[0], approval={"by": "qian"}, records=["D1"])
    first = rules.chained(entry, seq=1, prev_hash="")
    store.append_register(first)
    with pytest.raises(Conflict):
        store.append_register(first)
    second = rules.chained(entry, seq=2, prev_hash=first.hash)
    store.append_register(second)
    assert store.register() == [first, second] and store.last_register_entry() == second
    assert store.register(after_seq=1) == [second]
    assert rules.broken_links(store.register()) == []
    assert rules.broken_links([first, replace(second, method="焚烧")]) == [2]
    assert rules.broken_links([second]) == [2]  # the first is missing
    assert not hasattr(store, "delete_register") and not hasattr(store, "update_register")


def test_sqlite_refuses_to_change_or_remove_a_register_entry(tmp_path):
    import sqlite3

    from docarchive.adapters.disposal.sqlite import SqliteDisposalStore

    store = SqliteDisposalStore(tmp_path / "records.sqlite3")
    lst = a_list()
    lst.destroyed_at = NOW
    store.append_register(rules.chained(rules.register_entry(lst, lst.items[0], approval={}, records=[]), seq=1,
                                        prev_hash=""))
    with sqlite3.connect(tmp_path / "records.sqlite3") as conn:
        for statement in ("DELETE FROM destruction_register", "UPDATE destruction_register SET body = '{}'"):
            with pytest.raises(sqlite3.IntegrityError, match="permanent"):
                conn.execute(statement)
    assert len(store.register()) == 1
