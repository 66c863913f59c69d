"""One statement in a short transaction of its own, for the small stores that keep a table in the records
database apart from the records' unit of work (accounts, approvals). A write opens and closes its connection;
a store's reads reuse its idle connections (`Readers`), because every API request reads its token, user and
grants here, and opening a connection (~0.8 ms with its pragmas) cost more than the three reads together."""

from __future__ import annotations

from contextlib import closing
from functools import partial
from pathlib import Path

from docarchive.adapters.records.sqlite import connect
from docarchive.adapters.sqlite_readers import ReadPool


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


class Readers(ReadPool):
    """A store's idle read connections (autocommit: each statement reads the latest committed state)."""

    def __init__(self, path: Path):
        super().__init__(partial(connect, path))
        self.path = path

    def rows(self, sql: str, params: tuple) -> list[tuple]:
        conn = self.take()
        try:
            rows = conn.execute(sql, params).fetchall()
        except BaseException:
            conn.close()
            raise
        self.give_back(conn)
        return rows
