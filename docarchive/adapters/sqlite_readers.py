"""Idle SQLite read connections kept for reuse. Opening one (~0.8 ms with its pragmas) costs more than the
few reads an API request makes, so the records store and the small stores beside it (accounts, approvals)
keep their readers between requests."""

from __future__ import annotations

import os
import sqlite3
import threading
from typing import Callable

MAX_IDLE_READERS = 8


class ReadPool:
    """Connections from `opener`, given back when done; at most MAX_IDLE_READERS kept idle."""

    def __init__(self, opener: Callable[[], sqlite3.Connection]):
        self._open = opener
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def take(self) -> sqlite3.Connection:
        with self._lock:
            if self._pid != os.getpid():  # a forked child must not use its parent's connections
                self._idle, self._pid = [], os.getpid()
            if self._idle:
                return self._idle.pop()
        return self._open()

    def give_back(self, conn: sqlite3.Connection) -> None:
        with self._lock:
            if len(self._idle) < MAX_IDLE_READERS and self._pid == os.getpid():
                self._idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
