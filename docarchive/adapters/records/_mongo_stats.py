"""Statistics on MongoDB: one $group aggregation per grouping, computed by the server.

FerretDB v1 has $group but no string or array operators ($substr, $size…), so the creation month is stored
with each customer record (`created_month`) and the day of arrival with the category and the page count with each record
(`day_category`, `page_count`), written by the record store, rather than derived in the pipeline.
"""

from __future__ import annotations

import json

from pymongo import UpdateOne
from pymongo.database import Database

from docarchive.adapters._mongo import mongo_errors
from docarchive.adapters.records._mongo_filing import PRESENT

CUSTOMER_PATHS = {
    "grade": "profile.grade",
    "industry": "profile.industry",
    "province": "profile.region.province",
    "type": "profile.type",
    "status": "profile.status",
    "role": "profile.role",
}
MONTH_FIELD = "created_month"
# The day of arrival with the category as one JSON array, since FerretDB sums nothing under a compound group key.
DAY_FIELD, PAGES_FIELD = "day_category", "page_count"
_MARKS = "schema_marks"  # one document per one-off data upgrade done: {"_id": name}
_STAT_FIELDS_MARK = "documents_have_day_category_and_page_count"


def stat_fields(data: dict) -> dict:
    """What a record keeps for statistics beside its body (`data`: the codec's document shape)."""
    key = [(data.get("created_at") or "")[:10], data.get("category") or ""]
    return {DAY_FIELD: json.dumps(key, ensure_ascii=False), PAGES_FIELD: len(data.get("pages") or ())}


def add_stat_fields(db: Database) -> None:
    """Records written before the fields existed get them, once per database (a marker says it was done)."""
    if db[_MARKS].find_one({"_id": _STAT_FIELDS_MARK}) is not None:
        return
    documents = db["documents"]
    missing = documents.find({DAY_FIELD: {"$exists": False}}, {"created_at": 1, "category": 1, "pages.n": 1})
    batch = []
    for row in missing:
        batch.append(UpdateOne({"_id": row["_id"]}, {"$set": stat_fields(row)}))
        if len(batch) == 1000:
            documents.bulk_write(batch, ordered=False)
            batch = []
    if batch:
        documents.bulk_write(batch, ordered=False)
    db[_MARKS].update_one({"_id": _STAT_FIELDS_MARK}, {"$set": {"done": True}}, upsert=True)


class MongoStatistics:
    def __init__(self, db: Database):
        self.db = db

    def customers_by(self, grouping: str) -> dict[str | None, int]:
        return self._grouped("customers", CUSTOMER_PATHS[grouping])

    def customers_by_month(self) -> dict[str, int]:
        return {month: n for month, n in self._grouped("customers", MONTH_FIELD).items() if month}

    def documents_by_category(self) -> dict[str | None, int]:
        return self._grouped("documents", "category")

    def documents_by_day(self) -> dict[tuple[str, str], tuple[int, int]]:
        # Two pipelines: FerretDB v1 fills only the first of several accumulators in one $group.
        records, pages = self._summed_by_day(1), self._summed_by_day(f"${PAGES_FIELD}")
        # A record without the field (written by an older version after add_stat_fields ran) counts on no day.
        return {tuple(json.loads(key)) if key else ("", ""): (n, pages.get(key, 0)) for key, n in records.items()}

    def _summed_by_day(self, amount: int | str) -> dict[str, int]:
        pipeline = [{"$match": PRESENT}, {"$group": {"_id": f"${DAY_FIELD}", "n": {"$sum": amount}}}]
        with mongo_errors("count records by day"):
            return {row["_id"]: int(row["n"]) for row in self.db["documents"].aggregate(pipeline)}

    def _grouped(self, collection: str, path: str) -> dict:
        pipeline = [{"$group": {"_id": f"${path}", "n": {"$sum": 1}}}]
        with mongo_errors(f"count {collection} by {path}"):
            return {row["_id"]: int(row["n"]) for row in self.db[collection].aggregate(pipeline)}
