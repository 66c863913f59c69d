"""SQLite statistics upgrades: a database written before the day counts (statistics schema 1) and before the
files over time (completeness schema 1) gains them on opening, counted from the records already stored."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace

from docarchive.adapters.records.sqlite import SqliteRecordStore
from tests.contract.test_record_store import make_document


def test_records_stored_before_the_day_counts_are_counted_when_the_database_opens(tmp_path):
    path = tmp_path / "docarchive.sqlite3"
    store = SqliteRecordStore(path)
    with store.unit_of_work() as uow:
        uow.documents.add(replace(make_document("1"), category="合同协议"))
        uow.documents.add(replace(make_document("2"), category="合同协议", disposal="recycled"))
        uow.commit()
    store.close()
    with closing(sqlite3.connect(path)) as conn, conn:  # as statistics schema 1 left it
        for event in ("insert", "update", "delete"):
            conn.execute(f"DROP TRIGGER documents_counted_by_day_on_{event}")
        conn.execute("DELETE FROM stat_counts WHERE grouping LIKE 'day_category%'")
        conn.execute("UPDATE schema_versions SET version = 1 WHERE component = 'statistics'")
    reopened = SqliteRecordStore(path)
    with reopened.unit_of_work(readonly=True) as uow:
        assert uow.statistics.documents_by_day() == {("2026-05-06", "合同协议"): (1, 2)}  # the recycled one: not
    with reopened.unit_of_work() as uow:  # and the triggers count from then on
        uow.documents.add(replace(make_document("3"), category="合同协议"))
        uow.commit()
    with reopened.unit_of_work(readonly=True) as uow:
        assert uow.statistics.documents_by_day() == {("2026-05-06", "合同协议"): (2, 4)}
    reopened.close()


def test_kept_completeness_states_from_before_the_files_over_time_gain_the_columns(tmp_path):
    path = tmp_path / "docarchive.sqlite3"
    SqliteRecordStore(path).close()
    with closing(sqlite3.connect(path)) as conn, conn:  # as completeness schema 1 left it
        conn.execute("DROP INDEX customer_completeness_over_time")
        conn.execute("ALTER TABLE customer_completeness DROP COLUMN turns")
        conn.execute("ALTER TABLE customer_completeness DROP COLUMN opened")
        conn.execute("INSERT INTO customer_completeness (customer_no, rules, complete, body) "
                     "VALUES ('KH-1', 'old-rules', 1, '{}')")
        conn.execute("UPDATE schema_versions SET version = 1 WHERE component = 'completeness'")
    reopened = SqliteRecordStore(path)
    with reopened.unit_of_work(readonly=True) as uow:
        assert uow.completeness.over_time("old-rules") == ({"": 1}, {})  # rechecked under the new rules on use
    reopened.close()
