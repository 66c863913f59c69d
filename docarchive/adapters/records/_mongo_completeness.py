"""Kept completeness states in MongoDB: buffered with the unit of work's other writes and applied after the
records at commit, so a state never describes records that were not written.

Which customers a unit touched comes from its buffered writes: the customers it wrote, and the owners of
the records it wrote — before (remembered when the update read the stored version) and after.
"""

from __future__ import annotations

from typing import Callable

from pymongo import ASCENDING, ReplaceOne
from pymongo.collection import Collection
from pymongo.errors import BulkWriteError

from docarchive.adapters._mongo import from_bson, mongo_errors, to_bson
from docarchive.domain.completeness import FileOverTime

COLLECTION = "customer_completeness"
INDEXES = [
    ("completeness_counted", [("rules", ASCENDING), ("complete", ASCENDING), ("_id", ASCENDING)], False),
    ("completeness_listed", [("rules", ASCENDING), ("_id", ASCENDING)], False),
]


class MongoCompletenessStates:
    def __init__(self, collection: Collection, check_writable: Callable[[str], None], *,
                 touched: Callable[[], set[str]], inserting: Callable[[str], bool]):
        self._coll = collection
        self._check_writable = check_writable
        self._touched = touched
        self._inserting = inserting  # whether this unit adds the customer: its state is new too
        self._pending: dict[str, dict] = {}

    def take_affected(self) -> set[str]:
        return self._touched()

    def put(self, state: dict, rules: str, over_time: FileOverTime) -> None:
        self._check_writable("keep a completeness state")
        no = state["customer_no"]
        self._pending[no] = {"_id": no, "rules": rules, "complete": bool(state["complete"]), "state": to_bson(state),
                             "opened": over_time.opened,
                             "turns": [{"month": month, "delta": delta} for month, delta in over_time.turns]}

    def current(self, customer_nos: list[str], rules: str) -> set[str]:
        with mongo_errors("read completeness states"):
            rows = self._coll.find({"_id": {"$in": customer_nos}}, {"rules": 1})
            stored = {row["_id"] for row in rows if row["rules"] == rules}
        mine = {no for no, row in self._pending.items() if row["rules"] == rules}
        return (stored | mine) & set(customer_nos)

    def counts(self, rules: str) -> tuple[int, int]:
        with mongo_errors("count completeness states"):
            complete = self._coll.count_documents({"rules": rules, "complete": True})
            incomplete = self._coll.count_documents({"rules": rules, "complete": False})
        return complete, complete + incomplete

    def list(self, rules: str, *, only_incomplete: bool = False, after_no: str | None = None,
             limit: int = 1000) -> list[dict]:
        query = {"rules": rules, "_id": {"$gt": after_no or ""}, **({"complete": False} if only_incomplete else {})}
        with mongo_errors("list completeness states"):
            rows = self._coll.find(query, {"state": 1}, sort=[("_id", ASCENDING)], limit=limit)
            return [from_bson(row["state"]) for row in rows]

    def over_time(self, rules: str) -> tuple[dict[str, int], dict[str, int]]:
        opened = [{"$match": {"rules": rules}}, {"$group": {"_id": "$opened", "n": {"$sum": 1}}}]
        turned = [{"$match": {"rules": rules}}, {"$unwind": "$turns"},
                  {"$group": {"_id": "$turns.month", "n": {"$sum": "$turns.delta"}}}]
        with mongo_errors("read completeness over time"):
            return ({row["_id"] or "": int(row["n"]) for row in self._coll.aggregate(opened)},
                    {row["_id"]: int(row["n"]) for row in self._coll.aggregate(turned)})

    def apply_writes(self) -> None:
        """New customers' states are inserted (FerretDB takes ~7 ms per upsert, even in bulk), the others
        replaced; one round trip each for the whole unit (an import commits thousands)."""
        new = [row for no, row in self._pending.items() if self._inserting(no)]
        replaced = [row for no, row in self._pending.items() if not self._inserting(no)]
        if new:
            try:
                self._coll.insert_many(new, ordered=False)
            except BulkWriteError as error:  # a state left by an earlier attempt at the same customer
                duplicates = {e["op"]["_id"] for e in error.details["writeErrors"] if e["code"] == 11000}
                if len(duplicates) < len(error.details["writeErrors"]):
                    raise
                replaced += [row for row in new if row["_id"] in duplicates]
        if replaced:
            self._coll.bulk_write([ReplaceOne({"_id": row["_id"]}, row, upsert=True) for row in replaced],
                                  ordered=False)

    def discard(self) -> None:
        self._pending = {}
