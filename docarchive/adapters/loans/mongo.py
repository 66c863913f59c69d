"""The loan register in MongoDB, keyed by `_id` (the loan id). Lookups by volume read the `archive_nos` array
(indexed); times are ISO text, which sorts and compares like the SQLite columns."""

from __future__ import annotations

from dataclasses import replace

from pymongo.errors import DuplicateKeyError

from docarchive.adapters._mongo import connect, mongo_errors
from docarchive.adapters.approvals.codec import moment
from docarchive.adapters.loans.codec import loan_from_dict, loan_to_dict
from docarchive.domain.errors import Conflict, NotFound, StaleVersion
from docarchive.domain.lending import LENT, Loan
from docarchive.ports.loans import LoanFilter


class MongoLoanStore:
    def __init__(self, url: str, *, database: str = "docarchive"):
        self.client, self.db = connect(url, database)
        self._loans = self.db["loans"]
        with mongo_errors("create the loan indexes"):
            self._loans.create_index([("status", 1), ("requested_at", -1)], name="loans_by_status")
            self._loans.create_index([("borrower", 1), ("requested_at", -1)], name="loans_by_borrower")
            self._loans.create_index([("archive_nos", 1)], name="loans_by_volume")
            self._loans.create_index([("status", 1), ("due", 1)], name="loans_due")

    def add(self, loan: Loan) -> None:
        try:
            with mongo_errors("store a loan"):
                self._loans.insert_one({"_id": loan.id, **loan_to_dict(loan)})
        except DuplicateKeyError:
            raise Conflict(f"loan {loan.id} exists") from None

    def get(self, loan_id: str) -> Loan:
        with mongo_errors("read a loan"):
            row = self._loans.find_one({"_id": loan_id})
        if row is None:
            raise NotFound(f"no loan {loan_id}")
        return loan_from_dict(row)

    def update(self, loan: Loan) -> Loan:
        stored = replace(loan, version=loan.version + 1)
        with mongo_errors("update a loan"):
            result = self._loans.replace_one({"_id": loan.id, "version": loan.version},
                                             {"_id": loan.id, **loan_to_dict(stored)})
        if result.matched_count != 1:
            self.get(loan.id)  # unknown: NotFound
            raise StaleVersion(f"loan {loan.id} changed meanwhile; read it again")
        return stored

    def list(self, where: LoanFilter = LoanFilter(), *, limit: int = 100) -> list[Loan]:
        with mongo_errors("list loans"):
            rows = self._loans.find(_query(where), sort=[("requested_at", -1), ("_id", -1)], limit=limit)
            return [loan_from_dict(row) for row in rows]

    def close(self) -> None:
        self.client.close()


def _query(where: LoanFilter) -> dict:
    query: dict = {name: getattr(where, name) for name in ("borrower", "department") if getattr(where, name) is not None}
    if where.statuses is not None:
        query["status"] = {"$in": list(where.statuses)}
    if where.archive_no is not None:
        query["archive_nos"] = where.archive_no
    if where.due_before is not None:
        query["status"] = LENT if where.statuses is None or LENT in where.statuses else {"$in": []}
        query["due"] = {"$lt": moment(where.due_before)}
    return query
