"""Activity entries for a search index: their current state (to send what the outbox names), all of them
(to rebuild), and a hit dressed like a record's. Keeping the index in step is services/indexing.py's."""

from __future__ import annotations

from typing import Any

from docarchive.domain.activities import Activity
from docarchive.ports.records import RecordStore
from docarchive.ports.search import SearchEntry
from docarchive.search.activity_entries import ACTIVITY_DOC_TYPE, activity_entry
from docarchive.search.highlight import highlight_pages
from docarchive.search.plan import IdNumberHasher
from docarchive.search.query import Query


def activity_entries(records: RecordStore, hasher: IdNumberHasher, activity_ids: list[str]) -> list[SearchEntry]:
    """The current state of these entries, for the index (entries are never deleted, so none is gone)."""
    if not activity_ids:
        return []
    with records.unit_of_work(readonly=True) as uow:
        found = [a for a in (uow.activities.find(i) for i in activity_ids) if a is not None]
        owners = {no: uow.customers.find(no) for no in {a.customer_no for a in found}}
    return [activity_entry(a, owners[a.customer_no], hasher) for a in found]


def every_activity_entry(records: RecordStore, hasher: IdNumberHasher):
    """All entries, a batch at a time, for a full rebuild of the index."""
    after = None
    while True:
        with records.unit_of_work(readonly=True) as uow:
            batch = uow.activities.scan(after_id=after, limit=500)
            owners = {no: uow.customers.find(no) for no in {a.customer_no for a in batch}}
        if not batch:
            return
        yield from (activity_entry(a, owners[a.customer_no], hasher) for a in batch)
        after = batch[-1].id


def activity_hit(uow, activity: Activity, score: float, query: Query) -> dict[str, Any]:
    """A search hit on an activity entry, dressed like a record's hit."""
    customer = uow.customers.find(activity.customer_no)
    pages, snippets = highlight_pages([activity.text], query) if query.clause else ([], [])
    return {
        "id": activity.id,
        "customer_no": activity.customer_no,
        "customer_name": customer.name if customer else None,
        "doc_type": ACTIVITY_DOC_TYPE,
        "kind": activity.kind.value,
        "category": activity.category,
        "title": activity.title,
        "created_at": activity.occurred_at.isoformat(),
        "score": round(score, 4),
        "pages": pages,
        "snippets": snippets,
    }
