"""The embedded index kept by events: an in-transaction handler (services/events.py) that writes the index
entries of what the unit of work's events changed inside its own SQLite transaction — searchable the moment
the change commits, and never one without the other."""

from __future__ import annotations

from docarchive.adapters.search.fts5 import delete_entry, records_to_refresh, write_customers, write_entries
from docarchive.domain.documents import Document
from docarchive.domain.events import Event, activity_ids, customer_nos, document_ids
from docarchive.ports.search import SearchEntry
from docarchive.search.activity_entries import activity_entry
from docarchive.search.entries import customer_entry, search_entry
from docarchive.search.plan import IdNumberHasher


class Fts5Indexing:
    def __init__(self, hasher: IdNumberHasher):
        self.hasher = hasher

    def __call__(self, uow, events: list[Event]) -> None:
        """Customers first: a record copies its customer's name and grade, so a changed customer's records
        are written again (those whose copy is stale)."""
        changed = [customer_entry(c) for c in map(uow.customers.find, customer_nos(events)) if c is not None]
        ids = document_ids(events)
        written = set(ids)
        stale = [doc_id for c in changed for doc_id in records_to_refresh(uow.conn, c) if doc_id not in written]
        write_customers(uow.conn, changed)
        documents = [d for d in map(uow.documents.find, [*ids, *stale]) if d is not None]
        for gone in [d for d in documents if d.disposal]:  # set apart or erased: out of the index
            delete_entry(uow.conn, gone.id)
        documents = [d for d in documents if not d.disposal]
        entries = [search_entry(d, _customer_of(uow, d), self.hasher) for d in documents]
        # A stale copy that is no record is the customer's activity entry: it copies the customer too.
        stale_activities = sorted(set(stale) - {d.id for d in documents})
        activities = list(dict.fromkeys([*activity_ids(events), *stale_activities]))
        write_entries(uow.conn, entries + self._activities(uow, activities))

    def _activities(self, uow, ids: list[str]) -> list[SearchEntry]:
        activities = [a for a in map(uow.activities.find, ids) if a is not None]
        owners = {no: uow.customers.find(no) for no in {a.customer_no for a in activities}}
        return [activity_entry(a, owners[a.customer_no], self.hasher) for a in activities]


def _customer_of(uow, document: Document):
    return uow.customers.find(document.customer_no) if document.customer_no else None
