"""What linking and the review queue ask of SQLite: side tables kept with each record's row, so "records whose
evidence names this customer" and "records waiting for a person, per reason" are index look-ups."""

from __future__ import annotations

import sqlite3

from docarchive.adapters.records._sealing import Sealing
from docarchive.domain.documents import Document
from docarchive.domain.linking import relink_keys

# Its own migration component ("linking"). Records stored before it have no evidence, hence no keys.
MIGRATIONS = [
    """
    CREATE TABLE document_link_keys (
        key TEXT NOT NULL,
        document_id TEXT NOT NULL,
        PRIMARY KEY (key, document_id)
    ) WITHOUT ROWID;
    CREATE INDEX document_link_keys_by_document ON document_link_keys (document_id);
    CREATE TABLE document_review (
        reason TEXT NOT NULL,
        document_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (reason, document_id)
    ) WITHOUT ROWID;
    CREATE INDEX document_review_by_document ON document_review (document_id);
    CREATE INDEX document_review_by_time ON document_review (reason, created_at, document_id);
    """,
]


def write_side_rows(conn: sqlite3.Connection, document: Document, created_at: str, sealer: Sealing) -> None:
    """Replace the record's keys (an ID number as its keyed hash) and review reasons with what it says now."""
    conn.execute("DELETE FROM document_link_keys WHERE document_id = ?", (document.id,))
    conn.execute("DELETE FROM document_review WHERE document_id = ?", (document.id,))
    conn.executemany("INSERT OR IGNORE INTO document_link_keys VALUES (?, ?)",
                     [(key, document.id) for key in sealer.hide_keys(relink_keys(document))])
    conn.executemany("INSERT OR IGNORE INTO document_review VALUES (?, ?, ?)",
                     [(reason, document.id, created_at) for reason in document.review_reasons])


def naming_ids(conn: sqlite3.Connection, keys: list[str], limit: int) -> list[str]:
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    rows = conn.execute(f"SELECT DISTINCT document_id FROM document_link_keys WHERE key IN ({marks}) "
                        "ORDER BY document_id LIMIT ?", (*keys, limit))
    return [row[0] for row in rows]


def review_ids(conn: sqlite3.Connection, reason: str | None, limit: int, offset: int) -> list[str]:
    """Oldest first: a queue is worked in the order papers arrived."""
    if reason:
        sql = ("SELECT document_id FROM document_review WHERE reason = ? ORDER BY created_at, document_id "
               "LIMIT ? OFFSET ?")
        return [row[0] for row in conn.execute(sql, (reason, limit, offset))]
    # Walks the records oldest first and stops at the page's end, instead of grouping every reason row.
    sql = ("SELECT id FROM documents WHERE EXISTS (SELECT 1 FROM document_review WHERE document_id = id) "
           "ORDER BY created_at, id LIMIT ? OFFSET ?")
    return [row[0] for row in conn.execute(sql, (limit, offset))]


def review_counts(conn: sqlite3.Connection) -> dict[str, int]:
    counts = dict(conn.execute("SELECT reason, count(*) FROM document_review GROUP BY reason").fetchall())
    counts["all"] = conn.execute("SELECT count(DISTINCT document_id) FROM document_review").fetchone()[0]
    return counts
