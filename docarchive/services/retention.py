"""保管期限 over the stores: what reaches the end of its retention period by a date (`retention due`).

A volume follows its own code (Y/D30/D10) from its year. A record filed in a volume goes with it, unless its
category has a period of its own (a setting: 5 years for sales files); a record not filed anywhere follows its
category's period or the records' default. What an appraisal kept longer is due again later; what is on an
open destruction list, set apart, or erased is not listed again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from docarchive.domain import retention as rules
from docarchive.domain.customers import Customer
from docarchive.domain.dates import parse_date
from docarchive.domain.disposal import DESTROYED, KEEP, DestructionList, hold_on
from docarchive.domain.documents import Document
from docarchive.domain.paper.model import Volume
from docarchive.domain.principal import Principal
from docarchive.domain.retention import DueItem, Period
from docarchive.ports.disposal import DisposalStore
from docarchive.ports.records import RecordStore, UnitOfWork
from docarchive.services.access import require

BATCH = 500
_END_DATE = re.compile(r"(?:结束日期|终止日期|截止日期|有效期至|到期日)[:：\s]*([^\n]{6,20})")


@dataclass(frozen=True)
class RetentionRules:
    """The settings' periods: per category (e.g. {"销售": Period(5, customer_former)}) and the default of a
    record that no volume or category gives one."""

    by_category: dict[str, Period] = field(default_factory=dict)
    records: Period = Period(30)


def due(records: RecordStore, disposal: DisposalStore, rules_: RetentionRules, *, principal: Principal,
        before: date) -> list[DueItem]:
    """Volumes and records whose period ends on or before `before`, in due order (archive room, directors,
    auditors: a report over the whole archive)."""
    require(principal, "reports", "list what is due for destruction")
    lists = disposal.lists(limit=10_000)
    handled = _on_open_lists(lists)
    extended = _kept_longer(lists)
    holds = disposal.holds()
    found = [item for item in _volumes_due(records, before) if item.key not in handled]
    found += [item for item in _records_due(records, rules_, before) if item.key not in handled]
    shown = []
    for item in found:
        years = extended.get(item.key, 0)
        if years and date(item.due.year + years, item.due.month, item.due.day) > before:
            continue
        held = hold_on(holds, customer_no=item.customer_no, archive_nos=[n for n in (item.archive_no,) if n],
                       record_ids=[item.key] if item.kind == "record" else []) is not None
        shown.append(_with(item, held=held))
    return sorted(shown, key=lambda i: (i.due, i.kind != "volume", i.key))


def due_json(items: list[DueItem]) -> dict:
    """What `retention due --json` and GET /api/retention/due answer: totals and the items by month."""
    months = rules.by_month(items)
    return {"total": len(items),
            "months": [{"month": month, "count": len(group), "items": [item_json(i) for i in group]}
                       for month, group in months.items()]}


def item_json(item: DueItem) -> dict:
    return {"kind": item.kind, "key": item.key, "archive_no": item.archive_no, "title": item.title,
            "customer_no": item.customer_no, "retention": item.retention, "start": item.start,
            "due": item.due.isoformat(), "confidentiality": item.level, "department": item.department,
            "held": item.held}


def _volumes_due(records: RecordStore, before: date):
    after = ""
    while True:
        with records.unit_of_work(readonly=True) as uow:
            batch = uow.volumes.list(after=after, limit=BATCH)
            customers = _customers(uow, {v.customer_no for v in batch})
        if not batch:
            return
        for volume in batch:
            end = rules.end_of(rules.period_of_code(volume.retention), date(volume.year, 1, 1) if volume.year else None)
            if end is not None and end <= before:
                yield _volume_item(volume, customers.get(volume.customer_no), end)
        after = batch[-1].archive_no


def _records_due(records: RecordStore, rules_: RetentionRules, before: date):
    after = None
    while True:
        with records.unit_of_work(readonly=True) as uow:
            batch = [d for d in uow.documents.scan(after_id=after, limit=BATCH)]
            filed = uow.volumes.filed_in([d.id for d in batch])
            customers = _customers(uow, {d.customer_no for d in batch if d.customer_no})
        if not batch:
            return
        for document in batch:
            if document.disposal:
                continue
            period = rules_.by_category.get(document.category)
            if period is None and document.id in filed:
                continue  # it goes with its volume
            period = period or rules_.records
            customer = customers.get(document.customer_no)
            start = rules.start_date(period, filed_year=document.created_at.year if document.created_at else None,
                                     contract_end=_contract_end(document), former_since=_former_since(customer))
            end = rules.end_of(period, start)
            if end is not None and end <= before:
                yield _record_item(document, customer, period, start, end, filed.get(document.id, ""))
        after = batch[-1].id


def _volume_item(volume: Volume, customer: Customer | None, end: date) -> DueItem:
    return DueItem(kind="volume", key=volume.archive_no, archive_no=volume.archive_no, title=volume.title,
                   customer_no=volume.customer_no, retention=volume.retention.value, start=f"{volume.year} 年归档",
                   due=end, level=volume.confidentiality.value, department=customer.department if customer else "")


def _record_item(document: Document, customer: Customer | None, period: Period, start: date, end: date,
                 archive_no: str) -> DueItem:
    code = period.code.value
    retention = code if rules.CODE_YEARS.get(period.code) == period.years else f"{code}（{period.label}）"
    return DueItem(kind="record", key=document.id, archive_no=archive_no, title=document.title or document.filename,
                   customer_no=document.customer_no, retention=retention, start=f"{period.start} {start.isoformat()}",
                   due=end, level=document.effective_confidentiality.value,
                   department=customer.department if customer else "")


def _contract_end(document: Document) -> date | None:
    """The end date a person entered (fields end_date), else one the contract's text states."""
    given = document.fields.get("end_date") or document.fields.get("contract_end")
    if isinstance(given, str) and (day := parse_date(given)):
        return day
    match = _END_DATE.search(document.text)
    return parse_date(match.group(1)) if match else None


def _former_since(customer: Customer | None) -> date | None:
    """When the customer became former: the profile's date if given, else its last change (status ← former)."""
    if customer is None or customer.profile.get("status") != "former":
        return None
    since = customer.profile.get("former_since")
    if isinstance(since, str) and (day := parse_date(since)):
        return day
    return customer.updated_at.date() if isinstance(customer.updated_at, datetime) else None


def _customers(uow: UnitOfWork, numbers: set[str]) -> dict[str, Customer]:
    return {no: c for no in numbers if no and (c := uow.customers.find(no)) is not None}


def _on_open_lists(lists: list[DestructionList]) -> set[str]:
    """Keys on a list still open, or destroyed by one: not listed again. Kept or recovered items are."""
    return {item.key for lst in lists for item in lst.items
            if item.outcome == "destroyed" or (lst.state != DESTROYED and not item.outcome)}


def _kept_longer(lists: list[DestructionList]) -> dict[str, int]:
    """Key → the most years an appraisal kept it longer."""
    kept: dict[str, int] = {}
    for lst in lists:
        for item in lst.items:
            if item.opinion == KEEP:
                kept[item.key] = max(kept.get(item.key, 0), item.keep_years)
    return kept


def _with(item: DueItem, *, held: bool) -> DueItem:
    from dataclasses import replace

    return replace(item, held=held)
