"""The embedded store's summary column (adapters/records/_sqlite_summaries.py): a database from before it
gains every record's summary from its body on opening, sealed ID numbers included."""

from __future__ import annotations

import sqlite3

from docarchive.adapters.records.sqlite import SqliteRecordStore
from tests.contract.test_record_store import make_document
from tests.sealing import sealer_for_tests

ID_NUMBER = "11010519491231002X"


def test_a_database_from_before_the_summary_column_gains_the_summaries_on_opening(tmp_path):
    path = tmp_path / "records.sqlite3"
    documents = [make_document("o", customer_no="KH-1"), make_document("p", minutes=1)]
    documents[0].pages[1].text += f"\n身份证号码：{ID_NUMBER}"
    store = SqliteRecordStore(path, sealer=sealer_for_tests())
    with store.unit_of_work() as uow:
        for document in documents:
            uow.documents.add(document)
        uow.commit()
    store.close()
    _as_before_the_column(path)

    reopened = SqliteRecordStore(path, sealer=sealer_for_tests())
    try:
        with reopened.unit_of_work(readonly=True) as uow:
            summaries = uow.documents.summaries([document.id for document in documents])
        for document in documents:
            summary = summaries[document.id]
            assert (summary.title, summary.customer_no, summary.doc_type) == (
                document.title, document.customer_no, document.doc_type)
            assert summary.page_texts == tuple(page.text for page in document.pages)
    finally:
        reopened.close()
    assert ID_NUMBER not in path.read_bytes().decode("latin-1")


def _as_before_the_column(path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE documents DROP COLUMN summary")
        conn.execute("UPDATE schema_versions SET version = 2 WHERE component = 'records'")
    conn.close()
