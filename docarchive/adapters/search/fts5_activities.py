"""Activity entries into the embedded FTS5 index, inside the unit of work's own SQLite transaction, through
the index's public entry writer (the same path records take)."""

from __future__ import annotations

from docarchive.adapters.search.fts5 import write_entries
from docarchive.domain.customers import Customer
from docarchive.domain.documents import Document
from docarchive.search.activity_entries import activity_entry
from docarchive.search.plan import IdNumberHasher


class Fts5ActivityIndexing:
    def __init__(self, hasher: IdNumberHasher):
        self.hasher = hasher

    def before_commit(self, uow, documents: list[Document], customers: list[Customer]) -> None:
        activities = uow.activities.changed()
        if activities:
            owners = {no: uow.customers.find(no) for no in {a.customer_no for a in activities}}
            write_entries(uow.conn, [activity_entry(a, owners[a.customer_no], self.hasher) for a in activities])

    def after_commit(self, uow, documents: list[Document], customers: list[Customer]) -> None:
        """Nothing left to do: the entries committed with the activities."""
