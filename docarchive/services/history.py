"""The change log as a use case: written from a unit of work's change events, and read per entity."""

from __future__ import annotations

from typing import Any

from docarchive.domain.access import Sight
from docarchive.domain.events import Changed, Event, PaperMoved, change_of
from docarchive.domain.history import CUSTOMER, DOCUMENT, ChangeEntry
from docarchive.domain.principal import Principal
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore, UnitOfWork
from docarchive.services.access import seen_customer, seen_document

MAX_PAGE = 500


def write_history(uow: UnitOfWork, events: list[Event]) -> None:
    """The in-transaction handler of change events: an entry per change that changed fields, and the paper
    history's moves, so history commits with the change it describes or not at all."""
    for event in events:
        if isinstance(event, Changed) and event.changes:
            uow.history.append(event.entry())
    moves = [event.move for event in events if isinstance(event, PaperMoved)]
    if moves:
        uow.paper_history.record(moves)


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
    """Raise the change event of entity (kind, key) in `uow` (for a kind without an event class of its own;
    domain/events.py): its history entry and audit event follow at commit. A blank reason is refused; the
    entry is None when nothing changed."""
    event = change_of(kind, key, before=before, after=after, at=clock.now(), by=principal.user, reason=reason)
    uow.record(event)
    return event.entry() if event.changes else None


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
