"""Archive number → customer number keys, keyed by `_id` like document_hashes: the uniqueness check of every
new customer is then two `_id` lookups, which FerretDB v1 answers without decoding every stored customer (a
filter on archive_no scans there; real MongoDB would use the unique index either way)."""

from __future__ import annotations

from pymongo.collection import Collection
from pymongo.errors import DuplicateKeyError

from docarchive.adapters._mongo import mongo_errors
from docarchive.domain.errors import Conflict


class ArchiveNumberKeys:
    def __init__(self, keys: Collection, customers: Collection):
        self._keys = keys
        self._customers = customers

    def holder(self, archive_no: str) -> str | None:
        """The customer holding the archive number. A key whose customer was never written (its writer died
        between the two inserts) holds nothing; customers stored before the keys existed are caught at
        commit by the unique index on archive_no."""
        with mongo_errors("look up an archive number"):
            key = self._keys.find_one({"_id": archive_no})
            holder = key and self._customers.find_one({"_id": key["customer_no"]}, {"archive_no": 1})
        return key["customer_no"] if holder and holder.get("archive_no") == archive_no else None

    def claim(self, customer_no: str, archive_no: str) -> None:
        """Before the customer is inserted; raise Conflict when another customer holds the number."""
        key = {"_id": archive_no, "customer_no": customer_no}
        try:
            self._keys.insert_one(key)
        except DuplicateKeyError:
            holder = self.holder(archive_no)
            if holder is not None and holder != customer_no:
                raise Conflict(f"archive number {archive_no} is taken by customer {holder}") from None
            self._keys.replace_one({"_id": archive_no}, key)
