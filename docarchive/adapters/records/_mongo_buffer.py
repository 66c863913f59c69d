"""What the MongoDB repositories share: writes buffered in the unit of work and applied at commit, reads
that merge the server's records with the unit's own writes, and the claim-guarded compare-and-swap replace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Callable

from pymongo import ASCENDING, DESCENDING
from pymongo.collection import Collection

from docarchive.adapters._mongo import mongo_errors, take_claim
from docarchive.domain.errors import StaleVersion

Row = dict[str, Any]  # a stored record: the codec's dict plus `_id`
Sort = list[tuple[str, int]]

BY_ID = [("_id", ASCENDING)]

# An update holds a claim on "moving record X on from version v" only while it writes: one left longer
# was abandoned by a killed writer.
CLAIM_ABANDONED_AFTER = timedelta(seconds=60)


def replace_if_unchanged(coll: Collection, claims: Collection, record: Row, expected_version: int) -> bool:
    """Optimistic concurrency: the replace matches only while the stored version is the one read. Racing
    writers first claim the move off that version, since only MongoDB applies the replace atomically."""
    claim = f"{coll.name}/{record['_id']}@{expected_version}"
    if not take_claim(claims, claim, abandoned_after=CLAIM_ABANDONED_AFTER):
        return False
    try:
        replaced = coll.replace_one({"_id": record["_id"], "version": expected_version}, record)
        return replaced.matched_count == 1
    finally:
        claims.delete_one({"_id": claim})


@dataclass
class _Write:
    record: Row  # what commit stores: the codec's dict plus `_id`
    changed: Any  # the domain object handed in, for the commit listeners
    expected_version: int | None = None  # None: insert; else replace only while the stored version is this


class _BufferedRepository:
    """Reads merge the server's committed records with this unit's buffered writes; its own writes win."""

    def __init__(self, collection: Collection, check_writable: Callable[[str], None], *,
                 claims: Collection | None = None):
        self._coll = collection
        self._check_writable = check_writable
        self._claims = claims  # needed by repositories that update: see replace_if_unchanged
        self._pending: dict[str, _Write] = {}

    def changed(self) -> list[Any]:
        return [write.changed for write in self._pending.values()]

    def discard(self) -> None:
        self._pending = {}

    def pending_records(self) -> dict[str, Row]:
        return {key: write.record for key, write in self._pending.items()}

    def inserting(self, key: str) -> bool:
        """Whether this unit adds the record (it is not stored yet)."""
        write = self._pending.get(key)
        return write is not None and write.expected_version is None

    def apply_writes(self) -> None:
        for write in self._pending.values():
            self._apply(write)

    def count(self) -> int:
        with mongo_errors(f"count {self._coll.name}"):
            stored = self._coll.count_documents({}, hint="_id_")  # the _id index, not the records
        return stored + sum(1 for write in self._pending.values() if write.expected_version is None)

    def _apply(self, write: _Write) -> None:
        raise NotImplementedError

    def _by_id(self, key: str) -> Row | None:
        if key in self._pending:
            return self._pending[key].record
        with mongo_errors(f"read from {self._coll.name}"):
            return self._coll.find_one({"_id": key})

    def _by_ids(self, keys: list[str], fields: tuple[str, ...] | None = None) -> dict[str, Row]:
        """Records by key in one round trip, this unit's writes winning; `fields`: only those from the server
        (a buffered record is whole)."""
        wanted = [key for key in dict.fromkeys(keys) if key not in self._pending]
        projection = dict.fromkeys(fields, 1) if fields else None
        with mongo_errors(f"read from {self._coll.name}"):
            rows = {row["_id"]: row for row in self._coll.find({"_id": {"$in": wanted}}, projection)} if wanted else {}
        return {key: self._pending[key].record if key in self._pending else rows[key]
                for key in keys if key in self._pending or key in rows}

    def _query(self, query: Row, matches: Callable[[Row], bool], *, sort: Sort | None = None,
               limit: int | None = None, offset: int = 0) -> list[Row]:
        """Records matching `query` on the server, or `matches` (the same test in Python) in the buffer."""
        if limit is not None and limit <= 0:
            return []
        if not self._pending:
            return self._fetch(query, sort, offset, limit)
        # Buffered writes may hide up to len(pending) stored rows (their older versions): fetch that many more.
        window = None if limit is None else offset + limit + len(self._pending)
        stored = [row for row in self._fetch(query, sort, 0, window) if row["_id"] not in self._pending]
        mine = [write.record for write in self._pending.values() if matches(write.record)]
        rows = _sorted(stored + mine, sort)
        return rows[offset:] if limit is None else rows[offset : offset + limit]

    def _scan(self, after: str | None, limit: int) -> list[Row]:
        after = after or ""
        return self._query({"_id": {"$gt": after}}, lambda row: row["_id"] > after, sort=BY_ID, limit=limit)

    def _fetch(self, query: Row, sort: Sort | None, skip: int, limit: int | None) -> list[Row]:
        with mongo_errors(f"read from {self._coll.name}"):
            return list(self._coll.find(query, sort=sort, skip=skip, limit=limit or 0))

    def _buffer_update(self, key: str, changed: Any, to_record: Callable[[Any], Row], what: str) -> None:
        """Move `changed` on one version. Checked now against the stored version, and again at commit by a
        compare-and-swap replace."""
        self._check_writable(f"update {what}")
        read_version = changed.version
        pending = self._pending.get(key)
        current = pending.record["version"] if pending else self._stored_version(key)
        if current != read_version:
            raise StaleVersion(f"{what} was changed by someone else; reload and retry")
        changed.version = read_version + 1
        expected = pending.expected_version if pending else read_version
        self._pending[key] = _Write(to_record(changed), changed, expected)

    def _stored_version(self, key: str) -> int | None:
        with mongo_errors(f"read {key} from {self._coll.name}"):
            row = self._coll.find_one({"_id": key}, {"version": 1})
        return row["version"] if row else None

    def _replace_if_unchanged(self, record: Row, expected_version: int) -> bool:
        return replace_if_unchanged(self._coll, self._claims, record, expected_version)


def _equal(query: Row) -> Callable[[Row], bool]:
    return lambda row: all(row.get(key) == value for key, value in query.items())


def _sorted(rows: list[Row], sort: Sort | None) -> list[Row]:
    """MongoDB's order for our sorts (one direction, string or null fields): null first, then the values."""
    if not sort:
        return rows
    fields = [field for field, _ in sort]
    key = lambda row: tuple((row.get(f) is not None, row.get(f) or "") for f in fields)  # noqa: E731
    return sorted(rows, key=key, reverse=sort[0][1] == DESCENDING)
