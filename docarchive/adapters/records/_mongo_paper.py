"""The paper archive in MongoDB. Like the records, writes are buffered in the unit of work and applied at
commit, one single-document write each. Every lookup a locate makes (record → volume → box → location) is by
`_id`, the only lookup FerretDB v1 answers without a scan; the record → volume filing index and the move
history are `_id`-keyed collections for the same reason.

Commit order: locations, boxes, volumes (each preceded by claiming the filing-index entries of the records
it gains, and followed by the rest of its entries), then history. A failure part-way leaves entries that lag
or lead their volume; locate checks the volume's items, so a stale entry is reported as such, never shown as
a filing, and the next filing of that record takes it over.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any, Callable, Iterator

from pymongo import ASCENDING, DESCENDING
from pymongo.collection import Collection
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from docarchive.adapters._mongo import from_bson, mongo_errors, to_bson
from docarchive.adapters.records._paper_codec import (
    box_from_dict, box_to_dict, location_from_dict, location_to_dict, move_from_dict, move_to_dict, stamp,
    volume_from_dict, volume_to_dict,
)
from docarchive.adapters.records._paper_keys import GetOrNotFound, history_key, history_range, path_range
from docarchive.adapters.records._mongo_buffer import BY_ID, Row, _BufferedRepository, _Write
from docarchive.domain.errors import Conflict, StaleVersion
from docarchive.domain.paper.model import Box, ItemAgainstRecord, Location, Move, Volume

CLAIM_TAKEOVER_SECONDS = 60.0
BY_PATH = [("path", ASCENDING)]
NEWEST_KEY_FIRST = [("_id", DESCENDING)]
_ITEM_BATCH = 500  # volumes per read when checking items against records

INDEXES: dict[str, list[tuple[str, list[tuple[str, int]], bool]]] = {
    "paper_locations": [
        ("paper_locations_path", BY_PATH, True),
        ("paper_locations_by_parent", [("parent_code", ASCENDING), ("path", ASCENDING)], False),
    ],
    "paper_boxes": [("paper_boxes_by_location", [("location_code", ASCENDING), ("_id", ASCENDING)], False)],
    "paper_volumes": [
        ("paper_volumes_by_box", [("box_code", ASCENDING), ("_id", ASCENDING)], False),
        ("paper_volumes_by_customer", [("customer_no", ASCENDING), ("_id", ASCENDING)], False),
    ],
}


def create_paper_indexes(db: Database) -> None:
    with mongo_errors("create the paper-archive indexes"):
        for collection, indexes in INDEXES.items():
            for name, keys, unique in indexes:
                db[collection].create_index(keys, name=name, unique=unique)


def mongo_paper_repositories(db: Database, check_writable: Callable[[str], None]) -> tuple[Any, Any, Any, Any]:
    """locations, boxes, volumes, paper_history, in the order their writes are applied at commit."""
    claims = db["claims"]
    return (MongoLocationRepository(db["paper_locations"], check_writable, claims=claims),
            MongoBoxRepository(db["paper_boxes"], check_writable, claims=claims),
            MongoVolumeRepository(db["paper_volumes"], check_writable, claims=claims, filings=db["paper_filings"],
                                  documents=db["documents"]),
            MongoPaperHistory(db["paper_history"], check_writable))


class _MongoPaperRepository(GetOrNotFound, _BufferedRepository):
    noun = ""
    encode: Callable[[Any], dict]
    decode: Callable[[dict], Any]

    def __init__(self, collection: Collection, check_writable: Callable[[str], None], *, claims: Collection):
        super().__init__(collection, check_writable, claims=claims)

    def find(self, key: str):
        record = self._by_id(key)
        return self._decode(record) if record else None

    def find_many(self, keys: list[str]) -> dict[str, Any]:
        found = {key: self._pending[key].record for key in keys if key in self._pending}
        missing = [key for key in keys if key not in found]
        for start in range(0, len(missing), 1000):
            found |= {row["_id"]: row for row in self._fetch({"_id": {"$in": missing[start:start + 1000]}}, None, 0, None)}
        return {key: self._decode(row) for key, row in found.items()}

    def _buffer_add(self, key: str, obj: Any) -> None:
        self._check_writable(f"add a {self.noun}")
        if key in self._pending or self._by_id(key) is not None:
            raise Conflict(f"{self.noun} {key} exists")
        self._pending[key] = _Write(self._record(key, obj), obj)

    def _buffer_change(self, key: str, obj: Any) -> None:
        self._buffer_update(key, obj, lambda changed: self._record(key, changed), f"{self.noun} {key}")

    def _apply(self, write: _Write) -> None:
        record = write.record
        try:
            if write.expected_version is None:
                self._coll.insert_one(record)
            elif not self._replace_if_unchanged(record, write.expected_version):
                write.changed.version = write.expected_version
                raise StaleVersion(f"{self.noun} {record['_id']} was changed by someone else; reload and retry")
        except DuplicateKeyError as exc:
            raise Conflict(f"{self.noun} {record['_id']} exists") from exc

    def _record(self, key: str, obj: Any) -> Row:
        return {"_id": key, **to_bson(type(self).encode(obj))}

    def _decode(self, record: Row) -> Any:
        return type(self).decode(from_bson({k: v for k, v in record.items() if k != "_id"}))


class MongoLocationRepository(_MongoPaperRepository):
    noun, encode, decode = "location", staticmethod(location_to_dict), staticmethod(location_from_dict)

    def add(self, location: Location) -> None:
        if self.find_by_path(location.path) is not None:
            raise Conflict(f"location {location.path} exists")
        self._buffer_add(location.code, location)

    def find_by_path(self, path: str) -> Location | None:
        rows = self._query({"path": path}, lambda row: row["path"] == path, limit=1)
        return self._decode(rows[0]) if rows else None

    def subtree(self, path: str) -> list[Location]:
        low, high = path_range(path)
        # One range from the node itself, filtered: it also spans namesakes such as "A库房-2" ('-' < '/').
        inside = lambda row: row["path"] == path or low < row["path"] < high  # noqa: E731
        rows = self._query({"path": {"$gte": path, "$lt": high}}, inside, sort=BY_PATH)
        return [self._decode(row) for row in rows if inside(row)]

    def children(self, location: Location) -> list[Location]:
        code = location.code
        rows = self._query({"parent_code": code}, lambda row: row["parent_code"] == code, sort=BY_PATH)
        return [self._decode(row) for row in rows]

    def list(self, *, after_path: str = "", limit: int = 500) -> list[Location]:
        rows = self._query({"path": {"$gt": after_path}}, lambda row: row["path"] > after_path, sort=BY_PATH,
                           limit=limit)
        return [self._decode(row) for row in rows]

    def update(self, location: Location) -> None:
        self._buffer_change(location.code, location)


class MongoBoxRepository(_MongoPaperRepository):
    noun, encode, decode = "box", staticmethod(box_to_dict), staticmethod(box_from_dict)

    def add(self, box: Box) -> None:
        self._buffer_add(box.code, box)

    def at_locations(self, location_codes: list[str]) -> list[Box]:
        wanted = set(location_codes)
        rows = self._query({"location_code": {"$in": location_codes}}, lambda row: row["location_code"] in wanted)
        return sorted((self._decode(row) for row in rows), key=lambda box: box.code)  # sorted here: $in, then sort, fits no index

    def count_at(self, location_code: str) -> int:
        return len(self.at_locations([location_code]))

    def list(self, *, after_code: str = "", limit: int = 500) -> list[Box]:
        return [self._decode(row) for row in self._scan(after_code, limit)]

    def update(self, box: Box) -> None:
        self._buffer_change(box.code, box)


class MongoVolumeRepository(_MongoPaperRepository):
    noun, encode, decode = "volume", staticmethod(volume_to_dict), staticmethod(volume_from_dict)

    def __init__(self, collection: Collection, check_writable: Callable[[str], None], *, claims: Collection,
                 filings: Collection, documents: Collection):
        super().__init__(collection, check_writable, claims=claims)
        self._filings = filings  # document id → {archive_no, item}
        self._documents = documents  # the records, read for their page counts only

    def add(self, volume: Volume) -> None:
        self._check_filed_elsewhere(volume)
        self._buffer_add(volume.archive_no, volume)

    def in_boxes(self, box_codes: list[str]) -> list[Volume]:
        wanted = set(box_codes)
        rows = self._query({"box_code": {"$in": box_codes}}, lambda row: row["box_code"] in wanted)
        return sorted((self._decode(row) for row in rows), key=lambda volume: volume.archive_no)

    def boxes_of_volumes_in(self, box_codes: list[str]) -> dict[str, str]:
        wanted = set(box_codes)
        found: dict[str, str] = {}
        with mongo_errors("read the volumes in boxes"):
            for start in range(0, len(box_codes), 1000):
                rows = self._coll.find({"box_code": {"$in": box_codes[start:start + 1000]}}, {"box_code": 1})
                found |= {row["_id"]: row["box_code"] for row in rows if row["_id"] not in self._pending}
        found |= {no: write.record["box_code"] for no, write in self._pending.items()
                  if write.record["box_code"] in wanted}
        return found

    def list(self, *, customer_no: str | None = None, after: str = "", limit: int = 500) -> list[Volume]:
        if customer_no is None:
            return [self._decode(row) for row in self._scan(after, limit)]
        query = {"customer_no": customer_no, "_id": {"$gt": after}}
        matches = lambda row: row["customer_no"] == customer_no and row["_id"] > after  # noqa: E731
        return [self._decode(row) for row in self._query(query, matches, sort=BY_ID, limit=limit)]

    def update(self, volume: Volume) -> None:
        self._check_filed_elsewhere(volume)
        self._buffer_change(volume.archive_no, volume)

    def filed_in(self, document_ids: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        with mongo_errors("read the filing index"):
            for start in range(0, len(document_ids), 1000):
                rows = self._filings.find({"_id": {"$in": document_ids[start:start + 1000]}})
                found |= {row["_id"]: row["archive_no"] for row in rows}
        wanted = set(document_ids)
        for archive_no, write in self._pending.items():  # this unit's own filings win
            found = {doc: no for doc, no in found.items() if no != archive_no}
            found |= {item["document_id"]: archive_no for item in write.record["items"] if item["document_id"] in wanted}
        return found

    def unprinted_catalogues(self) -> Iterator[tuple[str, int, int]]:
        versions = {"catalogue_version": 1, "printed_version": 1}
        with mongo_errors("read the volumes' catalogue versions"):
            rows = list(self._coll.find({}, versions, sort=BY_ID))
        for row in rows:
            catalogue, printed = row.get("catalogue_version") or 0, row.get("printed_version") or 0
            if catalogue != printed:
                yield row["_id"], catalogue, printed

    def items_disagreeing(self) -> Iterator[ItemAgainstRecord]:
        # Items and page counts by projection, a batch of volumes at a time: FerretDB v1 has no $lookup.
        after = ""
        while True:
            with mongo_errors("read the volumes' items"):
                batch = list(self._coll.find({"_id": {"$gt": after}}, {"items": 1}, sort=BY_ID, limit=_ITEM_BATCH))
            if not batch:
                return
            items = [(row["_id"], item) for row in batch for item in row.get("items") or ()]
            scanned = self._page_counts([item["document_id"] for _, item in items])
            for archive_no, item in items:
                checked = ItemAgainstRecord(archive_no, item["n"], item["document_id"], item["first_page"],
                                            item["last_page"], scanned.get(item["document_id"]))
                if checked.scanned_pages != checked.paper_pages:
                    yield checked
            after = batch[-1]["_id"]

    def _page_counts(self, document_ids: list[str]) -> dict[str, int]:
        counts: dict[str, int] = {}
        with mongo_errors("count the records' pages"):
            for start in range(0, len(document_ids), 1000):
                rows = self._documents.find({"_id": {"$in": document_ids[start:start + 1000]}}, {"pages.n": 1})
                counts |= {row["_id"]: len(row.get("pages") or ()) for row in rows}
        return counts

    def _check_filed_elsewhere(self, volume: Volume) -> None:
        filed = self.filed_in([item.document_id for item in volume.items])
        # An entry whose volume does not hold the record is stale (its writer died): not a filing.
        elsewhere = sorted(doc for doc, no in filed.items() if no != volume.archive_no and self._holds(no, doc))
        if elsewhere:
            raise Conflict(f"record {elsewhere[0]} is filed in volume {filed[elsewhere[0]]}; "
                           "take it out of that one first")

    def _apply(self, write: _Write) -> None:
        before = self._coll.find_one({"_id": write.record["_id"]}, {"items": 1}) or {"items": []}
        claimed = self._claim_filings(write.record, before["items"])
        try:
            super()._apply(write)
        except BaseException:
            self._release_filings(claimed, write.record["_id"])
            raise
        self._index_items(write.record, before["items"])

    def _claim_filings(self, record: Row, old_items: list[dict]) -> list[str]:
        """Each record newly in the volume gets its filing entry by a unique insert before the volume is written:
        of two units filing one record into two volumes (each checked before the other committed), only one
        wins. An abandoned entry is taken over (`_abandoned`)."""
        archive_no, claimed = record["_id"], []
        old = {item["document_id"] for item in old_items}
        for item in record["items"]:
            document_id = item["document_id"]
            if document_id in old:
                continue
            if not self._claim(document_id, archive_no, item["n"]):
                self._release_filings(claimed, archive_no)
                raise Conflict(f"record {document_id} was filed meanwhile in another volume; reload and retry")
            claimed.append(document_id)
        return claimed

    def _claim(self, document_id: str, archive_no: str, n: int) -> bool:
        entry = {"_id": document_id, "archive_no": archive_no, "item": n, "claimed_at": time.time()}
        try:
            self._filings.insert_one(entry)
            return True
        except DuplicateKeyError:
            held = self._filings.find_one({"_id": document_id})
        if held is None:  # released meanwhile
            return self._claim(document_id, archive_no, n)
        if held["archive_no"] != archive_no and not self._abandoned(held):
            return False
        taken = self._filings.replace_one({"_id": document_id, "archive_no": held["archive_no"]}, entry)
        return taken.matched_count == 1

    def _abandoned(self, held: Row) -> bool:
        """Claimed over a minute ago for a volume that does not hold the record: its writer died in between.
        (A younger claim may belong to a writer about to write its volume.)"""
        young = time.time() - held.get("claimed_at", 0) < CLAIM_TAKEOVER_SECONDS
        return not young and not self._holds(held["archive_no"], held["_id"])

    def _holds(self, archive_no: str, document_id: str) -> bool:
        """As stored, or as this unit of work is about to store it."""
        holder = self.find(archive_no)
        return holder is not None and any(item.document_id == document_id for item in holder.items)

    def _release_filings(self, document_ids: list[str], archive_no: str) -> None:
        for document_id in document_ids:
            self._filings.delete_one({"_id": document_id, "archive_no": archive_no})

    def _index_items(self, record: Row, old_items: list[dict]) -> None:
        """Only entries that changed are written: re-filing one record touches one or two, not the volume."""
        archive_no = record["_id"]
        old = {item["document_id"]: item["n"] for item in old_items}
        new = {item["document_id"]: item["n"] for item in record["items"]}
        for document_id, n in new.items():
            if old.get(document_id) != n:
                self._filings.replace_one({"_id": document_id}, {"archive_no": archive_no, "item": n}, upsert=True)
        for document_id in old.keys() - new.keys():
            self._filings.delete_one({"_id": document_id, "archive_no": archive_no})


class MongoPaperHistory(_BufferedRepository):
    def record(self, moves: list[Move]) -> None:
        self._check_writable("record a move")
        for i, move in enumerate(moves):
            key = history_key(move, i)
            self._pending[key] = _Write({"_id": key, **to_bson(move_to_dict(move))}, move)

    def of(self, subject: str, *, limit: int = 100) -> list[Move]:
        low, high = history_range(subject)
        return self._between(low, high, limit)

    def at(self, subject: str, when: datetime) -> Move | None:
        low, _ = history_range(subject)
        found = self._between(low, f"{low}{stamp(when)}~", 1)
        return found[0] if found else None

    def _between(self, low: str, high: str, limit: int) -> list[Move]:
        rows = self._query({"_id": {"$gt": low, "$lt": high}}, lambda row: low < row["_id"] < high,
                           sort=NEWEST_KEY_FIRST, limit=limit)
        return [move_from_dict(from_bson({k: v for k, v in row.items() if k != "_id"})) for row in rows]

    def _apply(self, write: _Write) -> None:
        self._coll.insert_one(write.record)
