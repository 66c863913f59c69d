"""Keeping an external search index (Elasticsearch) in step with the record store, without ever losing a change.

Two handlers of the searchable events (domain/events.py's INDEXED): before the commit, `mark` writes what
changed into the store's outbox as typed targets, in the same transaction (or, where the store has no
multi-document transactions, before the change itself); after the commit, `send` sends it at once, for
freshness; whatever could not be sent (the index is down, the process died) stays in the outbox and an
indexer sends it later with backoff. Items carry no payload: the indexer always sends a record's current
state (or deletes it from the index when the record is gone), so order, repeats and crashes cannot make the
index wrong.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from docarchive.domain.errors import DocarchiveError
from docarchive.domain.events import Event, activity_ids, customer_nos, document_ids
from docarchive.ports.clock import Clock
from docarchive.ports.records import (
    ACTIVITY_TARGET, CUSTOMER_TARGET, DOCUMENT_TARGET, IndexTarget, OutboxItem, RecordStore, UnitOfWork,
)
from docarchive.ports.search import SearchIndex
from docarchive.search.entries import customer_entry, search_entry
from docarchive.search.plan import IdNumberHasher
from docarchive.services.activity_indexing import activity_entries

log = logging.getLogger(__name__)
LEASE_SECONDS = 120.0
MAX_ATTEMPTS = 10
MAX_BACKOFF_SECONDS = 600.0


@dataclass
class DrainResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def index_targets(events: list[Event]) -> list[IndexTarget]:
    """What these events changed that the index holds: records, customers, activity entries."""
    return ([IndexTarget(DOCUMENT_TARGET, i) for i in document_ids(events)]
            + [IndexTarget(CUSTOMER_TARGET, no) for no in customer_nos(events)]
            + [IndexTarget(ACTIVITY_TARGET, i) for i in activity_ids(events)])


class OutboxIndexing:
    """The event handlers for an external index: `mark` in the transaction, `send` after the commit."""

    def __init__(self, *, records: RecordStore, index: SearchIndex, hasher: IdNumberHasher, clock: Clock,
                 lease_seconds: float = LEASE_SECONDS):
        self.records, self.index, self.hasher, self.clock = records, index, hasher, clock
        self.lease_seconds = lease_seconds  # a killed indexer's claimed changes are sent again after this
        self._deferred = threading.local()

    def mark(self, uow: UnitOfWork, events: list[Event]) -> None:
        if targets := index_targets(events):
            uow.outbox.mark(targets)

    def send(self, events: list[Event]) -> None:
        """Send this commit's changes now, so they are searchable when the request returns, even while an
        indexer holds their outbox items; whatever fails stays in the outbox for the indexers."""
        self.send_now(index_targets(events))

    def send_now(self, targets: list[IndexTarget]) -> None:
        """Send these outbox items now (unless in a deferred block); what fails stays for the indexers."""
        if not targets or getattr(self._deferred, "on", False):
            return
        with self.records.unit_of_work(readonly=True) as reader:
            items = reader.outbox.items(targets)
        try:
            _send(self.records, self.index, self.hasher, items)
        except DocarchiveError as exc:
            log.warning("search index unavailable; %d changes wait in the outbox: %s", len(items), exc)
            return
        with self.records.unit_of_work() as writer:
            for item in items:
                writer.outbox.complete(item)
            writer.commit()

    def deferred(self):
        """Within this block commits only mark the outbox; one drain at the end sends the whole batch."""
        return _Deferred(self)

    def drain(self, *, limit: int = 500) -> DrainResult:
        """Send one batch of pending changes; safe to run in many processes at once."""
        return drain_outbox(records=self.records, index=self.index, hasher=self.hasher, clock=self.clock, limit=limit,
                            lease_seconds=self.lease_seconds)

    def drain_all(self) -> DrainResult:
        total = DrainResult()
        while (result := self.drain()).sent or result.retried or result.failed:
            total.sent += result.sent
            total.retried += result.retried
            total.failed += result.failed
            if result.retried or result.failed:
                break  # the index is failing: leave the rest to the backoff schedule
        return total


def drain_outbox(
    *, records: RecordStore, index: SearchIndex, hasher: IdNumberHasher, clock: Clock, limit: int = 500,
    lease_seconds: float = LEASE_SECONDS,
) -> DrainResult:
    with records.unit_of_work() as uow:
        items = uow.outbox.claim(limit=limit, now=clock.now(), lease_seconds=lease_seconds)
        uow.commit()
    if not items:
        return DrainResult()
    try:
        _send(records, index, hasher, items)
    except DocarchiveError as exc:
        return _postpone(records, clock, items, str(exc))
    with records.unit_of_work() as uow:
        for item in items:
            uow.outbox.complete(item)
        uow.commit()
    return DrainResult(sent=len(items))


def indexing_status(records: RecordStore) -> dict[str, int]:
    with records.unit_of_work(readonly=True) as uow:
        counts = uow.outbox.counts()
        return {"records": uow.documents.count(), "index_pending": counts["pending"], "index_failed": counts["failed"]}


def run_indexer(indexing: OutboxIndexing, *, stop: threading.Event, idle_seconds: float = 2.0) -> None:
    """Drain until stopped; sleeps while there is nothing to do or the index is failing."""
    while not stop.is_set():
        try:
            result = indexing.drain()
        except Exception:  # the loop must outlive any one failure; the outbox keeps the work
            log.exception("indexer pass failed")
            result = DrainResult(retried=1)
        if not result.sent:
            stop.wait(idle_seconds)


def _send(records: RecordStore, index: SearchIndex, hasher: IdNumberHasher, items: list[OutboxItem]) -> None:
    """Records first, their customers last: until a changed customer is stored in the index, the records that
    copy its old name or grade are found again (`records_to_refresh`), so a failure half-way loses none."""
    doc_ids = _ids(items, DOCUMENT_TARGET)
    with records.unit_of_work(readonly=True) as uow:
        changed = [customer_entry(c) for c in map(uow.customers.find, _ids(items, CUSTOMER_TARGET)) if c]
        doc_ids += [doc_id for c in changed for doc_id in index.records_to_refresh(c)]
        # A record set apart or erased (Document.disposal) leaves the index as if it were gone.
        documents = {doc_id: _searchable(uow.documents.find(doc_id)) for doc_id in dict.fromkeys(doc_ids)}
        wanted = {d.customer_no for d in documents.values() if d and d.customer_no}
        customers = {no: uow.customers.find(no) for no in wanted}
    # A stale copy that is no record may be the customer's activity entry (it copies the customer too).
    others = [doc_id for doc_id, document in documents.items() if document is None]
    entries = activity_entries(records, hasher, _ids(items, ACTIVITY_TARGET) + others)
    activities = {entry.id for entry in entries}
    entries += [search_entry(d, customers.get(d.customer_no), hasher) for d in documents.values() if d]
    if entries:
        index.upsert(entries)
    gone = [doc_id for doc_id in others if doc_id not in activities]
    if gone:
        index.delete(gone)
    if changed:
        index.upsert_customers(changed)


def _searchable(document):
    return document if document is not None and not document.disposal else None


def _ids(items: list[OutboxItem], kind: str) -> list[str]:
    return [item.target.id for item in items if item.target.kind == kind]


def _postpone(records: RecordStore, clock: Clock, items: list[OutboxItem], error: str) -> DrainResult:
    log.warning("search index unavailable, %d changes wait in the outbox: %s", len(items), error)
    result = DrainResult()
    with records.unit_of_work() as uow:
        attempts = uow.outbox.attempts(items)
        for item in items:
            tries = attempts.get(item.target, 0) + 1
            give_up = tries >= MAX_ATTEMPTS
            delay = min(MAX_BACKOFF_SECONDS, 2.0**tries)
            uow.outbox.retry_later(item, error=error, not_before=clock.now() + timedelta(seconds=delay),
                                   give_up=give_up)
            result.failed += give_up
            result.retried += not give_up
        uow.commit()
    return result


class _Deferred:
    def __init__(self, indexing: OutboxIndexing):
        self.indexing = indexing

    def __enter__(self) -> OutboxIndexing:
        self.indexing._deferred.on = True
        return self.indexing

    def __exit__(self, *exc: object) -> None:
        self.indexing._deferred.on = False
        self.indexing.drain_all()
