"""Approval requests in the embedded database: a table in the records database file, each call its own short
transaction. The columns a lookup filters on sit beside the JSON body; live grants are found through an
index on (requester, until) over approved requests only."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from docarchive.adapters._sqlite_calls import Readers, write_one
from docarchive.adapters.approvals.codec import moment, request_from_dict, request_to_dict
from docarchive.adapters.records.sqlite import connect, migrate
from docarchive.domain.approvals import PENDING, Request
from docarchive.domain.errors import Conflict, NotFound
from docarchive.ports.approvals import RequestFilter

MIGRATIONS = [
    """
    CREATE TABLE approval_requests (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL, requested_by TEXT NOT NULL,
        department TEXT NOT NULL, requested_at TEXT NOT NULL, until TEXT, body TEXT NOT NULL
    );
    CREATE INDEX approval_requests_live ON approval_requests (requested_by, until) WHERE state = 'approved';
    CREATE INDEX approval_requests_by_requester ON approval_requests (requested_by, requested_at);
    CREATE INDEX approval_requests_by_state ON approval_requests (state, requested_at);
    """,
]
_COLUMNS = "id, kind, state, requested_by, department, requested_at, until, body"
# The state is written out, not a parameter: only then may SQLite use the partial index.
LIVE = "SELECT body FROM approval_requests WHERE requested_by = ? AND until > ? AND state = 'approved'"


class SqliteApprovalStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._readers = Readers(self.path)
        with closing(connect(self.path)) as conn:
            migrate(conn, MIGRATIONS, component="approvals")

    def add(self, request: Request) -> None:
        try:
            self._write(f"INSERT INTO approval_requests ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", _row(request))
        except sqlite3.IntegrityError:
            raise Conflict(f"request {request.id} exists") from None

    def get(self, request_id: str) -> Request:
        rows = self._read("SELECT body FROM approval_requests WHERE id = ?", (request_id,))
        if not rows:
            raise NotFound(f"no approval request {request_id}")
        return request_from_dict(json.loads(rows[0][0]))

    def decide(self, request: Request) -> None:
        _id, _kind, state, *_rest, until, body = _row(request)
        changed = self._write("UPDATE approval_requests SET state = ?, until = ?, body = ? WHERE id = ? AND state = ?",
                              (state, until, body, request.id, PENDING))
        if changed != 1:
            raise Conflict(f"request {request.id} was decided meanwhile")

    def list(self, where: RequestFilter = RequestFilter(), *, limit: int = 100) -> list[Request]:
        clauses, params = _where(where)
        sql = (f"SELECT body FROM approval_requests {clauses} ORDER BY requested_at DESC, id DESC LIMIT ?")
        return [request_from_dict(json.loads(body)) for (body,) in self._read(sql, (*params, limit))]

    def approved_until_after(self, user: str, now: datetime) -> list[Request]:
        return [request_from_dict(json.loads(body)) for (body,) in self._read(LIVE, (user, moment(now)))]

    def close(self) -> None:
        self._readers.close()  # each write opens and closes its own connection

    def _read(self, sql: str, params: tuple) -> list[tuple]:
        return self._readers.rows(sql, params)

    def _write(self, sql: str, params: tuple) -> int:
        return write_one(self.path, sql, params)


def _row(request: Request) -> tuple:
    data = request_to_dict(request)
    return (request.id, request.kind, request.state, request.requested_by, request.department,
            data["requested_at"], data["until"], json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _where(where: RequestFilter) -> tuple[str, list]:
    clauses, params = [], []
    for column in ("state", "department", "requested_by"):
        if getattr(where, column) is not None:
            clauses.append(f"{column} = ?")
            params.append(getattr(where, column))
    if where.kinds is not None:
        clauses.append(f"kind IN ({', '.join('?' * len(where.kinds))})" if where.kinds else "0")
        params.extend(where.kinds)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
