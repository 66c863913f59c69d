"""Each customer file's completeness, kept with the change that affects it, so the rate and the report
read kept states instead of checking every file per request.

`CompletenessTracking`, an in-transaction handler of the record and customer events (services/events.py),
rechecks the files a unit of work touched before it commits: in SQLite's transaction, in MongoDB's
buffered writes. Which files those are the store says (`take_affected`: a moved record's old customer too). States carry the fingerprint of the rules they were
checked with; `refresh_completeness` rechecks every state that is missing or under other rules — on first
use after a rule change (the rate and the report call it when the counts do not cover every customer) or
ahead of time with `docarchive report refresh-completeness`.
"""

from __future__ import annotations

from typing import Any

from docarchive.domain.completeness import (
    Completeness, FiledItem, Requirement, check_file, customer_type, file_over_time, rules_fingerprint,
)
from docarchive.domain.customers import Customer
from docarchive.domain.events import Event
from docarchive.ports.records import RecordStore, UnitOfWork

Rules = dict[str, tuple[Requirement, ...]]
REFRESH_BATCH = 1000


class CompletenessTracking:
    def __init__(self, rules: Rules):
        self.rules = rules
        self.fingerprint = rules_fingerprint(rules)

    def __call__(self, uow: UnitOfWork, events: list[Event]) -> None:
        affected = uow.completeness.take_affected()
        if affected:
            found = [uow.customers.find(no) for no in sorted(affected)]
            keep_states(uow, [c for c in found if c is not None], self.rules, self.fingerprint)


def keep_states(uow: UnitOfWork, customers: list[Customer], rules: Rules, fingerprint: str) -> None:
    """Each file's state now, and the file over time (which month ends it was complete at) for the trends."""
    items = uow.filing.items_of([c.customer_no for c in customers])
    for customer in customers:
        filed, kind = items[customer.customer_no], customer_type(customer.profile, rules)
        opened = f"{customer.created_at:%Y-%m}" if customer.created_at else ""
        uow.completeness.put(completeness_json(customer, check_file(kind, filed, rules)), fingerprint,
                             file_over_time(kind, filed, rules, opened))


def refresh_completeness(records: RecordStore, *, rules: Rules) -> int:
    """Recheck every file whose kept state is missing, out of date or under other rules; the number rechecked.
    A batch per unit of work, so writers wait at most one batch."""
    fingerprint, after, rechecked = rules_fingerprint(rules), None, 0
    while True:
        with records.unit_of_work() as uow:
            batch = uow.customers.scan(after_no=after, limit=REFRESH_BATCH)
            if not batch:
                return rechecked
            current = uow.completeness.current([c.customer_no for c in batch], fingerprint)
            stale = [c for c in batch if c.customer_no not in current]
            if stale:
                keep_states(uow, stale, rules, fingerprint)
                uow.commit()
            rechecked += len(stale)
        after = batch[-1].customer_no


def kept_counts(records: RecordStore, *, rules: Rules) -> tuple[int, int]:
    """(complete, customers) from the kept states, refreshed first when they do not cover every customer."""
    fingerprint = rules_fingerprint(rules)
    for _ in range(2):
        with records.unit_of_work(readonly=True) as uow:
            complete, checked = uow.completeness.counts(fingerprint)
            customers = uow.customers.count()
        if checked == customers:
            return complete, customers
        refresh_completeness(records, rules=rules)
    return complete, checked  # customers were added meanwhile (their own commits kept their states)


def check(customer: Customer, items: list[FiledItem], rules: Rules) -> Completeness:
    return check_file(customer_type(customer.profile, rules), items, rules)


def completeness_json(customer: Customer, result: Completeness) -> dict[str, Any]:
    return {"customer_no": customer.customer_no, "name": customer.name, "customer_type": result.customer_type,
            "complete": result.complete, "present": result.present, "missing": result.missing,
            "page_mismatches": result.page_mismatches}
