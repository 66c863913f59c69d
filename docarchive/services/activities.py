"""Activity entries on a customer's file: recorded by the acting user, filed in their category, searchable."""

from __future__ import annotations

from datetime import UTC, tzinfo
from typing import Any

from docarchive.domain.activities import Activity, ActivityKind, parse_kind, parse_occurred_at, validate_details
from docarchive.domain.errors import InvalidInput
from docarchive.domain.events import ActivityRecorded
from docarchive.domain.ids import new_id
from docarchive.domain.principal import Principal
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore
from docarchive.services.access import require, seen_customer

MAX_LISTED = 1000


def record_activity(
    records: RecordStore, *, principal: Principal, clock: Clock, tz: tzinfo, customer_no: str, kind: str,
    occurred_at: Any, details: dict[str, Any],
) -> Activity:
    activity_kind = parse_kind(kind)
    if occurred_at in (None, ""):
        raise InvalidInput("occurred_at is required (the date or date-time it happened)")
    moment = parse_occurred_at(occurred_at, tz=tz)
    if moment > clock.now():
        raise InvalidInput("occurred_at is in the future")
    checked = validate_details(activity_kind, details or {}, moment.astimezone(tz).date())
    return _add(records, principal, clock, customer_no, activity_kind, moment, checked)


def record_review(
    records: RecordStore, *, principal: Principal, clock: Clock, customer_no: str, note: str | None = None
) -> Activity:
    """定期回访/更新: the file was checked with the customer today; the next review falls due a cycle later."""
    details = validate_details(ActivityKind.REVIEW, {"note": note, "reviewer": principal.user}, clock.now().date())
    return _add(records, principal, clock, customer_no, ActivityKind.REVIEW, clock.now(), details)


def list_activities(
    records: RecordStore, *, principal: Principal, customer_no: str, kind: str | None = None
) -> list[Activity]:
    kind_value = parse_kind(kind).value if kind else None
    with records.unit_of_work(readonly=True) as uow:
        seen_customer(uow, principal, customer_no)
        return uow.activities.list(customer_no, kind=kind_value, limit=MAX_LISTED)


def activity_json(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.id,
        "customer_no": activity.customer_no,
        "kind": activity.kind.value,
        "category": activity.category,
        "title": activity.title,
        "occurred_at": activity.occurred_at.isoformat(),
        "details": activity.details,
        "recorded_by": activity.recorded_by,
        "created_at": activity.created_at.isoformat() if activity.created_at else None,
    }


def _add(records: RecordStore, principal: Principal, clock: Clock, customer_no: str, kind: ActivityKind,
         moment, details: dict[str, Any]) -> Activity:
    require(principal, "edit_customers", "record customer activities")
    with records.unit_of_work() as uow:
        customer = seen_customer(uow, principal, customer_no)
        now = clock.now()
        activity = Activity(
            id=new_id(int(now.timestamp() * 1000)), customer_no=customer.customer_no, kind=kind,
            occurred_at=moment.astimezone(UTC), details=details, recorded_by=principal.user, created_at=now,
            confidentiality=customer.confidentiality, owner=customer.owner, department=customer.department,
        )
        uow.activities.add(activity)
        uow.record(ActivityRecorded(activity.id, activity.customer_no))
        uow.commit()
    return activity
