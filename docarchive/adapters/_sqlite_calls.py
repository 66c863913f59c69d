"""One statement in a short transaction of its own, for the small stores that keep a table in the records
database apart from the records' unit of work (accounts, approvals). A write opens and closes its connection;
a store's reads reuse its idle connections (`Readers`), because every API request reads its token, user and
grants here, and opening a connection (~0.8 ms with its pragmas) cost more than the three reads together."""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

from docarchive.adapters.records.sqlite import MAX_IDLE_READERS, connect


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


class Readers:
    """A store's idle read connections (autocommit: each statement reads the latest committed state)."""

    def __init__(self, path: Path):
        self.path = path
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def rows(self, sql: str, params: tuple) -> list[tuple]:
        conn = self._take()
        try:
            rows = conn.execute(sql, params).fetchall()
        except BaseException:
            conn.close()
            raise
        self._give_back(conn)
        return rows

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    def _take(self) -> sqlite3.Connection:
        with self._lock:
            if self._pid != os.getpid():  # a forked child must not use its parent's connections
                self._idle, self._pid = [], os.getpid()
            if self._idle:
                return self._idle.pop()
        return connect(self.path)

    def _give_back(self, conn: sqlite3.Connection) -> None:
        with self._lock:
            if len(self._idle) < MAX_IDLE_READERS and self._pid == os.getpid():
                self._idle.append(conn)
                return
        conn.close()
