"""What completeness and the paper reports read of every record, from MongoDB with a projection: titles and
page numbers, no text.

`scan` and `unfiled` are for read-only reports: committed records only. `items_of` also sees the unit's buffered writes, for
completeness kept at commit."""

from __future__ import annotations

from itertools import islice

from pymongo import ASCENDING
from pymongo.collection import Collection

from docarchive.adapters._mongo import mongo_errors
from docarchive.domain.completeness import FiledItem, filed_month

_FIELDS = {"customer_no": 1, "doc_type": 1, "title": 1, "pages.n": 1, "created_at": 1, "link.at": 1}
# A record set apart or erased (Document.disposal) no longer completes its customer's file, nor counts in the
# statistics over time; older records have no such field (null matches a missing field).
PRESENT = {"disposal": {"$in": ["", None]}}
_BATCH = 1000  # ids read before asking the filing index about them


class MongoFilingSummaries:
    def __init__(self, collection: Collection, *, volumes, documents, customers):
        self._coll = collection
        self._volumes = volumes  # the unit's volume repository, for its record → volume index
        self._documents, self._customers = documents, customers  # the unit's repositories, for their buffers

    def scan(self, *, after_id: str | None = None, limit: int = 5000) -> list[tuple[str, FiledItem]]:
        with mongo_errors("read the records' filing"):
            rows = list(self._coll.find({"_id": {"$gt": after_id or ""}, **PRESENT}, _FIELDS, sort=[("_id", ASCENDING)],
                                        limit=limit))
        return [(row.get("customer_no"), _item(row)) for row in rows]

    def items_of(self, customer_nos: list[str]) -> dict[str, list[FiledItem]]:
        mine = self._documents.pending_records()
        # A customer this unit adds has no stored records yet (customers are written first): no query for it.
        stored_for = [no for no in customer_nos if not self._customers.inserting(no)]
        rows = []
        if stored_for:
            with mongo_errors("read the filing of customers"):
                rows = [row for row in self._coll.find({"customer_no": {"$in": stored_for}, **PRESENT}, _FIELDS)
                        if row["_id"] not in mine]
        items: dict[str, list[FiledItem]] = {no: [] for no in customer_nos}
        for row in sorted(rows + list(mine.values()), key=lambda row: row["_id"]):
            if row.get("customer_no") in items and not row.get("disposal"):
                items[row["customer_no"]].append(_item(row))
        return items

    def unfiled(self, *, limit: int) -> tuple[int, list[str]]:
        # Ids only, a batch at a time against the filing index: FerretDB v1 has no $lookup to join them.
        count, first = 0, []
        with mongo_errors("find the records no volume holds"):
            ids = (row["_id"] for row in self._coll.find(PRESENT, {"_id": 1}, sort=[("_id", ASCENDING)]))
            while batch := list(islice(ids, _BATCH)):
                filed = self._volumes.filed_in(batch)
                unfiled = [document_id for document_id in batch if document_id not in filed]
                count += len(unfiled)
                first += unfiled[: limit - len(first)]
        return count, first


def _item(row: dict) -> FiledItem:
    link = row.get("link")
    return FiledItem(row["_id"], row["doc_type"], row.get("title") or "", len(row.get("pages") or []),
                     filed_month(row.get("created_at"), link.get("at") if isinstance(link, dict) else None))
