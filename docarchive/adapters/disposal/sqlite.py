"""Disposal records in the embedded database: tables in the records database file, each call its own short
transaction. The destruction register refuses UPDATE and DELETE with triggers: no code path, and no casual
SQL session either, changes or removes an entry (the hash chain shows it if someone drops the triggers)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from docarchive.adapters._sqlite_calls import read_rows, write_one
from docarchive.adapters.disposal.codec import from_dict, moment, to_dict
from docarchive.adapters.records._json_text import json_text
from docarchive.adapters.records.sqlite import connect, migrate
from docarchive.domain.disposal import RECYCLED, DestructionList, Hold, Recycled, RegisterEntry
from docarchive.domain.errors import Conflict, NotFound, StaleVersion

MIGRATIONS = [
    """
    CREATE TABLE destruction_lists (id TEXT PRIMARY KEY, state TEXT NOT NULL, drafted_at TEXT NOT NULL,
                                    version INTEGER NOT NULL, body TEXT NOT NULL);
    CREATE INDEX destruction_lists_by_state ON destruction_lists (state, drafted_at);
    CREATE TABLE legal_holds (id TEXT PRIMARY KEY, active INTEGER NOT NULL, placed_at TEXT NOT NULL,
                              version INTEGER NOT NULL, body TEXT NOT NULL);
    CREATE TABLE recycle_area (id TEXT PRIMARY KEY, document_id TEXT NOT NULL, state TEXT NOT NULL,
                               deleted_at TEXT NOT NULL, version INTEGER NOT NULL, body TEXT NOT NULL);
    CREATE UNIQUE INDEX recycle_area_once ON recycle_area (document_id) WHERE state = 'recycled';
    CREATE INDEX recycle_area_by_document ON recycle_area (document_id, deleted_at);
    CREATE TABLE destruction_register (seq INTEGER PRIMARY KEY, body TEXT NOT NULL);
    CREATE TRIGGER destruction_register_no_update BEFORE UPDATE ON destruction_register
        BEGIN SELECT RAISE(ABORT, 'the destruction register is permanent'); END;
    CREATE TRIGGER destruction_register_no_delete BEFORE DELETE ON destruction_register
        BEGIN SELECT RAISE(ABORT, 'the destruction register is permanent'); END;
    """,
]


class SqliteDisposalStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        with closing(connect(self.path)) as conn:
            migrate(conn, MIGRATIONS, component="disposal")

    # destruction lists
    def add_list(self, lst: DestructionList) -> None:
        self._insert("destruction_lists", "id, state, drafted_at, version, body",
                     (lst.id, lst.state, moment(lst.drafted_at), lst.version, _json(lst)), f"list {lst.id}")

    def get_list(self, list_id: str) -> DestructionList:
        rows = read_rows(self.path, "SELECT body FROM destruction_lists WHERE id = ?", (list_id,))
        if not rows:
            raise NotFound(f"no destruction list {list_id}")
        return from_dict(DestructionList, json.loads(rows[0][0]))

    def save_list(self, lst: DestructionList) -> DestructionList:
        saved = _next(lst)
        self._update("UPDATE destruction_lists SET state = ?, version = ?, body = ? WHERE id = ? AND version = ?",
                     (saved.state, saved.version, _json(saved), lst.id, lst.version), f"destruction list {lst.id}")
        return saved

    def lists(self, *, state: str | None = None, limit: int = 100) -> list[DestructionList]:
        where, params = ("WHERE state = ?", (state,)) if state else ("", ())
        rows = read_rows(self.path, f"SELECT body FROM destruction_lists {where} ORDER BY drafted_at DESC, id DESC "
                                    "LIMIT ?", (*params, limit))
        return [from_dict(DestructionList, json.loads(body)) for (body,) in rows]

    # legal holds
    def add_hold(self, hold: Hold) -> None:
        self._insert("legal_holds", "id, active, placed_at, version, body",
                     (hold.id, int(hold.active), moment(hold.placed_at), hold.version, _json(hold)), f"hold {hold.id}")

    def get_hold(self, hold_id: str) -> Hold:
        rows = read_rows(self.path, "SELECT body FROM legal_holds WHERE id = ?", (hold_id,))
        if not rows:
            raise NotFound(f"no legal hold {hold_id}")
        return from_dict(Hold, json.loads(rows[0][0]))

    def save_hold(self, hold: Hold) -> Hold:
        saved = _next(hold)
        self._update("UPDATE legal_holds SET active = ?, version = ?, body = ? WHERE id = ? AND version = ?",
                     (int(saved.active), saved.version, _json(saved), hold.id, hold.version), f"hold {hold.id}")
        return saved

    def holds(self, *, active_only: bool = True, limit: int = 1000) -> list[Hold]:
        where = "WHERE active = 1" if active_only else ""
        rows = read_rows(self.path, f"SELECT body FROM legal_holds {where} ORDER BY placed_at DESC, id DESC LIMIT ?",
                         (limit,))
        return [from_dict(Hold, json.loads(body)) for (body,) in rows]

    # the recycle area
    def add_recycled(self, entry: Recycled) -> None:
        self._insert("recycle_area", "id, document_id, state, deleted_at, version, body",
                     (_recycled_id(entry), entry.document_id, entry.state, moment(entry.deleted_at), entry.version,
                      _json(entry)), f"record {entry.document_id} in the recycle area")

    def get_recycled(self, document_id: str) -> Recycled | None:
        rows = read_rows(self.path, "SELECT body FROM recycle_area WHERE document_id = ? "  # the recycled one first
                                    "ORDER BY state = 'recycled' DESC, deleted_at DESC, rowid DESC LIMIT 1",
                         (document_id,))
        return from_dict(Recycled, json.loads(rows[0][0])) if rows else None

    def save_recycled(self, entry: Recycled) -> Recycled:
        saved = _next(entry)
        self._update("UPDATE recycle_area SET state = ?, version = ?, body = ? WHERE id = ? AND version = ?",
                     (saved.state, saved.version, _json(saved), _recycled_id(entry), entry.version),
                     f"record {entry.document_id} in the recycle area")
        return saved

    def recycled(self, *, state: str | None = RECYCLED, limit: int = 1000) -> list[Recycled]:
        where, params = ("WHERE state = ?", (state,)) if state else ("", ())
        rows = read_rows(self.path, f"SELECT body FROM recycle_area {where} ORDER BY deleted_at DESC LIMIT ?",
                         (*params, limit))
        return [from_dict(Recycled, json.loads(body)) for (body,) in rows]

    # the destruction register
    def append_register(self, entry: RegisterEntry) -> None:
        self._insert("destruction_register", "seq, body", (entry.seq, _json(entry)), f"register entry {entry.seq}")

    def register(self, *, after_seq: int = 0, limit: int = 1000) -> list[RegisterEntry]:
        rows = read_rows(self.path, "SELECT body FROM destruction_register WHERE seq > ? ORDER BY seq LIMIT ?",
                         (after_seq, limit))
        return [from_dict(RegisterEntry, json.loads(body)) for (body,) in rows]

    def last_register_entry(self) -> RegisterEntry | None:
        rows = read_rows(self.path, "SELECT body FROM destruction_register ORDER BY seq DESC LIMIT 1", ())
        return from_dict(RegisterEntry, json.loads(rows[0][0])) if rows else None

    def close(self) -> None:
        pass  # each call opens and closes its own connection

    def _insert(self, table: str, columns: str, values: tuple, what: str) -> None:
        marks = ", ".join("?" * len(values))
        try:
            write_one(self.path, f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)
        except sqlite3.IntegrityError:
            raise Conflict(f"{what} exists already") from None

    def _update(self, sql: str, params: tuple, what: str) -> None:
        if write_one(self.path, sql, params) != 1:
            raise StaleVersion(f"{what} changed meanwhile; read it again")


def _json(record: Any) -> str:
    return json_text(to_dict(record))


def _next(record):
    from dataclasses import replace

    return replace(record, version=record.version + 1)


def _recycled_id(entry: Recycled) -> str:
    return f"{entry.document_id}@{entry.approval_id}"  # one deletion per approval
