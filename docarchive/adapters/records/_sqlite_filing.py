"""What completeness reads of every record, straight from SQLite's JSON bodies: no record is decoded in Python."""

from __future__ import annotations

import sqlite3

from docarchive.domain.completeness import FiledItem


class SqliteFilingSummaries:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def scan(self, *, after_id: str | None = None, limit: int = 5000) -> list[tuple[str, FiledItem]]:
        rows = self.conn.execute(
            "SELECT id, customer_no, doc_type, coalesce(json_extract(body, '$.title'), ''), "
            "json_array_length(body, '$.pages') FROM documents WHERE id > ? ORDER BY id LIMIT ?",
            (after_id or "", limit),
        )
        return [(customer_no, FiledItem(doc_id, doc_type, title, pages))
                for doc_id, customer_no, doc_type, title, pages in rows]
