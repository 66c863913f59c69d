"""The audit log on MongoDB: one collection, each event a document keyed by `_id` = its seq.

How appends stay one chain under concurrent writers, with no transactions (FerretDB has none) and no trust in
conditional updates (FerretDB v1 applies them by read-then-write, so two racers can both "win"): an event is
inserted at `_id` = head + 1 with the head's hash as its prev_hash, and the unique `_id` lets exactly one of
racing writers have each seq — a unique-key insert is atomic on every MongoDB-wire server. The loser reads
the event that beat it and tries the next seq. Seqs stay dense, since an event is only ever inserted right
after one that exists, so the newest event is found by `_id` lookups alone (exponential probe, then binary
search), the one kind of lookup FerretDB v1 answers from an index; each writer also remembers the head it
last saw, so an append costs one insert when no one else wrote meanwhile.

Auditors' filters (user, customer, action, time) have indexes for MongoDB; FerretDB v1 scans for them,
which is acceptable for the occasional audit query.
"""

from __future__ import annotations

import threading
from typing import Any, Iterator

from pymongo import ASCENDING, DESCENDING
from pymongo.collection import Collection
from pymongo.errors import DuplicateKeyError

from docarchive.adapters._mongo import connect, from_bson, mongo_errors, to_bson
from docarchive.domain.audit import AuditEvent, AuditFilter, seal

COLLECTION = "audit_events"
INDEXES = [
    ("audit_by_user", [("user", ASCENDING), ("_id", DESCENDING)]),
    ("audit_by_customer", [("customer_no", ASCENDING), ("_id", DESCENDING)]),
    ("audit_by_document", [("document_id", ASCENDING), ("_id", DESCENDING)]),
    ("audit_by_action", [("action", ASCENDING), ("_id", DESCENDING)]),
    ("audit_by_time", [("at", ASCENDING)]),
]
SCAN_BATCH = 1000


class MongoAuditLog:
    def __init__(self, url: str, *, database: str = "docarchive"):
        self.client, db = connect(url, database)
        self._events: Collection = db[COLLECTION]
        self._lock = threading.Lock()
        self._head: AuditEvent | None = None  # the newest event this writer has seen
        try:
            with mongo_errors("create the audit indexes"):
                for name, keys in INDEXES:
                    self._events.create_index(keys, name=name)
        except BaseException:
            self.client.close()
            raise

    def append(self, event: AuditEvent) -> AuditEvent:
        with self._lock, mongo_errors("append an audit event"):
            head = self._head or self._newest_from(None)
            while True:
                sealed = seal(event, after=head)
                try:
                    self._events.insert_one(_document(sealed))
                except DuplicateKeyError:  # another writer took this seq: chain after its event instead
                    head = self._newest_from(head)
                    continue
                self._head = sealed
                return sealed

    def append_many(self, events: list[AuditEvent]) -> list[AuditEvent]:
        """One insert each: no transaction to share, and an uncontended append is one round trip already."""
        return [self.append(event) for event in events]

    def list(self, where: AuditFilter = AuditFilter(), *, limit: int = 50, offset: int = 0) -> list[AuditEvent]:
        with mongo_errors("list audit events"):
            rows = self._events.find(_query(where), sort=[("_id", DESCENDING)], skip=offset, limit=limit)
            return [_event(row) for row in rows]

    def count(self, where: AuditFilter = AuditFilter()) -> int:
        with mongo_errors("count audit events"):
            return self._events.count_documents(_query(where))

    def scan(self) -> Iterator[AuditEvent]:
        last = 0
        while True:
            with mongo_errors("read the audit log"):
                rows = list(self._events.find({"_id": {"$gt": last}}, sort=[("_id", ASCENDING)], limit=SCAN_BATCH))
            yield from (_event(row) for row in rows)
            if len(rows) < SCAN_BATCH:
                return
            last = rows[-1]["_id"]

    def close(self) -> None:
        self.client.close()

    def _newest_from(self, known: AuditEvent | None) -> AuditEvent | None:
        """The newest stored event, searching from one known to exist (None: from the start)."""
        low = known.seq if known else 0  # stored (or 0)
        step = 1
        while self._exists(low + step):
            low, step = low + step, step * 2
        high = low + step  # not stored; everything between low and high is found by halving
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if self._exists(middle) else (low, middle)
        if known and low == known.seq:
            return known
        return _event(self._events.find_one({"_id": low})) if low else None

    def _exists(self, seq: int) -> bool:
        return self._events.find_one({"_id": seq}, {"_id": 1}) is not None


def _query(where: AuditFilter) -> dict[str, Any]:
    query: dict[str, Any] = {name: getattr(where, name) for name in ("user", "customer_no", "document_id", "action")
                             if getattr(where, name) is not None}
    at = {op: value for op, value in (("$gte", where.since), ("$lt", where.until)) if value is not None}
    return query | ({"at": at} if at else {})


def _document(event: AuditEvent) -> dict[str, Any]:
    body = event.body()
    body["_id"] = body.pop("seq")
    return {**body, "detail": to_bson(event.detail), "prev_hash": event.prev_hash, "hash": event.hash}


def _event(row: dict[str, Any]) -> AuditEvent:
    values = {name: row.get(name) for name in AuditEvent.__dataclass_fields__ if name not in ("seq", "detail")}
    return AuditEvent(**values, seq=row["_id"], detail=from_bson(row.get("detail") or {}))
