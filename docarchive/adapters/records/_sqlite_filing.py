"""What completeness and the paper reports read of every record, straight from SQLite's JSON: no record is
decoded in Python."""

from __future__ import annotations

import sqlite3

from docarchive.domain.completeness import FiledItem, filed_month


_SUMMARY = ("id, customer_no, doc_type, coalesce(json_extract(body, '$.title'), ''), "
            "json_array_length(body, '$.pages'), created_at, json_extract(body, '$.link.at')")


def present(row: str = "documents") -> str:
    """SQL that holds for a record not set apart or erased (Document.disposal): such a record no longer completes
    its customer's file, nor counts in the statistics over time. `row`: new or old in a trigger, "" unqualified."""
    return f"(coalesce(json_extract({row + '.' if row else ''}body, '$.disposal'), '') = '')"


_PRESENT = present()
# The records not set apart, by id: whether a record is set apart is in its body, and reading 1,000,000 bodies
# took ~30 s; the partial index answers "which records are present" from its keys alone (the mismatch report).
MIGRATIONS = [f"CREATE INDEX documents_present ON documents (id) WHERE {present('')}"]
_UNFILED = (f"FROM documents INDEXED BY documents_present WHERE {_PRESENT} "
            "AND NOT EXISTS (SELECT 1 FROM paper_filings WHERE paper_filings.document_id = documents.id)")


class SqliteFilingSummaries:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def scan(self, *, after_id: str | None = None, limit: int = 5000) -> list[tuple[str, FiledItem]]:
        rows = self.conn.execute(
            f"SELECT {_SUMMARY} FROM documents WHERE id > ? AND {_PRESENT} ORDER BY id LIMIT ?",
            (after_id or "", limit),
        )
        return [(row[1], _item(row)) for row in rows]

    def items_of(self, customer_nos: list[str]) -> dict[str, list[FiledItem]]:
        items: dict[str, list[FiledItem]] = {no: [] for no in customer_nos}
        for first in range(0, len(customer_nos), 500):  # SQLite's limit on bound parameters is far above 500
            chunk = customer_nos[first : first + 500]
            rows = self.conn.execute(
                f"SELECT {_SUMMARY} FROM documents WHERE customer_no IN ({','.join('?' * len(chunk))}) AND {_PRESENT} "
                "ORDER BY id",
                chunk)
            for row in rows:
                items[row[1]].append(_item(row))
        return items

    def unfiled(self, *, limit: int) -> tuple[int, list[str]]:
        (count,) = self.conn.execute(f"SELECT count(*) {_UNFILED}").fetchone()
        first = self.conn.execute(f"SELECT id {_UNFILED} ORDER BY id LIMIT ?", (limit,))
        return int(count), [document_id for (document_id,) in first]


def _item(row: tuple) -> FiledItem:
    doc_id, _customer_no, doc_type, title, pages, arrived, linked = row
    return FiledItem(doc_id, doc_type, title, pages, filed_month(arrived, linked))
