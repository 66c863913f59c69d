"""Statistics on MongoDB: one $group aggregation per grouping, computed by the server.

FerretDB v1 has $group but no string operators ($substr…), so the creation month is stored with each
customer record (`created_month`, written by the record store) rather than derived in the pipeline.
"""

from __future__ import annotations

from pymongo.database import Database

from docarchive.adapters._mongo import mongo_errors

CUSTOMER_PATHS = {
    "grade": "profile.grade",
    "industry": "profile.industry",
    "province": "profile.region.province",
    "type": "profile.type",
    "status": "profile.status",
    "role": "profile.role",
}
MONTH_FIELD = "created_month"


class MongoStatistics:
    def __init__(self, db: Database):
        self.db = db

    def customers_by(self, grouping: str) -> dict[str | None, int]:
        return self._grouped("customers", CUSTOMER_PATHS[grouping])

    def customers_by_month(self) -> dict[str, int]:
        return {month: n for month, n in self._grouped("customers", MONTH_FIELD).items() if month}

    def documents_by_category(self) -> dict[str | None, int]:
        return self._grouped("documents", "category")

    def _grouped(self, collection: str, path: str) -> dict:
        pipeline = [{"$group": {"_id": f"${path}", "n": {"$sum": 1}}}]
        with mongo_errors(f"count {collection} by {path}"):
            return {row["_id"]: int(row["n"]) for row in self.db[collection].aggregate(pipeline)}
