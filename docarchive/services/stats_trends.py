"""Statistics over time (统计趋势): records per category per year, ingest volume per month and per day, and the
share of complete customer files at each month end.

Read from what the stores keep as records and files change, never from the records themselves (reading every
record took 93 CPU s at 1,000,000 pages): records per day of arrival and category with their pages
(Statistics.documents_by_day, records set apart or erased left out), and each customer file over time, kept
with its completeness state (domain FileOverTime). No store keeps past completeness states, so a file's
months are rebuilt from dates when its state is kept: it counts from the month its customer was opened; a
record counts in it from the month it arrived or was linked to that customer, whichever is later; each month
end's file is judged by today's rules and the records' fields as they are today. A record removed since is
not counted in any month.

The figures are the whole archive's, so only those who know of every record and file see them: every role
with `reports` does (domain/access.py, Access.lists_every_record).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import Any, Iterable

from docarchive.domain.completeness import rules_fingerprint
from docarchive.domain.errors import Forbidden
from docarchive.domain.principal import Principal
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore
from docarchive.services.access import access_of, require
from docarchive.services.completeness_tracking import Rules, kept_counts
from docarchive.services.stats import UNSET

RECENT_DAYS = 31  # the daily ingest series: the last month, today included


def trend_statistics(records: RecordStore, principal: Principal, *, rules: Rules, clock: Clock) -> dict[str, Any]:
    require(principal, "reports", "see statistics of the whole archive")
    if not access_of(principal).lists_every_record:
        raise Forbidden("the statistics over time count the whole archive: only for those who may know of all of it")
    kept_counts(records, rules=rules)  # every file's state kept under these rules (refreshed first if not)
    with records.unit_of_work(readonly=True) as uow:
        by_day = uow.statistics.documents_by_day()
        opened, turned = uow.completeness.over_time(rules_fingerprint(rules))
    today = clock.now()
    by_year, per_month, per_day = _tallied(by_day)
    return {
        "records_by_category_year": {year: dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
                                     for year, counts in sorted(by_year.items())},
        "ingest_per_month": _filled(per_month, _months(per_month, today)),
        "ingest_per_day": _filled(per_day, _days(today)),
        "completeness_per_month": _completeness_per_month(Counter(opened), Counter(turned), today),
    }


def _tallied(by_day: dict[tuple[str, str], tuple[int, int]]):
    """(records per year and category, [records, pages] per month, the same per day) from the kept counts.
    Plain lists, not Counter.update: a 1M-page archive has ~28,000 day and category keys."""
    by_year: dict[str, Counter] = defaultdict(Counter)
    per_month: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_day: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (day, category), (records, pages) in by_day.items():
        by_year[day[:4] or UNSET][category or UNSET] += records
        if day:
            for tally in (per_month[day[:7]], per_day[day]):
                tally[0] += records
                tally[1] += pages
    return by_year, per_month, per_day


def _completeness_per_month(opened: Counter, turned: Counter, today: datetime) -> dict[str, dict[str, Any]]:
    """At each month end: the customers' files opened by then, how many held every required record."""
    series: dict[str, dict[str, Any]] = {}
    files, whole = opened.pop("", 0), turned.pop("", 0)  # files and records of unknown date count from the start
    for month in _months([*opened, *turned], today):
        files += opened[month]
        whole += turned[month]
        series[month] = {"complete": whole, "customers": files, "share": round(whole / files, 4) if files else None}
    return series


def _filled(counts: dict[str, list[int]], keys: list[str]) -> dict[str, dict[str, int]]:
    """Every month (or day) of the span, zeros included, so the axis is a calendar."""
    return {key: {"records": counts[key][0], "pages": counts[key][1]} for key in keys}


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
