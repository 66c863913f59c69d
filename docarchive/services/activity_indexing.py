"""Activity entries into an external search index (Elasticsearch) by the records' outbox: marked in the
commit as "a:<id>", sent at once after it, and by the indexers whatever could not be sent."""

from __future__ import annotations

import threading
from typing import Any, Protocol

from docarchive.domain.activities import Activity
from docarchive.domain.customers import Customer
from docarchive.domain.documents import Document
from docarchive.ports.records import RecordStore
from docarchive.ports.search import SearchEntry
from docarchive.search.activity_entries import ACTIVITY_DOC_TYPE, activity_entry
from docarchive.search.highlight import highlight_pages
from docarchive.search.plan import IdNumberHasher
from docarchive.search.query import Query

KEY_PREFIX = "a:"


class _Sender(Protocol):
    def send_now(self, keys: list[str]) -> None: ...


class ActivityOutboxIndexing:
    """A commit listener beside OutboxIndexing; it hands this commit's activity keys to it after the commit."""

    def __init__(self, sender: _Sender):
        self.sender = sender
        self._keys = threading.local()  # before and after a commit run in the committing thread

    def before_commit(self, uow, documents: list[Document], customers: list[Customer]) -> None:
        keys = [f"{KEY_PREFIX}{a.id}" for a in uow.activities.changed()]
        self._keys.pending = keys
        if keys:
            uow.outbox.mark(keys)

    def after_commit(self, uow, documents: list[Document], customers: list[Customer]) -> None:
        keys, self._keys.pending = getattr(self._keys, "pending", []), []
        self.sender.send_now(keys)


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
