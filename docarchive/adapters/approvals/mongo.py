"""Approval requests in MongoDB, keyed by `_id` (the request id). The live-grant lookup is served by an index
on (requested_by, until); times are stored as ISO text, which sorts and compares like the SQLite column."""

from __future__ import annotations

from datetime import datetime

from pymongo.errors import DuplicateKeyError

from docarchive.adapters._mongo import connect, mongo_errors
from docarchive.adapters.approvals.codec import moment, request_from_dict, request_to_dict
from docarchive.domain.approvals import APPROVED, PENDING, Request
from docarchive.domain.errors import Conflict, NotFound
from docarchive.ports.approvals import RequestFilter


class MongoApprovalStore:
    def __init__(self, url: str, *, database: str = "docarchive"):
        self.client, self.db = connect(url, database)
        self._requests = self.db["approval_requests"]
        with mongo_errors("create the approval indexes"):
            self._requests.create_index([("requested_by", 1), ("until", 1)], name="approvals_live")
            self._requests.create_index([("state", 1), ("requested_at", -1)], name="approvals_by_state")

    def add(self, request: Request) -> None:
        try:
            with mongo_errors("store an approval request"):
                self._requests.insert_one({"_id": request.id, **request_to_dict(request)})
        except DuplicateKeyError:
            raise Conflict(f"request {request.id} exists") from None

    def get(self, request_id: str) -> Request:
        with mongo_errors("read an approval request"):
            row = self._requests.find_one({"_id": request_id})
        if row is None:
            raise NotFound(f"no approval request {request_id}")
        return request_from_dict(row)

    def decide(self, request: Request) -> None:
        with mongo_errors("decide an approval request"):
            result = self._requests.replace_one({"_id": request.id, "state": PENDING},
                                                {"_id": request.id, **request_to_dict(request)})
        if result.matched_count != 1:
            raise Conflict(f"request {request.id} was decided meanwhile")

    def list(self, where: RequestFilter = RequestFilter(), *, limit: int = 100) -> list[Request]:
        with mongo_errors("list approval requests"):
            rows = self._requests.find(_query(where), sort=[("requested_at", -1), ("_id", -1)], limit=limit)
            return [request_from_dict(row) for row in rows]

    def approved_until_after(self, user: str, now: datetime) -> list[Request]:
        query = {"requested_by": user, "until": {"$gt": moment(now)}, "state": APPROVED}
        with mongo_errors("read live grants"):
            return [request_from_dict(row) for row in self._requests.find(query)]

    def close(self) -> None:
        self.client.close()


def _query(where: RequestFilter) -> dict:
    query = {name: getattr(where, name) for name in ("state", "department", "requested_by")
             if getattr(where, name) is not None}
    if where.kinds is not None:
        query["kind"] = {"$in": list(where.kinds)}
    return query
