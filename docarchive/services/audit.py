"""The audit trail as use cases: record what a principal did, and answer auditors (list, verify, export).

Every service that reads or changes archives takes an optional `audit` log; None means auditing is off (a
benchmark's baseline, a tool that runs as the system). Where a request came from is a context variable: the
API sets it to the client's address per request, and everything else is "cli".
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, Iterator

from docarchive.domain.audit import CHANGE, VIEW, AuditEvent, AuditFilter, ChainBreak, new_event, timestamp, verify
from docarchive.domain.errors import DocarchiveError, Forbidden, InvalidInput
from docarchive.domain.events import Changed, Event, PaperMoved
from docarchive.domain.history import CUSTOMER, DOCUMENT, ChangeEntry
from docarchive.domain.paper.model import Move
from docarchive.domain.principal import Principal
from docarchive.ports.audit import AuditLog
from docarchive.ports.clock import Clock

MAX_PAGE_SIZE = 500
log = logging.getLogger(__name__)
current_source: ContextVar[str] = ContextVar("audit_source", default="cli")


def record(audit: AuditLog | None, principal: Principal | None, action: str, *, clock: Clock | None = None,
           outcome: str = "ok", customer_no: str | None = None, document_id: str | None = None,
           subject: str | None = None, detail: dict[str, Any] | None = None) -> AuditEvent | None:
    """Append one event for `principal` doing `action`, from the current source; nothing when audit is off.
    No principal means the system itself (a tool, a background task) acted."""
    if audit is None:
        return None
    at = clock.now() if clock else datetime.now(UTC)
    user = principal.user if principal else "system"
    return audit.append(new_event(at=at, user=user, action=action, source=current_source.get(), outcome=outcome,
                                  customer_no=customer_no, document_id=document_id, subject=subject,
                                  detail=detail))


@contextmanager
def audited(audit: AuditLog | None, principal: Principal | None, action: str, *, clock: Clock | None = None,
            **target: Any) -> Iterator[dict[str, Any]]:
    """Record `action` once the block is done: "ok", or "failed" when it raised ("denied" for a domain
    error whose status is 401/403), with the error's kind. The block may fill in the yielded target (its
    customer_no, document_id, subject, detail) as it learns them."""
    target.setdefault("detail", {})
    try:
        yield target
    except Exception as exc:
        denied = isinstance(exc, DocarchiveError) and exc.status_code in (401, 403)
        outcome = "denied" if denied else "failed"
        target["detail"] = {**target["detail"], "error": type(exc).__name__}
        record(audit, principal, action, clock=clock, outcome=outcome, **target)
        raise
    record(audit, principal, action, clock=clock, **target)


class AuditChanges:
    """The after-commit handler of change events: one "change" audit event per change that changed fields
    (the ones the change history records) and per paper move, once their unit of work has committed — so
    the trail never claims a change that did not happen."""

    def __init__(self, audit: AuditLog):
        self._audit = audit

    def __call__(self, events: list[Event]) -> None:
        source = current_source.get()
        audited = [audit_event(event, source=source) for event in events]
        audited = [event for event in audited if event is not None]
        try:
            if audited:
                self._audit.append_many(audited)
        except DocarchiveError:  # the changes are in, with their history; say so loudly, not undo them
            log.exception("%d committed changes not audited: %s", len(audited), [e.subject for e in audited])


def audit_event(event: Event, *, source: str) -> AuditEvent | None:
    if isinstance(event, Changed) and event.changes:
        return change_event(event.entry(), source=source)
    if isinstance(event, PaperMoved):
        return move_event(event.move, source=source)
    return None


def change_event(entry: ChangeEntry, *, source: str) -> AuditEvent:
    return new_event(at=entry.at, user=entry.user, action=CHANGE, source=source,
                     customer_no=entry.key if entry.kind == CUSTOMER else None,
                     document_id=entry.key if entry.kind == DOCUMENT else None,
                     subject=f"{entry.kind}:{entry.key}",
                     detail={"reason": entry.reason, "fields": sorted(entry.changes)})


def move_event(move: Move, *, source: str) -> AuditEvent:
    """A paper-archive change (placing, moving or filing a box, volume, location or record's paper)."""
    kind, _, key = move.subject.partition(":")
    return new_event(at=move.at, user=move.by, action=CHANGE, source=source, subject=move.subject,
                     document_id=key if kind == DOCUMENT else None,
                     detail={"reason": move.reason, "paper": move.action, "to": move.to})


# --- for auditors ---------------------------------------------------------------------------------------

# 三员分立: the trail is the auditor's (安全审计员), not the administrator's it also records.
AUDIT_READERS = frozenset({"auditor"})


def require_auditor(audit: AuditLog, principal: Principal, *, clock: Clock | None = None) -> None:
    """Raise Forbidden unless `principal` may read the audit trail; a refused attempt is itself recorded."""
    if AUDIT_READERS & set(principal.roles):
        return
    record(audit, principal, VIEW, clock=clock, outcome="denied", subject="audit")
    raise Forbidden("the audit trail is for auditors")


@dataclass(frozen=True)
class VerifyResult:
    count: int
    last: AuditEvent | None
    broken: ChainBreak | None

    def summary(self) -> str:
        if self.broken:
            return f"audit chain broken at {self.broken}"
        if self.last is None:
            return "audit chain intact: no events yet"
        return f"audit chain intact: {self.count} events, last seq {self.last.seq} hash {self.last.hash}"


def verify_log(audit: AuditLog) -> VerifyResult:
    counted = _Counting(audit.scan())
    broken = verify(counted)
    return VerifyResult(count=counted.count, last=counted.last, broken=broken)


class _Counting:
    def __init__(self, events: Iterator[AuditEvent]):
        self._events, self.count, self.last = events, 0, None

    def __iter__(self) -> Iterator[AuditEvent]:
        return self

    def __next__(self) -> AuditEvent:
        self.last = next(self._events)
        self.count += 1
        return self.last


def list_events(audit: AuditLog, where: AuditFilter, *, page: int = 1, size: int = 50,
                principal: Principal | None = None) -> dict[str, Any]:
    """A page of matching events with the total; with `principal`, the reading is itself recorded."""
    if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidInput(f"page must be at least 1 and size between 1 and {MAX_PAGE_SIZE}")
    events = audit.list(where, limit=size, offset=(page - 1) * size)
    listing = {"total": audit.count(where), "page": page, "size": size, "events": [event_json(e) for e in events]}
    if principal is not None:
        record(audit, principal, VIEW, subject="audit", detail={"filter": filter_json(where), "page": page})
    return listing


def filter_json(where: AuditFilter) -> dict[str, str]:
    return {name: value for name, value in vars(where).items() if value is not None}


def all_matching(audit: AuditLog, where: AuditFilter, *, batch: int = 1000) -> Iterator[AuditEvent]:
    """Every matching event, newest first, a page at a time."""
    offset = 0
    while events := audit.list(where, limit=batch, offset=offset):
        yield from events
        offset += len(events)


def event_json(event: AuditEvent) -> dict[str, Any]:
    return {**event.body(), "prev_hash": event.prev_hash, "hash": event.hash}


def audit_filter(*, user: str | None = None, customer_no: str | None = None, document_id: str | None = None,
                 action: str | None = None, since: str | None = None, until: str | None = None,
                 timezone: tzinfo = UTC) -> AuditFilter:
    """An auditor's filter. `since`/`until` are dates (local days, `until` included) or ISO datetimes."""
    return AuditFilter(user=user or None, customer_no=customer_no or None, document_id=document_id or None,
                       action=action or None, since=_moment(since, timezone, end=False),
                       until=_moment(until, timezone, end=True))


def _moment(text: str | None, timezone: tzinfo, *, end: bool) -> str | None:
    if not text:
        return None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text) + timedelta(days=1 if end else 0)
            return timestamp(datetime.combine(day, time(), tzinfo=timezone))
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{text!r} is not a date (2026-05-06) or date and time (2026-05-06T09:30)") from None
    return timestamp(moment if moment.tzinfo else moment.replace(tzinfo=timezone))

