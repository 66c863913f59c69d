"""The index outbox in MongoDB. With no multi-document transactions, items are written before the change
they announce ("intent first"): a crash between leaves an item for a record that did not change, which the
indexer resolves by sending the record's current state — harmless, where the reverse order could lose one.

The intent is held back from the indexers for `INTENT_SECONDS`, and marked again (a new sequence number) once
the change is written. Without that an indexer could take the item before the change was written, send the
record's old state and complete the item; the writer's own send then found no item to send, and the record
stayed out of the search index for good (found by bench.faults on the scale deployment). A writer killed in
between leaves the item to the indexers when its hold runs out; one slower than that marks it again after."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pymongo import ASCENDING
from pymongo.collection import Collection

from docarchive.adapters._mongo import mongo_errors
from docarchive.adapters.records._outbox_keys import stored_key, target_of
from docarchive.ports.records import IndexTarget, OutboxItem

INTENT_SECONDS = 30.0
INDEXES = [("outbox_ready", [("state", ASCENDING), ("not_before", ASCENDING), ("_id", ASCENDING)], False)]


class MongoIndexOutbox:
    def __init__(self, collection: Collection):
        self._coll = collection
        self._intended: list[IndexTarget] = []  # marked in this unit of work, before its changes are written

    def mark(self, targets: list[IndexTarget]) -> None:
        held = (datetime.now(UTC) + timedelta(seconds=INTENT_SECONDS)).isoformat()
        self._write(targets, lease_until=held)
        self._intended += targets

    def confirm(self) -> None:
        """The unit's changes are written: its items are marked again, free for any indexer."""
        intended, self._intended = self._intended, []
        self._write(intended, lease_until="")

    def discard(self) -> None:
        self._intended = []  # a unit that wrote nothing leaves its items to the indexers once their hold ends

    def _write(self, targets: list[IndexTarget], *, lease_until: str) -> None:
        with mongo_errors("record changes for the search index"):
            for target in targets:
                self._coll.update_one(
                    {"_id": stored_key(target)},
                    {"$inc": {"seq": 1}, "$set": {"state": "pending", "attempts": 0, "not_before": "", "error": None,
                                                  "lease_until": lease_until}},
                    upsert=True,
                )

    def claim(self, *, limit: int, now: datetime, lease_seconds: float) -> list[OutboxItem]:
        stamp, lease = now.isoformat(), (now + timedelta(seconds=lease_seconds)).isoformat()
        ready = {"state": "pending", "not_before": {"$lte": stamp}, "lease_until": {"$lte": stamp}}
        claimed = []
        with mongo_errors("claim search-index work"):
            for row in self._coll.find(ready).sort([("not_before", 1), ("_id", 1)]).limit(limit):
                taken = self._coll.update_one({"_id": row["_id"], "seq": row["seq"], "lease_until": row["lease_until"]},
                                              {"$set": {"lease_until": lease}})
                if taken.modified_count == 1:
                    claimed.append(OutboxItem(target_of(row["_id"]), row["seq"]))
        return claimed

    def complete(self, item: OutboxItem) -> None:
        with mongo_errors("complete search-index work"):
            key = stored_key(item.target)
            if self._coll.delete_one({"_id": key, "seq": item.seq}).deleted_count == 0:
                self._coll.update_one({"_id": key}, {"$set": {"lease_until": ""}})

    def items(self, targets: list[IndexTarget]) -> list[OutboxItem]:
        keys = [stored_key(target) for target in targets]
        with mongo_errors("read search-index work"):
            rows = self._coll.find({"_id": {"$in": keys}}, {"seq": 1})
            return [OutboxItem(target_of(row["_id"]), row["seq"]) for row in rows]

    def attempts(self, items: list[OutboxItem]) -> dict[IndexTarget, int]:
        with mongo_errors("read search-index work"):
            rows = self._coll.find({"_id": {"$in": [stored_key(item.target) for item in items]}}, {"attempts": 1})
            return {target_of(row["_id"]): row.get("attempts", 0) for row in rows}

    def retry_later(self, item: OutboxItem, *, error: str, not_before: datetime, give_up: bool) -> None:
        with mongo_errors("postpone search-index work"):
            self._coll.update_one(
                {"_id": stored_key(item.target), "seq": item.seq},
                {"$inc": {"attempts": 1}, "$set": {"error": error[:500], "not_before": not_before.isoformat(),
                                                   "lease_until": "", "state": "failed" if give_up else "pending"}},
            )

    def counts(self) -> dict[str, int]:
        with mongo_errors("count search-index work"):
            return {state: self._coll.count_documents({"state": state}) for state in ("pending", "failed")}
