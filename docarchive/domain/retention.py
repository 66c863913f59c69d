"""保管期限: how long a volume or record is kept, from which event, and when it reaches its end (pure rules).

The periods are DA/T 13's codes — 永久 (Y), 30 years (D30), 10 years (D10) — or a number of years a setting
names per category (客户档案的保管期限为5年 for sales files). A period counts whole years from the first of
January after its start event (the year of filing, a contract's end date, the customer becoming former), the
way archive rooms count 保管期限: a volume of 2015 kept 10 years reaches its end on 2026-01-01.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from docarchive.domain.errors import InvalidInput
from docarchive.domain.paper.model import Retention

FILING, CONTRACT_END, CUSTOMER_FORMER = "filing", "contract_end", "customer_former"
START_EVENTS = (FILING, CONTRACT_END, CUSTOMER_FORMER)
CODE_YEARS = {Retention.PERMANENT: None, Retention.YEARS_30: 30, Retention.YEARS_10: 10}
MAX_YEARS = 100


@dataclass(frozen=True)
class Period:
    """A retention period: `years` (None: permanent) counted from `start`."""

    years: int | None
    start: str = FILING

    @property
    def code(self) -> Retention:
        return code_for(self.years)

    @property
    def label(self) -> str:
        return "永久" if self.years is None else f"{self.years}年"


def code_for(years: int | None) -> Retention:
    """The retention code an archive number carries for a period: the shortest code that keeps it long
    enough (5 years is filed under D10, 20 under D30), permanent as Y."""
    if years is None or years > 30:
        return Retention.PERMANENT
    return Retention.YEARS_10 if years <= 10 else Retention.YEARS_30


def period_of_code(code: Retention | str) -> Period:
    return Period(CODE_YEARS[Retention(code)])


def parse_period(text: str) -> Period:
    """A setting's period: `Y`/`永久`, `D30`, `D10`, or a number of years (`5`), optionally `:start`
    (`5:customer_former`, `D30:contract_end`)."""
    value, _, start = str(text).strip().partition(":")
    start = start.strip() or FILING
    if start not in START_EVENTS:
        raise InvalidInput(f"retention start {start!r} must be one of {', '.join(START_EVENTS)}")
    value = value.strip().upper()
    if value in ("Y", "永久"):
        return Period(None, start)
    if value in ("D30", "D10"):
        return Period(CODE_YEARS[Retention(value)], start)
    if value.isdigit() and 1 <= int(value) <= MAX_YEARS:
        return Period(int(value), start)
    raise InvalidInput(f"retention period {text!r} must be Y, D30, D10 or 1–{MAX_YEARS} years")


def end_of(period: Period, start: date | None) -> date | None:
    """The day the period ends: 1 January of the year after the start event, plus its years. None: kept for
    ever, or the start event has not happened (a customer still active, a contract without an end date)."""
    if period.years is None or start is None:
        return None
    return date(start.year + 1 + period.years, 1, 1)


def start_date(period: Period, *, filed_year: int | None, contract_end: date | None,
               former_since: date | None) -> date | None:
    """The date the period counts from, by its start event."""
    if period.start == CONTRACT_END:
        return contract_end
    if period.start == CUSTOMER_FORMER:
        return former_since
    return date(filed_year, 1, 1) if filed_year else None


@dataclass(frozen=True)
class DueItem:
    """A volume or record whose retention period ends by the asked date."""

    kind: str  # "volume" or "record"
    key: str  # archive number or record id
    title: str
    customer_no: str | None
    retention: str  # Y / D30 / D10 / "5年"
    start: str
    due: date
    level: str = "none"
    department: str = ""
    archive_no: str = ""  # a record's volume, when it is filed
    held: bool = False  # under a legal hold: listed, but cannot be destroyed

    @property
    def month(self) -> str:
        return self.due.strftime("%Y-%m")


def by_month(items: list[DueItem]) -> dict[str, list[DueItem]]:
    """Due items grouped by the month they reach their end, months and items in order."""
    grouped: dict[str, list[DueItem]] = {}
    for item in sorted(items, key=lambda i: (i.due, i.kind != "volume", i.key)):
        grouped.setdefault(item.month, []).append(item)
    return grouped


def category_periods(setting: dict[str, str]) -> dict[str, Period]:
    """The setting's per-category periods, each parsed (a bad one stops start-up with its reason)."""
    return {category: parse_period(text) for category, text in setting.items()}
