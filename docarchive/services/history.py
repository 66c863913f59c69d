"""The change log as a use case: record a change in the caller's unit of work, and read an entity's history."""

from __future__ import annotations

from typing import Any

from docarchive.domain.access import Sight
from docarchive.domain.history import CUSTOMER, DOCUMENT, ChangeEntry, diff, required_reason
from docarchive.domain.principal import Principal
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore, UnitOfWork
from docarchive.services.access import seen_customer, seen_document

MAX_PAGE = 500


def record_change(
    uow: UnitOfWork,
    principal: Principal,
    kind: str,
    key: str,
    before: dict[str, Any],
    after: dict[str, Any],
    reason: str,
    *,
    clock: Clock,
) -> ChangeEntry | None:
    """Append who changed which fields of entity (kind, key), from what to what, and why — in `uow`, so it
    commits with the change itself. Nothing is appended when nothing changed; a blank reason is refused."""
    reason = required_reason(reason)
    changes = diff(before, after)
    if not changes:
        return None
    entry = ChangeEntry(kind=kind, key=key, at=clock.now(), user=principal.user, reason=reason, changes=changes)
    uow.history.append(entry)
    return entry


def history_of(
    records: RecordStore, principal: Principal, kind: str, key: str, *, limit: int = 100, offset: int = 0
) -> list[ChangeEntry]:
    """An entity's changes, newest first: for a record the principal may read, a customer they may know of
    (NotFound otherwise, as for an unknown one: the history says what the fields held)."""
    with records.unit_of_work(readonly=True) as uow:
        if kind == DOCUMENT:
            seen_document(uow, principal, key, Sight.READ)
        elif kind == CUSTOMER:
            seen_customer(uow, principal, key)
        return uow.history.list(kind, key, limit=min(max(limit, 1), MAX_PAGE), offset=max(offset, 0))


def change_json(entry: ChangeEntry) -> dict[str, Any]:
    return {"kind": entry.kind, "key": entry.key, "at": entry.at.isoformat(), "user": entry.user,
            "reason": entry.reason, "changes": {f: {"before": b, "after": a} for f, (b, a) in entry.changes.items()}}
