"""The archive-room care log in MongoDB: a collection each for readings and checks, keyed by `_id` (the entry
id), with (room, time) indexes; times are ISO text, which sorts and compares like the SQLite columns."""

from __future__ import annotations

from datetime import datetime

from pymongo.errors import DuplicateKeyError

from docarchive.adapters._mongo import connect, mongo_errors
from docarchive.adapters.room_care.codec import entry_from_dict, entry_to_dict, moment
from docarchive.domain.errors import Conflict
from docarchive.domain.room_care import Check, ClimateRange, Reading

_NEWEST = [("at", -1), ("_id", -1)]


class MongoRoomCareLog:
    def __init__(self, url: str, *, database: str = "docarchive"):
        self.client, self.db = connect(url, database)
        self._readings, self._checks = self.db["room_readings"], self.db["room_checks"]
        with mongo_errors("create the room care indexes"):
            self._readings.create_index([("room", 1), ("at", -1), ("_id", -1)], name="room_readings_by_time")
            self._checks.create_index([("room", 1), ("kind", 1), ("at", -1), ("_id", -1)], name="room_checks_by_kind")
            self._checks.create_index([("room", 1), ("at", -1), ("_id", -1)], name="room_checks_by_time")

    def add_reading(self, reading: Reading) -> None:
        self._insert(self._readings, reading)

    def add_check(self, check: Check) -> None:
        self._insert(self._checks, check)

    def readings(self, room: str, *, since: datetime | None = None, until: datetime | None = None,
                 limit: int = 100) -> list[Reading]:
        query: dict = {"room": room}
        if since is not None or until is not None:
            query["at"] = {**({"$gte": moment(since)} if since else {}), **({"$lt": moment(until)} if until else {})}
        with mongo_errors("read room readings"):
            return [entry_from_dict(Reading, row) for row in self._readings.find(query, sort=_NEWEST, limit=limit)]

    def count_readings(self, room: str, *, since: datetime, until: datetime) -> int:
        with mongo_errors("count room readings"):
            return self._readings.count_documents(_period(room, since, until))

    def readings_outside(self, room: str, limits: ClimateRange, *, since: datetime, until: datetime,
                         limit: int = 1000) -> list[Reading]:
        (t_low, t_high), (h_low, h_high) = limits.temperature, limits.humidity
        outside = [{"temperature": {"$lt": t_low}}, {"temperature": {"$gt": t_high}},
                   {"humidity": {"$lt": h_low}}, {"humidity": {"$gt": h_high}}]
        query = {**_period(room, since, until), "$or": outside}
        with mongo_errors("read room readings"):
            return [entry_from_dict(Reading, row) for row in self._readings.find(query, sort=_NEWEST, limit=limit)]

    def checks(self, room: str, *, kind: str | None = None, limit: int = 100) -> list[Check]:
        query = {"room": room, **({"kind": kind} if kind else {})}
        with mongo_errors("read room checks"):
            return [entry_from_dict(Check, row) for row in self._checks.find(query, sort=_NEWEST, limit=limit)]

    def latest_checks(self, room: str) -> dict[str, Check]:
        with mongo_errors("read room checks"):
            kinds = self._checks.distinct("kind", {"room": room})
        return {kind: self.checks(room, kind=kind, limit=1)[0] for kind in kinds}

    def newest(self, room: str) -> tuple[Reading | None, dict[str, Check]]:
        readings = self.readings(room, limit=1)
        return (readings[0] if readings else None), self.latest_checks(room)

    def close(self) -> None:
        self.client.close()

    def _insert(self, collection, entry: Reading | Check) -> None:
        try:
            with mongo_errors("store a room care entry"):
                collection.insert_one({"_id": entry.id, **entry_to_dict(entry)})
        except DuplicateKeyError:
            raise Conflict(f"care log entry {entry.id} exists") from None


def _period(room: str, since: datetime, until: datetime) -> dict:
    return {"room": room, "at": {"$gte": moment(since), "$lt": moment(until)}}
