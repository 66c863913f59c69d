"""What completeness reads of every record, from MongoDB with a projection: titles and page numbers, no text.

Read-only reports use it, so it reads committed records only (a unit of work's buffered writes are not seen)."""

from __future__ import annotations

from pymongo import ASCENDING
from pymongo.collection import Collection

from docarchive.adapters._mongo import mongo_errors
from docarchive.domain.completeness import FiledItem

_FIELDS = {"customer_no": 1, "doc_type": 1, "title": 1, "pages.n": 1}


class MongoFilingSummaries:
    def __init__(self, documents: Collection):
        self._coll = documents

    def scan(self, *, after_id: str | None = None, limit: int = 5000) -> list[tuple[str, FiledItem]]:
        with mongo_errors("read the records' filing"):
            rows = list(self._coll.find({"_id": {"$gt": after_id or ""}}, _FIELDS, sort=[("_id", ASCENDING)],
                                        limit=limit))
        return [(row.get("customer_no"), FiledItem(row["_id"], row["doc_type"], row.get("title") or "",
                                                   len(row.get("pages") or [])))
                for row in rows]
