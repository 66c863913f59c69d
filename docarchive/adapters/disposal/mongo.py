"""Disposal records in MongoDB: one collection each, keyed by `_id`. The register's `_id` is its sequence
number, so two racing appends cannot both take one; nothing in this adapter updates or deletes an entry."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pymongo.errors import DuplicateKeyError

from docarchive.adapters._mongo import connect, mongo_errors
from docarchive.adapters.disposal.codec import from_dict, to_dict
from docarchive.domain.disposal import RECYCLED, DestructionList, Hold, Recycled, RegisterEntry
from docarchive.domain.errors import Conflict, NotFound, StaleVersion


class MongoDisposalStore:
    def __init__(self, url: str, *, database: str = "docarchive"):
        self.client, self.db = connect(url, database)
        self._lists, self._holds = self.db["destruction_lists"], self.db["legal_holds"]
        self._recycle, self._register = self.db["recycle_area"], self.db["destruction_register"]
        with mongo_errors("create the disposal indexes"):
            self._lists.create_index([("state", 1), ("drafted_at", -1)], name="lists_by_state")
            self._recycle.create_index([("document_id", 1), ("deleted_at", -1)], name="recycle_by_document")
            self._recycle.create_index([("state", 1), ("deleted_at", -1)], name="recycle_by_state")

    def add_list(self, lst: DestructionList) -> None:
        self._insert(self._lists, lst.id, lst, f"list {lst.id}")

    def get_list(self, list_id: str) -> DestructionList:
        return from_dict(DestructionList, self._get(self._lists, list_id, f"no destruction list {list_id}"))

    def save_list(self, lst: DestructionList) -> DestructionList:
        return self._save(self._lists, lst.id, lst, f"destruction list {lst.id}")

    def lists(self, *, state: str | None = None, limit: int = 100) -> list[DestructionList]:
        query = {"state": state} if state else {}
        return [from_dict(DestructionList, row) for row in self._find(self._lists, query, "drafted_at", limit)]

    def add_hold(self, hold: Hold) -> None:
        self._insert(self._holds, hold.id, hold, f"hold {hold.id}")

    def get_hold(self, hold_id: str) -> Hold:
        return from_dict(Hold, self._get(self._holds, hold_id, f"no legal hold {hold_id}"))

    def save_hold(self, hold: Hold) -> Hold:
        return self._save(self._holds, hold.id, hold, f"hold {hold.id}")

    def holds(self, *, active_only: bool = True, limit: int = 1000) -> list[Hold]:
        query = {"released_at": None} if active_only else {}
        return [from_dict(Hold, row) for row in self._find(self._holds, query, "placed_at", limit)]

    def add_recycled(self, entry: Recycled) -> None:
        with mongo_errors("read the recycle area"):
            held = self._recycle.find_one({"document_id": entry.document_id, "state": RECYCLED})
        if held is not None:
            raise Conflict(f"record {entry.document_id} in the recycle area exists already")
        self._insert(self._recycle, _recycled_id(entry), entry, f"record {entry.document_id} in the recycle area")

    def get_recycled(self, document_id: str) -> Recycled | None:
        with mongo_errors("read the recycle area"):
            row = (self._recycle.find_one({"document_id": document_id, "state": RECYCLED})
                   or self._recycle.find_one({"document_id": document_id}, sort=[("deleted_at", -1), ("version", -1)]))
        return from_dict(Recycled, row) if row else None

    def save_recycled(self, entry: Recycled) -> Recycled:
        return self._save(self._recycle, _recycled_id(entry), entry, f"record {entry.document_id} in the recycle area")

    def recycled(self, *, state: str | None = RECYCLED, limit: int = 1000) -> list[Recycled]:
        query = {"state": state} if state else {}
        return [from_dict(Recycled, row) for row in self._find(self._recycle, query, "deleted_at", limit)]

    def append_register(self, entry: RegisterEntry) -> None:
        self._insert(self._register, entry.seq, entry, f"register entry {entry.seq}")

    def register(self, *, after_seq: int = 0, limit: int = 1000) -> list[RegisterEntry]:
        with mongo_errors("read the destruction register"):
            rows = self._register.find({"_id": {"$gt": after_seq}}, sort=[("_id", 1)], limit=limit)
            return [from_dict(RegisterEntry, row) for row in rows]

    def last_register_entry(self) -> RegisterEntry | None:
        with mongo_errors("read the destruction register"):
            row = self._register.find_one({}, sort=[("_id", -1)])
        return from_dict(RegisterEntry, row) if row else None

    def close(self) -> None:
        self.client.close()

    def _insert(self, collection, key: Any, record: Any, what: str) -> None:
        try:
            with mongo_errors(f"store {what}"):
                collection.insert_one({"_id": key, **to_dict(record)})
        except DuplicateKeyError:
            raise Conflict(f"{what} exists already") from None

    def _get(self, collection, key: str, missing: str) -> dict:
        with mongo_errors("read a disposal record"):
            row = collection.find_one({"_id": key})
        if row is None:
            raise NotFound(missing)
        return row

    def _save(self, collection, key: str, record: Any, what: str):
        saved = replace(record, version=record.version + 1)
        with mongo_errors(f"write {what}"):
            result = collection.replace_one({"_id": key, "version": record.version}, {"_id": key, **to_dict(saved)})
        if result.matched_count != 1:
            raise StaleVersion(f"{what} changed meanwhile; read it again")
        return saved

    def _find(self, collection, query: dict, newest: str, limit: int) -> list[dict]:
        with mongo_errors("list disposal records"):
            return list(collection.find(query, sort=[(newest, -1), ("_id", -1)], limit=limit))


def _recycled_id(entry: Recycled) -> str:
    return f"{entry.document_id}@{entry.approval_id}"  # one deletion per approval
