"""Keeping a search index that lives outside the record store (Elasticsearch) in step with it.

Entries are built inside the unit of work, where records and their customers are consistent, and sent
once the records have committed. (A transactional outbox replaces this for the scale deployment.)
"""

from __future__ import annotations

from docarchive.domain.customers import Customer
from docarchive.domain.documents import Document
from docarchive.ports.search import SearchIndex
from docarchive.search.entries import customer_entry, search_entry
from docarchive.search.plan import IdNumberHasher


class AfterCommitIndexing:
    def __init__(self, index: SearchIndex, hasher: IdNumberHasher):
        self.index = index
        self.hasher = hasher

    def before_commit(self, uow, documents: list[Document], customers: list[Customer]) -> None:
        entries = [
            search_entry(d, uow.customers.find(d.customer_no) if d.customer_no else None, self.hasher)
            for d in documents
        ]
        uow.pending_search_entries = (entries, [customer_entry(c) for c in customers])

    def after_commit(self, uow, documents: list[Document], customers: list[Customer]) -> None:
        entries, customer_entries = getattr(uow, "pending_search_entries", ([], []))
        uow.pending_search_entries = ([], [])
        if customer_entries:
            self.index.upsert_customers(customer_entries)
        if entries:
            self.index.upsert(entries)
