"""The audit log in SQLite: a table in the records database, appended in a short write transaction of its own.

Its own transaction, not the caller's unit of work: most events are reads (searches, views), which have no
write transaction to join, and a change is audited only once its unit of work has committed, so the trail
never claims a change that did not happen (the change log, written with the change, keeps its detail).
BEGIN IMMEDIATE takes the database's write lock before the newest event is read, so writers in any thread
or process append one after another and each event chains to the one before it. Triggers refuse UPDATE and
DELETE, a guard against mistakes and casual edits; someone with the file can still drop them, which is what
the hash chain and `docarchive audit verify` are for.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, Iterator

from docarchive.adapters.records.sqlite import connect, migrate
from docarchive.domain.audit import AuditEvent, AuditFilter, seal
from docarchive.domain.errors import BackendUnavailable

MIGRATIONS = [
    """
    CREATE TABLE audit_events (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        action TEXT NOT NULL,
        source TEXT NOT NULL,
        outcome TEXT NOT NULL,
        customer_no TEXT,
        document_id TEXT,
        subject TEXT,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE INDEX audit_events_by_user ON audit_events (user, seq);
    CREATE INDEX audit_events_by_customer ON audit_events (customer_no, seq);
    CREATE INDEX audit_events_by_document ON audit_events (document_id, seq);
    CREATE INDEX audit_events_by_action ON audit_events (action, seq);
    CREATE INDEX audit_events_by_time ON audit_events (at);
    CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
    CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
    """,
]

COLUMNS = ("seq", "at", "user", "action", "source", "outcome", "customer_no", "document_id", "subject", "detail",
           "prev_hash", "hash")
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM audit_events"
_INSERT = f"INSERT INTO audit_events ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
SCAN_BATCH = 1000


class SqliteAuditLog:
    def __init__(self, path: Path):
        self.path = Path(path)
        with closing(connect(self.path)) as conn:
            migrate(conn, MIGRATIONS, component="audit")
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._pid = os.getpid()

    def append(self, event: AuditEvent) -> AuditEvent:
        return self.append_many([event])[0]

    def append_many(self, events: list[AuditEvent]) -> list[AuditEvent]:
        with self._lock, _sqlite_errors("append audit events"):
            conn = self._connection()
            conn.execute("BEGIN IMMEDIATE")
            try:
                head = conn.execute(f"{_SELECT} ORDER BY seq DESC LIMIT 1").fetchone()
                sealed = _sealed_after(_event(head) if head else None, events)
                conn.executemany(_INSERT, [_row(event) for event in sealed])
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return sealed

    def list(self, where: AuditFilter = AuditFilter(), *, limit: int = 50, offset: int = 0) -> list[AuditEvent]:
        clause, params = _where(where)
        with _reading(self.path, "list audit events") as conn:
            rows = conn.execute(f"{_SELECT}{clause} ORDER BY seq DESC LIMIT ? OFFSET ?", (*params, limit, offset))
            return [_event(row) for row in rows]

    def count(self, where: AuditFilter = AuditFilter()) -> int:
        clause, params = _where(where)
        with _reading(self.path, "count audit events") as conn:
            return int(conn.execute(f"SELECT COUNT(*) FROM audit_events{clause}", params).fetchone()[0])

    def scan(self) -> Iterator[AuditEvent]:
        last = None
        while True:
            with _reading(self.path, "read the audit log") as conn:
                after = "" if last is None else " WHERE seq > ?"
                rows = conn.execute(f"{_SELECT}{after} ORDER BY seq LIMIT ?",
                                    (SCAN_BATCH,) if last is None else (last, SCAN_BATCH)).fetchall()
            yield from (_event(row) for row in rows)
            if len(rows) < SCAN_BATCH:
                return
            last = rows[-1][0]

    def close(self) -> None:
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None

    def _connection(self) -> sqlite3.Connection:
        """The writer's connection, kept open: opening one costs more than the append itself."""
        if self._conn is None or self._pid != os.getpid():  # a forked child must not share its parent's
            self._conn, self._pid = connect(self.path), os.getpid()
        return self._conn

@contextmanager
def _sqlite_errors(action: str) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        raise BackendUnavailable(f"cannot {action}: {exc}") from exc


@contextmanager
def _reading(path: Path, action: str) -> Iterator[sqlite3.Connection]:
    """A connection for one read, closed after it."""
    with _sqlite_errors(action), closing(connect(path)) as conn:
        yield conn


def _sealed_after(head: AuditEvent | None, events: list[AuditEvent]) -> list[AuditEvent]:
    sealed = []
    for event in events:
        head = seal(event, after=head)
        sealed.append(head)
    return sealed


def _where(where: AuditFilter) -> tuple[str, list[Any]]:
    parts, params = [], []
    for column in ("user", "customer_no", "document_id", "action"):
        if getattr(where, column) is not None:
            parts.append(f"{column} = ?")
            params.append(getattr(where, column))
    if where.since is not None:
        parts.append("at >= ?")
        params.append(where.since)
    if where.until is not None:
        parts.append("at < ?")
        params.append(where.until)
    return (" WHERE " + " AND ".join(parts) if parts else ""), params


def _row(event: AuditEvent) -> tuple[Any, ...]:
    values = {**event.body(), "prev_hash": event.prev_hash, "hash": event.hash}
    values["detail"] = json.dumps(event.detail, ensure_ascii=False, sort_keys=True)
    return tuple(values[column] for column in COLUMNS)


def _event(row: tuple[Any, ...]) -> AuditEvent:
    values = dict(zip(COLUMNS, row))
    values["detail"] = json.loads(values["detail"])
    return AuditEvent(**values)
