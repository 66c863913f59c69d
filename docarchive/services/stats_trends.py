"""Statistics over time (统计趋势): records per category per year, ingest volume per month and per day, and the
share of complete customer files at each month end. Every figure counts only what the principal may see: the
records at least listed for them (not set apart or erased), the customer files they may know of.

No store keeps past completeness states (services/completeness_tracking.py keeps today's), so the monthly
series is rebuilt from dates: a file counts from the month its customer was opened; a record counts in it
from the month it arrived or was linked to that customer, whichever is later; each month end's file is judged
by today's rules and the records' fields as they are today. A record removed since is not counted in any
month. This reads every record the principal may see, like the holdings report (services/holdings.py), so
the screen asks for it apart from the counters of services/stats.py.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import Any, Iterable, Iterator

from docarchive.domain.completeness import FiledItem, check_file, customer_type
from docarchive.domain.customers import Customer
from docarchive.domain.documents import Document
from docarchive.domain.principal import Principal
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore, UnitOfWork
from docarchive.services.access import every_visible_document, require, sees_customer
from docarchive.services.completeness_tracking import Rules
from docarchive.services.stats import UNSET

BATCH = 500
RECENT_DAYS = 31  # the daily ingest series: the last month, today included


def trend_statistics(records: RecordStore, principal: Principal, *, rules: Rules, clock: Clock) -> dict[str, Any]:
    require(principal, "reports", "see statistics of the whole archive")
    today = clock.now()
    tally = _Tally()
    with records.unit_of_work(readonly=True) as uow:
        for document in every_visible_document(uow, principal, batch=BATCH):
            tally.record(document)
        customers = list(_visible_customers(uow, principal))
    return {
        "records_by_category_year": {year: dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
                                     for year, counts in sorted(tally.by_year.items())},
        "ingest_per_month": _filled(tally.per_month, _months(tally.per_month, today)),
        "ingest_per_day": _filled(tally.per_day, _days(today)),
        "completeness_per_month": _completeness_per_month(customers, tally.filed, rules, today),
    }


class _Tally:
    def __init__(self) -> None:
        self.by_year: dict[str, Counter] = defaultdict(Counter)
        self.per_month: dict[str, Counter] = defaultdict(Counter)
        self.per_day: dict[str, Counter] = defaultdict(Counter)
        # customer → (month from which the record is in that file, what completeness looks at)
        self.filed: dict[str, list[tuple[str, FiledItem]]] = defaultdict(list)

    def record(self, document: Document) -> None:
        arrived = document.created_at
        self.by_year[str(arrived.year) if arrived else UNSET][document.category or UNSET] += 1
        if arrived:
            for series, key in ((self.per_month, _month(arrived)), (self.per_day, arrived.date().isoformat())):
                series[key].update({"records": 1, "pages": len(document.pages)})
        if document.customer_no:
            item = FiledItem(document.id, document.doc_type.value, document.title, len(document.pages))
            self.filed[document.customer_no].append((_in_file_from(document), item))


def _in_file_from(document: Document) -> str:
    """The month the record arrived or was linked to its customer, whichever is later ("" when unknown:
    then it counts from the start)."""
    moments = [document.created_at] if document.created_at else []
    try:
        moments.append(datetime.fromisoformat(str((document.link or {})["at"])))
    except (KeyError, ValueError):
        pass  # no link time kept (filed at ingest, or written before links carried one)
    return max(_month(moment) for moment in moments) if moments else ""


def _completeness_per_month(customers: list[Customer], filed: dict[str, list[tuple[str, FiledItem]]], rules: Rules,
                            today: datetime) -> dict[str, dict[str, Any]]:
    """At each month end: the customers' files opened by then, how many held every required record."""
    opened: Counter = Counter()
    turned: Counter = Counter()  # month → files that became complete (+1) or stopped being complete (−1)
    for customer in customers:
        items = sorted(filed.get(customer.customer_no, []), key=lambda pair: pair[0])
        start = _month(customer.created_at) if customer.created_at else min([m for m, _ in items if m], default="")
        opened[start] += 1
        kind, complete = customer_type(customer.profile, rules), False
        for month in sorted({start, *(max(start, m) for m, _ in items)}):
            now = check_file(kind, [item for m, item in items if m <= month], rules).complete
            if now != complete:
                turned[month] += 1 if now else -1
                complete = now
    series: dict[str, dict[str, Any]] = {}
    files, whole = opened.pop("", 0), turned.pop("", 0)  # files and records of unknown date count from the start
    for month in _months([*opened, *turned], today):
        files += opened[month]
        whole += turned[month]
        series[month] = {"complete": whole, "customers": files, "share": round(whole / files, 4) if files else None}
    return series


def _visible_customers(uow: UnitOfWork, principal: Principal) -> Iterator[Customer]:
    after = None
    while customers := uow.customers.scan(after_no=after, limit=BATCH):
        yield from (customer for customer in customers if sees_customer(principal, customer))
        after = customers[-1].customer_no


def _filled(counts: dict[str, Counter], keys: list[str]) -> dict[str, dict[str, int]]:
    """Every month (or day) of the span, zeros included, so the axis is a calendar."""
    return {key: {"records": counts[key]["records"], "pages": counts[key]["pages"]} for key in keys}


def _month(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def _months(seen: Iterable[str], today: datetime) -> list[str]:
    """From the first month seen to this month (or the last seen, if the clock is behind the data)."""
    seen = sorted(seen)
    if not seen:
        return []
    year, month = int(seen[0][:4]), int(seen[0][5:7])
    last = max((today.year, today.month), (int(seen[-1][:4]), int(seen[-1][5:7])))
    months = []
    while (year, month) <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _days(today: datetime) -> list[str]:
    return [(today.date() - timedelta(days=back)).isoformat() for back in range(RECENT_DAYS - 1, -1, -1)]
