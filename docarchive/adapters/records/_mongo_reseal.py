"""Re-encrypting what MongoDB holds (`docarchive keys rotate`): every record, customer, activity entry and
change-log entry not sealed under the current data key is written again, one document at a time and only while it is unchanged
(its version), so a rotation that stops half-way is taken up where it stopped."""

from __future__ import annotations

from typing import Any, Callable

from pymongo import ASCENDING
from pymongo.database import Database

from docarchive.adapters._mongo import from_bson, mongo_errors, to_bson
from docarchive.adapters.records._sealing import Sealing

BATCH = 500
Row = dict[str, Any]


def reseal(db: Database, sealer: Sealing, *, id_number_key: str, dry_run: bool = False) -> dict[str, int]:
    def again(row: Row) -> Row:
        plain = sealer.unseal(from_bson(row))
        if "link_keys" in plain:  # kept as keyed hashes; a record from before held `id:<number>` here
            plain["link_keys"] = sealer.hide_keys(plain["link_keys"])
        if "customer_no" in plain and "archive_no" in plain:  # a customer: found by the hash, not the number
            plain[id_number_key] = sealer.lookup_key(plain.get("id_number"))
        return to_bson(sealer.seal(plain))

    with mongo_errors("re-encrypt the stored personal data"):
        return {what: _collection(db[name], sealer, again, dry_run)
                for what, name in (("documents", "documents"), ("customers", "customers"),
                                         ("activities", "activities"), ("changes", "change_log"))}


def _collection(coll, sealer: Sealing, again: Callable[[Row], Row], dry_run: bool) -> int:
    count, after = 0, None
    while True:
        query = {"_id": {"$gt": after}} if after is not None else {}
        rows = list(coll.find(query, sort=[("_id", ASCENDING)], limit=BATCH))
        for row in rows:
            if sealer.is_current({k: v for k, v in row.items() if k != "_id"}):
                continue
            count += 1
            if not dry_run:
                unchanged = {"_id": row["_id"], **({"version": row["version"]} if "version" in row else {})}
                coll.replace_one(unchanged, again(row))
        if len(rows) < BATCH:
            return count
        after = rows[-1]["_id"]
