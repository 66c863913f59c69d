"""Rows asked by key, many keys at once: the records store and the paper archive both read pages of them."""

from __future__ import annotations

import sqlite3
from typing import Any, Iterator

CHUNK = 500  # keys per IN (…): well under SQLite's 32,766 variables, and few statements for a page of hits


def rows_in(conn: sqlite3.Connection, select: str, column: str, keys: list[str]) -> Iterator[tuple[Any, ...]]:
    """Rows of `select` whose `column` is one of `keys`, each key asked once, in chunks of CHUNK."""
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), CHUNK):
        chunk = unique[start : start + CHUNK]
        yield from conn.execute(f"{select} WHERE {column} IN ({', '.join('?' * len(chunk))})", chunk)
