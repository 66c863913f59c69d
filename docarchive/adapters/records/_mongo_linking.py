"""What linking and the review queue ask of MongoDB: each record carries its relink keys and review reasons as
indexed arrays, so "records whose evidence names this customer" and "records waiting, per reason" are index
look-ups (multikey indexes; FerretDB answers them too)."""

from __future__ import annotations

from typing import Callable

from pymongo import ASCENDING

from docarchive.adapters._mongo import mongo_errors
from docarchive.adapters.records._mongo_buffer import BY_ID, Row
from docarchive.domain.documents import Document
from docarchive.domain.linking import REVIEW_REASONS, relink_keys

OLDEST_FIRST = [("created_at", ASCENDING), ("_id", ASCENDING)]
INDEXES = [
    ("documents_by_link_key", [("link_keys", ASCENDING), ("_id", ASCENDING)], False),
    ("documents_by_review_reason", [("review_reasons", ASCENDING), ("created_at", ASCENDING), ("_id", ASCENDING)],
     False),
    ("documents_needing_review", [("needs_review", ASCENDING), ("created_at", ASCENDING), ("_id", ASCENDING)], False),
]


def linking_fields(document: Document, hide_keys: Callable[[list[str]], list[str]]) -> Row:
    """`hide_keys`: an ID number is kept as its keyed hash (adapters/records/_sealing.py)."""
    reasons = document.review_reasons
    return {"link_keys": hide_keys(relink_keys(document)), "review_reasons": reasons, "needs_review": bool(reasons)}


class LinkingQueries:
    """Mixed into the document repository (its _query merges the unit's own buffered writes)."""

    def naming(self, keys: list[str], *, limit: int = 1000) -> list[Document]:
        if not keys:
            return []
        wanted = set(self.sealer.hide_keys(keys))
        rows = self._query({"link_keys": {"$in": list(wanted)}},
                           lambda row: bool(wanted & set(row.get("link_keys") or ())), sort=BY_ID, limit=limit)
        return [self._to_document(row) for row in rows]

    def needing_review(self, *, reason: str | None = None, limit: int = 50, offset: int = 0) -> list[Document]:
        if reason:
            query, matches = {"review_reasons": reason}, lambda row: reason in (row.get("review_reasons") or ())
        else:
            query, matches = {"needs_review": True}, lambda row: bool(row.get("needs_review"))
        rows = self._query(query, matches, sort=OLDEST_FIRST, limit=limit, offset=offset)
        return [self._to_document(row) for row in rows]

    def review_counts(self) -> dict[str, int]:
        """Committed records only: counts are read in their own (read-only) unit."""
        with mongo_errors("count the records waiting for review"):
            counts = {reason: self._coll.count_documents({"review_reasons": reason}) for reason in REVIEW_REASONS}
            counts["all"] = self._coll.count_documents({"needs_review": True})
        return {reason: n for reason, n in counts.items() if n or reason == "all"}
