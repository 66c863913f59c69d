"""Activity entries on a customer's file: communications, transactions, complaints, and periodic reviews.

They are structured data, not scans, but are filed in the same categories and searchable with the records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from docarchive.domain import categories
from docarchive.domain.documents import Confidentiality
from docarchive.domain.errors import InvalidInput

MAX_TEXT = 4000
MAX_SHORT = 200


class ActivityKind(StrEnum):
    COMMUNICATION = "communication"  # calls, emails, meetings, visits
    TRANSACTION = "transaction"  # a sale: product or service, quantity, amount
    COMPLAINT = "complaint"
    REVIEW = "review"  # 定期回访/更新: the file was checked with the customer

    @property
    def category(self) -> str:
        return _CATEGORY[self]

    @property
    def label(self) -> str:
        return _LABEL[self]


_CATEGORY = {
    ActivityKind.COMMUNICATION: categories.COMMUNICATION,
    ActivityKind.TRANSACTION: categories.FINANCE,
    ActivityKind.COMPLAINT: categories.COMPLAINTS,
    ActivityKind.REVIEW: categories.COMMUNICATION,
}
_LABEL = {
    ActivityKind.COMMUNICATION: "沟通记录",
    ActivityKind.TRANSACTION: "交易记录",
    ActivityKind.COMPLAINT: "投诉记录",
    ActivityKind.REVIEW: "定期回访",
}


@dataclass
class Activity:
    id: str
    customer_no: str
    kind: ActivityKind
    occurred_at: datetime
    details: dict[str, Any]  # the kind's own fields, validated by validate_details
    recorded_by: str = ""
    created_at: datetime | None = None
    confidentiality: Confidentiality = Confidentiality.NONE
    owner: str = ""
    department: str = ""
    version: int = 1

    @property
    def category(self) -> str:
        return self.kind.category

    @property
    def title(self) -> str:
        headline = self.details.get("summary") or self.details.get("product") or self.details.get("content") or ""
        return f"{self.kind.label} {self.occurred_at.date().isoformat()} {headline[:40]}".strip()

    @property
    def text(self) -> str:
        """Every written detail, for search and highlighting."""
        return "\n".join(str(value) for value in self.details.values() if value not in (None, ""))


# Required and optional fields of each kind; values are checked by the _check_* functions below.
_FIELDS: dict[ActivityKind, dict[str, tuple[str, bool]]] = {
    ActivityKind.COMMUNICATION: {"channel": ("short", True), "contact": ("short", True),
                                 "summary": ("text", True), "follow_up_on": ("date", False)},
    ActivityKind.TRANSACTION: {"product": ("short", True), "quantity": ("number", True),
                               "amount": ("money", True), "currency": ("short", False), "note": ("text", False)},
    ActivityKind.COMPLAINT: {"content": ("text", True), "handling": ("text", False), "result": ("text", False)},
    ActivityKind.REVIEW: {"note": ("text", False), "reviewer": ("short", False)},
}


def parse_kind(value: str) -> ActivityKind:
    try:
        return ActivityKind((value or "").strip().lower())
    except ValueError:
        raise InvalidInput(f"unknown activity kind {value!r}: use one of {', '.join(k.value for k in ActivityKind)}")


def validate_details(kind: ActivityKind, given: dict[str, Any], occurred_on: date) -> dict[str, Any]:
    """The kind's fields, checked and normalised; unknown or missing fields are refused with their names."""
    fields = _FIELDS[kind]
    unknown = sorted(set(given) - set(fields))
    if unknown:
        raise InvalidInput(f"{kind.value} has no field {', '.join(unknown)}; its fields are {', '.join(fields)}")
    details = {}
    for name, (shape, required) in fields.items():
        value = given.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise InvalidInput(f"{kind.value} needs {name}")
            continue
        details[name] = _CHECKS[shape](name, value)
    if "follow_up_on" in details and details["follow_up_on"] < occurred_on.isoformat():
        raise InvalidInput("follow_up_on cannot be before the communication itself")
    return details


def _check_short(name: str, value: Any) -> str:
    return _check_text(name, value, MAX_SHORT)


def _check_text(name: str, value: Any, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{name} must be text")
    value = value.strip()
    if len(value) > limit:
        raise InvalidInput(f"{name} is longer than {limit} characters")
    return value


def _check_date(name: str, value: Any) -> str:
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise InvalidInput(f"{name} must be a date like 2026-05-06, not {value!r}") from None


def _check_number(name: str, value: Any) -> str:
    number = _decimal(name, value)
    if number <= 0:
        raise InvalidInput(f"{name} must be more than 0")
    return str(number)


def _check_money(name: str, value: Any) -> str:
    amount = _decimal(name, value)
    if amount.as_tuple().exponent < -2:
        raise InvalidInput(f"{name} has more than 2 decimals (fen)")
    return str(amount)


def _decimal(name: str, value: Any) -> Decimal:
    if isinstance(value, bool):
        raise InvalidInput(f"{name} must be a number")
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise InvalidInput(f"{name} must be a number, not {value!r}") from None
    if not number.is_finite() or abs(number) >= Decimal("1e15"):
        raise InvalidInput(f"{name} must be a finite number below 10^15")
    return number


_CHECKS = {"short": _check_short, "text": _check_text, "date": _check_date, "number": _check_number,
           "money": _check_money}


def parse_occurred_at(value: Any, *, tz) -> datetime:
    """A date or date-time; a bare date means midnight and a naive time the deployment's zone."""
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(f"occurred_at must be a date or date-time like 2026-05-06T14:30, not {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)
