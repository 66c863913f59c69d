"""The change log on MongoDB: buffered with the unit of work and written at its commit, after the changes.

Keyed by `_id` = kind, key and a time-ordered suffix: one entity's entries are an `_id` range, the one kind
of lookup FerretDB v1 answers from an index, and they sort newest first by `_id` alone.
"""

from __future__ import annotations

import itertools
import time
from datetime import datetime
from typing import Any, Callable

from pymongo import DESCENDING
from pymongo.collection import Collection

from docarchive.adapters._mongo import from_bson, mongo_errors, to_bson
from docarchive.adapters.records._sealing import Sealing
from docarchive.domain.history import ChangeEntry

_SEPARATOR = "\x1f"  # cannot appear in a kind or key a person types, so one entity's range holds only its own
_TIEBREAK = itertools.count()


class MongoHistoryLog:
    def __init__(self, collection: Collection, check_writable: Callable[[str], None], sealer: Sealing):
        self._coll = collection
        self._sealer = sealer  # a change's before and after may be ID numbers: encrypted like the records
        self._check_writable = check_writable
        self._pending: list[dict[str, Any]] = []

    def append(self, entry: ChangeEntry) -> None:
        self._check_writable("append to the change log")
        suffix = f"{time.time_ns():020d}{next(_TIEBREAK) % 10**6:06d}"
        self._pending.append({"_id": _prefix(entry.kind, entry.key) + suffix, **_record(entry, self._sealer)})

    def list(self, kind: str, key: str, *, limit: int = 100, offset: int = 0) -> list[ChangeEntry]:
        mine = [row for row in reversed(self._pending) if (row["kind"], row["key"]) == (kind, key)]
        prefix = _prefix(kind, key)
        query = {"_id": {"$gte": prefix, "$lt": prefix[:-1] + chr(ord(_SEPARATOR) + 1)}, "kind": kind, "key": key}
        with mongo_errors("read the change log"):
            stored = list(self._coll.find(query, sort=[("_id", DESCENDING)], limit=offset + limit))
        return [_entry(row, self._sealer) for row in (mine + stored)[offset : offset + limit]]

    def apply_writes(self) -> None:
        if self._pending:
            self._coll.insert_many(self._pending, ordered=True)

    def discard(self) -> None:
        self._pending = []


def _prefix(kind: str, key: str) -> str:
    return f"{kind}{_SEPARATOR}{key}{_SEPARATOR}"


def _record(entry: ChangeEntry, sealer: Sealing) -> dict[str, Any]:
    # Changes as [field, before, after] rows: field names need not be valid MongoDB keys.
    rows = [[field, *values] for field, values in entry.changes.items()]
    return {"kind": entry.kind, "key": entry.key, "at": entry.at.isoformat(), "user": entry.user,
            "reason": sealer.seal_text(entry.reason), "changes": to_bson(sealer.seal(rows))}


def _entry(row: dict[str, Any], sealer: Sealing) -> ChangeEntry:
    changes = {field: [before, after] for field, before, after in sealer.unseal(from_bson(row["changes"]))}
    return ChangeEntry(row["kind"], row["key"], datetime.fromisoformat(row["at"]), row["user"],
                       sealer.unseal_text(row["reason"]), changes)
