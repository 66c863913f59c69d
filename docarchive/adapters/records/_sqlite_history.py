"""The change log in SQLite: appended in the same transaction as the change it describes."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from docarchive.adapters.records._sealing import Sealing
from docarchive.domain.history import ChangeEntry

# Its own migration component ("history"), so other tables' migration lists never have to be merged with it.
MIGRATIONS = [
    """
    CREATE TABLE change_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        reason TEXT NOT NULL,
        changes TEXT NOT NULL
    );
    CREATE INDEX change_log_by_entity ON change_log (kind, key, seq)
    """,
]


class SqliteHistoryLog:
    def __init__(self, conn: sqlite3.Connection, sealer: Sealing):
        self.conn = conn
        self.sealer = sealer  # a change's before and after may be ID numbers: encrypted like the records

    def append(self, entry: ChangeEntry) -> None:
        self.conn.execute(
            "INSERT INTO change_log (kind, key, at, user, reason, changes) VALUES (?, ?, ?, ?, ?, ?)",
            (entry.kind, entry.key, entry.at.isoformat(), entry.user, self.sealer.seal_text(entry.reason),
             json.dumps(self.sealer.seal(entry.changes), ensure_ascii=False, default=str)),
        )

    def list(self, kind: str, key: str, *, limit: int = 100, offset: int = 0) -> list[ChangeEntry]:
        rows = self.conn.execute(
            "SELECT kind, key, at, user, reason, changes FROM change_log WHERE kind = ? AND key = ? "
            "ORDER BY seq DESC LIMIT ? OFFSET ?",
            (kind, key, limit, offset),
        )
        return [
            ChangeEntry(kind, key, datetime.fromisoformat(at), user, self.sealer.unseal_text(reason),
                        json.loads(self.sealer.unseal_text(changes)))
            for kind, key, at, user, reason, changes in rows
        ]
