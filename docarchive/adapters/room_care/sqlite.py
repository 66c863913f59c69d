"""The archive-room care log in the embedded database: two tables in the records database file, each call its
own short transaction. Lookups go by (room, time) indexes; the JSON body keeps the rest. Reads go over one
connection per thread, kept open: a room's flags are read on every locate of something in it, and opening a
connection costs more than the lookups themselves (measured: ~3 ms against ~0.1 ms)."""

from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import closing
from datetime import datetime
from pathlib import Path

from docarchive.adapters._sqlite_calls import write_one
from docarchive.adapters.records.sqlite import connect, migrate
from docarchive.adapters.room_care.codec import entry_from_dict, entry_to_dict, moment
from docarchive.domain.errors import Conflict
from docarchive.domain.room_care import Check, ClimateRange, Reading

MIGRATIONS = [
    """
    CREATE TABLE room_readings (id TEXT PRIMARY KEY, room TEXT NOT NULL, at TEXT NOT NULL, body TEXT NOT NULL);
    CREATE INDEX room_readings_by_time ON room_readings (room, at, id);
    CREATE TABLE room_checks (
        id TEXT PRIMARY KEY, room TEXT NOT NULL, kind TEXT NOT NULL, at TEXT NOT NULL, body TEXT NOT NULL
    );
    CREATE INDEX room_checks_by_kind ON room_checks (room, kind, at, id);
    CREATE INDEX room_checks_by_time ON room_checks (room, at, id);
    """,
]


class SqliteRoomCareLog:
    def __init__(self, path: Path):
        self.path = Path(path)
        with closing(connect(self.path)) as conn:
            migrate(conn, MIGRATIONS, component="room_care")
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def add_reading(self, reading: Reading) -> None:
        self._insert("INSERT INTO room_readings VALUES (?, ?, ?, ?)",
                     (reading.id, reading.room, moment(reading.at), _body(reading)), reading.id)

    def add_check(self, check: Check) -> None:
        self._insert("INSERT INTO room_checks VALUES (?, ?, ?, ?, ?)",
                     (check.id, check.room, check.kind, moment(check.at), _body(check)), check.id)

    def readings(self, room: str, *, since: datetime | None = None, until: datetime | None = None,
                 limit: int = 100) -> list[Reading]:
        clauses, params = ["room = ?"], [room]
        if since is not None:
            clauses.append("at >= ?")
            params.append(moment(since))
        if until is not None:
            clauses.append("at < ?")
            params.append(moment(until))
        sql = f"SELECT body FROM room_readings WHERE {' AND '.join(clauses)} ORDER BY at DESC, id DESC LIMIT ?"
        return [entry_from_dict(Reading, json.loads(body)) for (body,) in self._read(sql, (*params, limit))]

    def count_readings(self, room: str, *, since: datetime, until: datetime) -> int:
        sql = "SELECT count(*) FROM room_readings WHERE room = ? AND at >= ? AND at < ?"
        return self._read(sql, (room, moment(since), moment(until)))[0][0]

    def readings_outside(self, room: str, limits: ClimateRange, *, since: datetime, until: datetime,
                         limit: int = 1000) -> list[Reading]:
        (t_low, t_high), (h_low, h_high) = limits.temperature, limits.humidity
        sql = ("SELECT body FROM room_readings WHERE room = ? AND at >= ? AND at < ? AND ("
               "json_extract(body, '$.temperature') NOT BETWEEN ? AND ? OR "
               "json_extract(body, '$.humidity') NOT BETWEEN ? AND ?) ORDER BY at DESC, id DESC LIMIT ?")
        rows = self._read(sql, (room, moment(since), moment(until), t_low, t_high, h_low, h_high, limit))
        return [entry_from_dict(Reading, json.loads(body)) for (body,) in rows]

    def checks(self, room: str, *, kind: str | None = None, limit: int = 100) -> list[Check]:
        where, params = ("room = ? AND kind = ?", (room, kind)) if kind else ("room = ?", (room,))
        sql = f"SELECT body FROM room_checks WHERE {where} ORDER BY at DESC, id DESC LIMIT ?"
        return [entry_from_dict(Check, json.loads(body)) for (body,) in self._read(sql, (*params, limit))]

    def latest_checks(self, room: str) -> dict[str, Check]:
        # One indexed lookup per kind: a window over every check of the room was 30 times slower.
        kinds = [kind for (kind,) in self._read("SELECT DISTINCT kind FROM room_checks WHERE room = ?", (room,))]
        return {kind: self.checks(room, kind=kind, limit=1)[0] for kind in kinds}

    def newest(self, room: str) -> tuple[Reading | None, dict[str, Check]]:
        readings = self.readings(room, limit=1)
        return (readings[0] if readings else None), self.latest_checks(room)

    def close(self) -> None:
        with self._lock:
            for conn in self._opened:
                conn.close()
            self._opened.clear()
        self._local = threading.local()

    def _read(self, sql: str, params: tuple) -> list[tuple]:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = connect(self.path)  # autocommit: each read sees the latest commit
            with self._lock:
                self._opened.append(conn)
        return conn.execute(sql, params).fetchall()

    def _insert(self, sql: str, params: tuple, entry_id: str) -> None:
        try:
            write_one(self.path, sql, params)
        except sqlite3.IntegrityError:
            raise Conflict(f"care log entry {entry_id} exists") from None


def _body(entry: Reading | Check) -> str:
    return json.dumps(entry_to_dict(entry), ensure_ascii=False, separators=(",", ":"))
