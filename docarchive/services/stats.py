"""Customer composition (客户构成分析): counts the record store groups itself, plus the completeness rate.

The completeness rate is read from the completeness states kept at commit (services/completeness_tracking.py);
the composition root plugs it in as `completeness_rate`, without which the figure is None.
"""

from __future__ import annotations

from typing import Any, Callable

from docarchive.domain.principal import Principal
from docarchive.ports.records import CUSTOMER_GROUPINGS, RecordStore
from docarchive.services.access import require

# The seam for the completeness feature: given the record store, the share (0..1) of customer files that
# hold every required document, or None when it cannot tell.
CompletenessRate = Callable[[RecordStore], float | None]
UNSET = "unset"  # the key for customers without a value (JSON keys are strings)


def customer_statistics(
    records: RecordStore, principal: Principal, *, completeness_rate: CompletenessRate | None = None
) -> dict[str, Any]:
    """Counts over the whole archive: for the roles that see all of it."""
    require(principal, "reports", "see statistics of the whole archive")
    with records.unit_of_work(readonly=True) as uow:
        stats = uow.statistics
        grouped = {g: stats.customers_by(g) for g in CUSTOMER_GROUPINGS}
        by_category = stats.documents_by_category()
        new_per_month = stats.customers_by_month()
    figures = {
        # Every customer (record) is counted once in each grouping: the totals need no count of their own.
        "customers": sum(grouped["grade"].values()),
        **{f"by_{'region' if g == 'province' else g}": _keys(counts) for g, counts in grouped.items()},
        "new_per_month": dict(sorted(new_per_month.items())),
        "records": sum(by_category.values()),
        "records_by_category": _keys(by_category),
    }
    figures["completeness_rate"] = completeness_rate(records) if completeness_rate else None
    return figures


def _keys(counts: dict[str | None, int]) -> dict[str, int]:
    """Largest first; customers without a value under UNSET."""
    named = {(UNSET if key in (None, "") else str(key)): n for key, n in counts.items()}
    return dict(sorted(named.items(), key=lambda item: (-item[1], item[0])))


STATISTICS_HEADER = ["figure", "value", "count"]


def statistics_rows(figures: dict[str, Any]) -> list[list[Any]]:
    """The figures as one table (figure, value, count) for a spreadsheet: every grouping's counts, then the
    totals; the figures over time (services/stats_trends.py) with both keys in the value. Values come from customer profiles, so the writer escapes them (adapters/spreadsheet_output.py)."""
    rows: list[list[Any]] = []
    for name, value in figures.items():
        if isinstance(value, dict):
            rows.extend([name, key, n] for key, n in _flat(value))
        elif value is not None:
            rows.append([name, "", value])
    return rows


def _flat(table: dict[str, Any]) -> list[tuple[str, Any]]:
    """A figure over two keys (year and category, month and measure) as "outer / inner" values."""
    flat: list[tuple[str, Any]] = []
    for key, value in table.items():
        if isinstance(value, dict):
            flat.extend((f"{key} / {inner}", n) for inner, n in value.items() if n is not None)
        else:
            flat.append((key, value))
    return flat
