"""The embedded store as an older version left it, before the mismatch report read from indexes: on opening it
gains the records' page counts, the items' pages in the filing index and the index of records not set apart,
and the report's reads give what they give on a new store."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from docarchive.adapters.records.sqlite import SqliteRecordStore
from docarchive.domain.paper.model import ItemAgainstRecord
from tests.contract.test_mismatch_reads import set_apart, stored, volume
from tests.contract.test_paper_store import commit
from tests.sealing import sealer_for_tests


def test_a_database_from_before_gains_what_the_mismatch_report_reads(tmp_path):
    path = tmp_path / "records.sqlite3"
    store = SqliteRecordStore(path, sealer=sealer_for_tests())
    ids = stored(store, 4)
    set_apart(store, ids[3], "recycled")
    commit(store, volume("V-1", (ids[0], 1, 2), (ids[1], 3, 3)))
    store.close()
    _as_before(path)

    reopened = SqliteRecordStore(path, sealer=sealer_for_tests())
    try:
        with reopened.unit_of_work(readonly=True) as uow:
            assert uow.filing.unfiled(limit=10) == (1, [ids[2]])
            assert list(uow.volumes.items_disagreeing()) == [ItemAgainstRecord("V-1", 2, ids[1], 3, 3, 2)]
    finally:
        reopened.close()


def _as_before(path) -> None:
    with closing(sqlite3.connect(path)) as conn, conn:
        for statement in ("DROP INDEX document_summaries_pages", "ALTER TABLE document_summaries DROP COLUMN pages",
                          "ALTER TABLE paper_filings DROP COLUMN first_page",
                          "ALTER TABLE paper_filings DROP COLUMN last_page",
                          "DROP INDEX documents_present", "DELETE FROM schema_versions WHERE component = 'filing'"):
            conn.execute(statement)
        for component in ("records", "paper"):
            conn.execute("UPDATE schema_versions SET version = version - 1 WHERE component = ?", (component,))
