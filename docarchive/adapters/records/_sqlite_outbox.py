"""The index outbox in SQLite: a row per changed record, written in the same transaction as the change."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from docarchive.adapters.records._outbox_keys import stored_key, target_of
from docarchive.ports.records import IndexTarget, OutboxItem

MIGRATION = """
    CREATE TABLE index_outbox (
        key TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        not_before TEXT NOT NULL DEFAULT '',
        lease_until TEXT NOT NULL DEFAULT '',
        error TEXT
    );
    CREATE INDEX index_outbox_ready ON index_outbox (state, not_before)
"""


class SqliteIndexOutbox:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def mark(self, targets: list[IndexTarget]) -> None:
        self.conn.executemany(
            "INSERT INTO index_outbox (key, seq, state) VALUES (?, 1, 'pending') ON CONFLICT (key) DO UPDATE SET "
            "seq = seq + 1, state = 'pending', attempts = 0, not_before = '', error = NULL",
            [(stored_key(target),) for target in targets],
        )

    def claim(self, *, limit: int, now: datetime, lease_seconds: float) -> list[OutboxItem]:
        stamp, lease = now.isoformat(), (now + timedelta(seconds=lease_seconds)).isoformat()
        rows = self.conn.execute(
            "UPDATE index_outbox SET lease_until = ? WHERE key IN (SELECT key FROM index_outbox "
            "WHERE state = 'pending' AND not_before <= ? AND lease_until <= ? ORDER BY not_before, key LIMIT ?) "
            "RETURNING key, seq",
            (lease, stamp, stamp, limit),
        ).fetchall()
        return [OutboxItem(target_of(key), seq) for key, seq in rows]

    def complete(self, item: OutboxItem) -> None:
        key = stored_key(item.target)
        deleted = self.conn.execute("DELETE FROM index_outbox WHERE key = ? AND seq = ?", (key, item.seq))
        if deleted.rowcount == 0:  # changed again while we indexed it: leave it ready for the next pass
            self.conn.execute("UPDATE index_outbox SET lease_until = '' WHERE key = ?", (key,))

    def items(self, targets: list[IndexTarget]) -> list[OutboxItem]:
        keys = [stored_key(target) for target in targets]
        rows = self.conn.execute(
            f"SELECT key, seq FROM index_outbox WHERE key IN ({', '.join('?' * len(keys))})", keys
        )
        return [OutboxItem(target_of(key), seq) for key, seq in rows]

    def attempts(self, items: list[OutboxItem]) -> dict[IndexTarget, int]:
        keys = [stored_key(item.target) for item in items]
        rows = self.conn.execute(
            f"SELECT key, attempts FROM index_outbox WHERE key IN ({', '.join('?' * len(keys))})", keys
        )
        return {target_of(key): attempts for key, attempts in rows}

    def retry_later(self, item: OutboxItem, *, error: str, not_before: datetime, give_up: bool) -> None:
        self.conn.execute(
            "UPDATE index_outbox SET attempts = attempts + 1, error = ?, not_before = ?, lease_until = '', "
            "state = ? WHERE key = ? AND seq = ?",
            (error[:500], not_before.isoformat(), "failed" if give_up else "pending", stored_key(item.target),
             item.seq),
        )

    def counts(self) -> dict[str, int]:
        counts = {"pending": 0, "failed": 0}
        for state, count in self.conn.execute("SELECT state, count(*) FROM index_outbox GROUP BY state"):
            counts[state] = count
        return counts
