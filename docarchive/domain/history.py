"""The change log: who changed what, when, why — for any kind of entity (customer, document, …).

Entries are appended in the same unit of work as the change they describe and never edited, so nothing
is overwritten without a trace.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from docarchive.domain.errors import InvalidInput

MAX_REASON_LENGTH = 500
CUSTOMER = "customer"
DOCUMENT = "document"

FieldChanges = dict[str, list[Any]]  # field → [before, after]; None where the field was or became absent


@dataclass(frozen=True)
class ChangeEntry:
    kind: str
    key: str
    at: datetime
    user: str
    reason: str
    changes: FieldChanges


def required_reason(reason: str | None) -> str:
    """A change is only accepted with a reason someone can read later."""
    text = " ".join((reason or "").split())
    if not text:
        raise InvalidInput("a reason for the change is required")
    if len(text) > MAX_REASON_LENGTH:
        raise InvalidInput(f"the reason must be at most {MAX_REASON_LENGTH} characters")
    return text


def diff(before: dict[str, Any], after: dict[str, Any]) -> FieldChanges:
    """The fields whose values differ, with both values; nested values are compared whole."""
    keys = [*before, *(key for key in after if key not in before)]
    return {key: [before.get(key), after.get(key)] for key in keys if before.get(key) != after.get(key)}
