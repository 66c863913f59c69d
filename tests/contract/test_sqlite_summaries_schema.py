"""The embedded store's summaries (adapters/records/_sqlite_summaries.py): a database from before them gains
every record's summary from its body on opening, sealed ID numbers included; one from the days of the
summary column has them moved to their own table; a deleted record takes its summary with it."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from docarchive.adapters.records.sqlite import SqliteRecordStore
from tests.contract.test_record_store import make_document
from tests.sealing import sealer_for_tests

ID_NUMBER = "11010519491231002X"


@pytest.mark.parametrize("before", ["the summary column", "the summary table", "the rowid table"])
def test_a_database_from_before_the_summaries_gains_them_on_opening(tmp_path, before):
    path = tmp_path / "records.sqlite3"
    documents = [make_document("o", customer_no="KH-1"), make_document("p", minutes=1)]
    documents[0].pages[1].text += f"\n身份证号码：{ID_NUMBER}"
    store = SqliteRecordStore(path, sealer=sealer_for_tests())
    with store.unit_of_work() as uow:
        for document in documents:
            uow.documents.add(document)
        uow.commit()
    store.close()
    {"the summary column": _as_before_the_column, "the summary table": _as_before_the_table,
     "the rowid table": _as_without_rowid}[before](path)

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
    with closing(sqlite3.connect(path)) as conn:  # a rowid table: WITHOUT ROWID made summary-sized rows a deep tree
        (schema,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'document_summaries'").fetchone()
    assert "WITHOUT ROWID" not in schema.upper()


def test_a_deleted_record_takes_its_summary_with_it(tmp_path):
    path = tmp_path / "records.sqlite3"
    store = SqliteRecordStore(path, sealer=sealer_for_tests())
    document = make_document("q", customer_no="KH-1")
    with store.unit_of_work() as uow:
        uow.documents.add(document)
        uow.commit()
    with store.unit_of_work() as uow:  # as erasure and the integrity checks do: the row, by any path
        uow.conn.execute("DELETE FROM documents WHERE id = ?", (document.id,))
        uow.commit()
    with store.unit_of_work(readonly=True) as uow:
        assert uow.documents.summaries([document.id]) == {}
        assert uow.conn.execute("SELECT count(*) FROM document_summaries").fetchone() == (0,)
    store.close()


_DROP_SUMMARIES = ("DROP TRIGGER document_summary_goes_with_its_record", "DROP TABLE document_summaries")


def _as_before_the_column(path) -> None:
    """Schema version 2: no summary anywhere."""
    _rewound(path, 2, *_DROP_SUMMARIES)


def _as_before_the_table(path) -> None:
    """Schema version 3: the summary in a column after the body."""
    _rewound(path, 3, "ALTER TABLE documents ADD COLUMN summary TEXT",
             "UPDATE documents SET summary = (SELECT summary FROM document_summaries AS s WHERE s.id = documents.id)",
             *_DROP_SUMMARIES)


def _as_without_rowid(path) -> None:
    """Schema version 4: the summaries in a WITHOUT ROWID table."""
    _rewound(path, 4, "ALTER TABLE document_summaries RENAME TO summaries_before",
             "CREATE TABLE document_summaries (id TEXT PRIMARY KEY, customer_no TEXT, doc_type TEXT NOT NULL, "
             "created_at TEXT NOT NULL, summary TEXT NOT NULL) WITHOUT ROWID",
             "INSERT INTO document_summaries SELECT id, customer_no, doc_type, created_at, summary "
             "FROM summaries_before",
             "DROP TABLE summaries_before")


def _rewound(path, version: int, *statements: str) -> None:
    """The database as an older version of the store left it."""
    with closing(sqlite3.connect(path)) as conn, conn:
        for statement in statements:
            conn.execute(statement)
        conn.execute("UPDATE schema_versions SET version = ? WHERE component = 'records'", (version,))
