"""Activity entries in MongoDB: one document per entry, buffered like every write of a unit of work."""

from __future__ import annotations

from datetime import datetime

from pymongo import ASCENDING
from pymongo.errors import DuplicateKeyError

from docarchive.adapters._mongo import from_bson, to_bson
from docarchive.adapters.records._sealing import Sealing
from docarchive.adapters.records.codec import activity_from_dict, activity_to_dict
from docarchive.adapters.records._mongo_buffer import _BufferedRepository, _equal, _Write
from docarchive.domain.activities import Activity
from docarchive.domain.errors import Conflict

OLDEST_FIRST = [("occurred_at", ASCENDING), ("_id", ASCENDING)]
INDEXES = [
    ("activities_by_customer", [("customer_no", ASCENDING), *OLDEST_FIRST], False),
    ("activities_by_kind", [("kind", ASCENDING), ("customer_no", ASCENDING), *OLDEST_FIRST], False),
]


class MongoActivityRepository(_BufferedRepository):
    def __init__(self, *args, sealer: Sealing, **kwargs):
        super().__init__(*args, **kwargs)
        self.sealer = sealer  # an entry's summary or complaint may quote an ID number

    def add(self, activity: Activity) -> None:
        self._check_writable("add an activity entry")
        if activity.id in self._pending or self._by_id(activity.id) is not None:
            raise Conflict(f"activity {activity.id} already exists")
        record = {"_id": activity.id, **to_bson(self.sealer.seal(activity_to_dict(activity)))}
        self._pending[activity.id] = _Write(record, activity)

    def find(self, activity_id: str) -> Activity | None:
        record = self._by_id(activity_id)
        return self._activity(record) if record else None

    def list(self, customer_no: str, *, kind: str | None = None, limit: int = 1000) -> list[Activity]:
        query = {"customer_no": customer_no} if kind is None else {"kind": kind, "customer_no": customer_no}
        return [self._activity(row) for row in self._query(query, _equal(query), sort=OLDEST_FIRST, limit=limit)]

    def latest(self, kind: str) -> dict[str, datetime]:
        query = {"kind": kind}
        newest: dict[str, str] = {}
        rows = self._query(query, _equal(query), sort=[("customer_no", ASCENDING), *OLDEST_FIRST])
        for row in rows:  # oldest first: the last one seen per customer is its newest
            newest[row["customer_no"]] = row["occurred_at"]
        return {customer_no: datetime.fromisoformat(at) for customer_no, at in newest.items()}

    def scan(self, *, after_id: str | None = None, limit: int = 500) -> list[Activity]:
        return [self._activity(row) for row in self._scan(after_id, limit)]

    def _apply(self, write: _Write) -> None:
        try:
            self._coll.insert_one(write.record)
        except DuplicateKeyError as exc:
            raise Conflict(f"activity {write.record['_id']} already exists") from exc


    def _activity(self, record: dict) -> Activity:
        return activity_from_dict(self.sealer.unseal(from_bson(record)))
