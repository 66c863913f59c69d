"""One statement in a short transaction of its own, for the small stores that keep a table in the records
database apart from the records' unit of work (accounts, approvals): each call opens and closes its connection."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from docarchive.adapters.records.sqlite import connect


def read_rows(path: Path, sql: str, params: tuple) -> list[tuple]:
    with closing(connect(path)) as conn:
        return conn.execute(sql, params).fetchall()


def write_one(path: Path, sql: str, params: tuple) -> int:
    """Run one write under the database's write lock (BEGIN IMMEDIATE); how many rows it changed."""
    with closing(connect(path)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            changed = conn.execute(sql, params).rowcount
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return changed
