"""Activity entries in SQLite: a row per entry, the codec's JSON body plus the columns queries use.

The table has its own migration component ("activities"), so it can grow without touching the records' schema.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from docarchive.adapters.records._sealing import Sealing
from docarchive.adapters.records.codec import activity_from_dict, activity_to_dict
from docarchive.domain.activities import Activity
from docarchive.domain.errors import Conflict

MIGRATIONS = [
    """
    CREATE TABLE activities (
        id TEXT PRIMARY KEY,
        customer_no TEXT NOT NULL,
        kind TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        body TEXT NOT NULL
    );
    CREATE INDEX activities_by_customer ON activities (customer_no, occurred_at);
    CREATE INDEX activities_by_kind ON activities (kind, customer_no, occurred_at)
    """,
]


class SqliteActivityRepository:
    def __init__(self, conn: sqlite3.Connection, sealer: Sealing):
        self.conn = conn
        self.sealer = sealer  # an entry's summary or complaint may quote an ID number
        self._added: dict[str, Activity] = {}

    def add(self, activity: Activity) -> None:
        body = activity_to_dict(activity)
        try:
            self.conn.execute(
                "INSERT INTO activities (id, customer_no, kind, occurred_at, body) VALUES (?, ?, ?, ?, ?)",
                (activity.id, activity.customer_no, activity.kind.value, body["occurred_at"],
                 json.dumps(self.sealer.seal(body), ensure_ascii=False, separators=(",", ":"))),
            )
        except sqlite3.IntegrityError as exc:
            raise Conflict(f"activity {activity.id} already exists") from exc
        self._added[activity.id] = activity

    def find(self, activity_id: str) -> Activity | None:
        found = self._many("SELECT body FROM activities WHERE id = ?", activity_id)
        return found[0] if found else None

    def list(self, customer_no: str, *, kind: str | None = None, limit: int = 1000) -> list[Activity]:
        if kind is None:
            return self._many("SELECT body FROM activities WHERE customer_no = ? ORDER BY occurred_at, id LIMIT ?",
                              customer_no, limit)
        return self._many("SELECT body FROM activities WHERE kind = ? AND customer_no = ? "
                          "ORDER BY occurred_at, id LIMIT ?", kind, customer_no, limit)

    def latest(self, kind: str) -> dict[str, datetime]:
        rows = self.conn.execute(
            "SELECT customer_no, max(occurred_at) FROM activities WHERE kind = ? GROUP BY customer_no", (kind,)
        )
        return {customer_no: datetime.fromisoformat(at) for customer_no, at in rows}

    def scan(self, *, after_id: str | None = None, limit: int = 500) -> list[Activity]:
        return self._many("SELECT body FROM activities WHERE id > ? ORDER BY id LIMIT ?", after_id or "", limit)

    def changed(self) -> list[Activity]:
        return list(self._added.values())

    def forget_changes(self) -> None:
        self._added = {}

    def _many(self, sql: str, *params) -> list[Activity]:
        rows = self.conn.execute(sql, params)
        return [activity_from_dict(json.loads(self.sealer.unseal_text(body))) for (body,) in rows]
