"""Consent to process a customer's personal information (PIPL 个人信息处理同意): when it was given, for what,
and which record in the file shows it. A customer's consents are kept as a list on the customer; a change
to it is a change like any other (history, with its reason)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from docarchive.domain.dates import to_iso
from docarchive.domain.errors import InvalidInput
from docarchive.domain.history import required_reason

MAX_SCOPE = 200


def new_consent(*, given_on: str, scope: str, document_id: str, recorded_by: str, recorded_at: datetime,
                reason: str) -> dict[str, Any]:
    """A consent as stored: the date it was given (as people write it: 2026-05-06, 2026年5月6日), its scope
    (what the customer agreed to), the record that shows it, who recorded it, when and why."""
    date = to_iso(given_on or "")
    if date is None:
        raise InvalidInput(f"the date consent was given is not a date: {given_on!r}")
    scope = " ".join((scope or "").split())
    if not scope or len(scope) > MAX_SCOPE:
        raise InvalidInput(f"the scope of the consent is required (at most {MAX_SCOPE} characters)")
    if not document_id:
        raise InvalidInput("the record that shows the consent is required (document_id)")
    return {"date": date, "scope": scope, "document_id": document_id, "recorded_by": recorded_by,
            "recorded_at": recorded_at.isoformat(), "reason": required_reason(reason)}
