"""资料齐全 and 定期回访: which customer files lack documents, and which are due for their periodic review."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any, Iterator

from docarchive.domain.activities import ActivityKind
from docarchive.domain.completeness import Completeness, FiledItem, rules_fingerprint
from docarchive.domain.customers import Customer
from docarchive.domain.documents import Document
from docarchive.domain.principal import Principal
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore
from docarchive.services.completeness_tracking import Rules, check, completeness_json, kept_counts
from docarchive.services.access import require, seen_customer
from docarchive.services.customers import all_customers

SUMMARY_BATCH = 5000
MAX_FILE_RECORDS = 10_000


def customer_completeness(
    records: RecordStore, *, principal: Principal, rules: Rules, customer_no: str
) -> dict[str, Any]:
    with records.unit_of_work(readonly=True) as uow:
        customer = seen_customer(uow, principal, customer_no)
        documents = [d for d in uow.documents.list(customer_no=customer_no, limit=MAX_FILE_RECORDS)
                     if not d.disposal]  # a record set apart or erased no longer completes the file
    return completeness_json(customer, check(customer, [_filed(d) for d in documents], rules))


def completeness_report(
    records: RecordStore, *, principal: Principal, rules: Rules, only_incomplete: bool = False
) -> dict[str, Any]:
    """Every customer's file checked against its type's rules, with totals: read from the kept states."""
    require(principal, "reports", "see the completeness report")
    complete, customers = kept_counts(records, rules=rules)
    fingerprint, after, listed = rules_fingerprint(rules), None, []
    while True:
        with records.unit_of_work(readonly=True) as uow:
            batch = uow.completeness.list(fingerprint, only_incomplete=only_incomplete, after_no=after,
                                          limit=SUMMARY_BATCH)
        if not batch:
            break
        listed += batch
        after = batch[-1]["customer_no"]
    return {"customers": customers, "complete": complete, "rate": _rate(complete, customers), "files": listed}


def completeness_rate(records: RecordStore, *, principal: Principal, rules: Rules) -> float:
    """Share of customer files holding everything their type's rules ask for (0.0–1.0; 1.0 with no customers).
    For the statistics endpoint (客户构成分析): two kept counts, not a check of every file."""
    return _rate(*kept_counts(records, rules=rules))


def recomputed_completeness(records: RecordStore, *, rules: Rules) -> list[dict[str, Any]]:
    """Every file checked afresh from the records, ignoring kept states: what the kept states must equal."""
    return [completeness_json(customer, result) for customer, result in _check_every_file(records, rules)]


def review_due(
    records: RecordStore, *, principal: Principal, clock: Clock, interval_months: int
) -> list[dict[str, Any]]:
    """Files not reviewed within the interval (counted from the last review, else from when the file was
    opened), longest overdue first."""
    require(principal, "reports", "see the files due for review")
    now = clock.now()
    cutoff = _months_before(now, interval_months)
    with records.unit_of_work(readonly=True) as uow:
        last_reviews = uow.activities.latest(ActivityKind.REVIEW.value)
    due = []
    for customer in all_customers(records):
        reviewed = last_reviews.get(customer.customer_no)
        since = reviewed or customer.created_at
        if since is not None and since <= cutoff:
            due.append({"customer_no": customer.customer_no, "name": customer.name,
                        "archive_no": customer.archive_no,
                        "last_reviewed_at": reviewed.isoformat() if reviewed else None,
                        "file_opened_at": customer.created_at.isoformat() if customer.created_at else None,
                        "days_overdue": (now - _months_after(since, interval_months)).days})
    return sorted(due, key=lambda row: (-row["days_overdue"], row["customer_no"]))


def _check_every_file(records: RecordStore, rules: Rules) -> Iterator[tuple[Customer, Completeness]]:
    items = _items_by_customer(records)
    for customer in all_customers(records):
        yield customer, check(customer, items.get(customer.customer_no, []), rules)


def _items_by_customer(records: RecordStore) -> dict[str, list[FiledItem]]:
    """One pass over the records, reading only what the rules look at."""
    items: dict[str, list[FiledItem]] = defaultdict(list)
    after = None
    while True:
        with records.unit_of_work(readonly=True) as uow:
            batch = uow.filing.scan(after_id=after, limit=SUMMARY_BATCH)
        if not batch:
            return items
        for customer_no, item in batch:
            if customer_no:
                items[customer_no].append(item)
        after = batch[-1][1].document_id


def _filed(document: Document) -> FiledItem:
    return FiledItem(document.id, document.doc_type.value, document.title, document.page_count)


def _rate(complete: int, total: int) -> float:
    return round(complete / total, 4) if total else 1.0


def _months_before(moment: datetime, months: int) -> datetime:
    return _shift_months(moment, -months)


def _months_after(moment: datetime, months: int) -> datetime:
    return _shift_months(moment, months)


def _shift_months(moment: datetime, months: int) -> datetime:
    """Calendar months; a day the target month lacks (31st, 29 Feb) becomes its last day."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month + 1, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month + 1, day=min(moment.day, 28))
