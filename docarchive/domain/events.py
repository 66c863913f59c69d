"""What happened, as services tell the unit of work: `uow.record(RecordChanged(...))`.

The unit of work keeps the events in order and hands them at commit to the handlers bootstrap registered
(services/events.py): the search index, completeness, change history and the audit trail all follow
from these, and an event raised in a unit of work that rolls back is never published.

A change a person (or the system, on their behalf) made to one entity is a `Changed`: with its reason and
the fields it changed, it becomes a change-history entry and an audit event. One with no changed fields
(`changes={}`) is still indexed, but leaves no history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from docarchive.domain.activities import Activity
from docarchive.domain.customers import Customer
from docarchive.domain.documents import Document
from docarchive.domain.history import CUSTOMER, DOCUMENT, ChangeEntry, FieldChanges, diff, required_reason
from docarchive.domain.paper.model import Move


class Event:
    """Something that happened in a unit of work; subclasses are frozen dataclasses named in the past tense."""


@dataclass(frozen=True)
class Changed(Event):
    """Entity (kind, key) changed: who, when, why, and each changed field's [before, after]."""

    key: str
    at: datetime
    by: str
    reason: str = ""
    changes: FieldChanges = field(default_factory=dict)
    kind: str = ""

    @classmethod
    def between(cls, key: str, before: dict[str, Any], after: dict[str, Any], *, at: datetime, by: str,
                reason: str, **extra: Any) -> "Changed":
        """The change from `before` to `after`; a blank reason is refused (InvalidInput)."""
        return cls(key=key, at=at, by=by, reason=required_reason(reason), changes=diff(before, after), **extra)

    def entry(self) -> ChangeEntry:
        """The change-history entry it makes."""
        return ChangeEntry(kind=self.kind, key=self.key, at=self.at, user=self.by, reason=self.reason,
                           changes=self.changes)


@dataclass(frozen=True)
class RecordAdded(Changed):
    """A record was stored (key: its id); changes are the link it arrived with."""

    kind: str = DOCUMENT


@dataclass(frozen=True)
class RecordChanged(Changed):
    """A stored record changed (key: its id): its link, category, review reasons, …"""

    kind: str = DOCUMENT


@dataclass(frozen=True)
class CustomerOpened(Changed):
    """A customer file was opened (key: the customer number), with every field it starts with."""

    kind: str = CUSTOMER


@dataclass(frozen=True)
class CustomerChanged(Changed):
    """A customer's profile changed (key: the customer number)."""

    kind: str = CUSTOMER


@dataclass(frozen=True)
class ActivityRecorded(Event):
    """An activity entry was added to a customer's file (entries are never changed)."""

    activity_id: str
    customer_no: str


@dataclass(frozen=True)
class PaperMoved(Event):
    """A box, volume, location or record's paper was placed, moved or filed (see Move.subject)."""

    move: Move

    @property
    def document_id(self) -> str | None:
        """The record filed or re-filed, when the move is a record's."""
        kind, _, key = self.move.subject.partition(":")
        return key if kind == DOCUMENT else None


# What a search index holds follows these: records, customers, activity entries (a record's filing too).
INDEXED = (RecordAdded, RecordChanged, CustomerOpened, CustomerChanged, ActivityRecorded, PaperMoved)
# What the change history and the audit trail record.
RECORDED = (Changed, PaperMoved)


def change_of(kind: str, key: str, *, before: dict[str, Any], after: dict[str, Any], at: datetime, by: str,
              reason: str) -> Changed:
    """The change event of an entity of this kind (the generic one for kinds without their own)."""
    cls = {DOCUMENT: RecordChanged, CUSTOMER: CustomerChanged}.get(kind)
    extra = {} if cls else {"kind": kind}
    return (cls or Changed).between(key, before, after, at=at, by=by, reason=reason, **extra)


def unannounced(events: list[Event], *, documents: list[Document], customers: list[Customer],
                activities: list[Activity], at: datetime) -> list[Event]:
    """Events for what a unit of work wrote without saying so (a write path that raises no event yet):
    the index and completeness still follow every write; history and audit need the real event."""
    told = {_subject(e) for e in events}
    missing: list[Event] = [RecordChanged(key=d.id, at=at, by="system") for d in documents
                            if (DOCUMENT, d.id) not in told]
    missing += [CustomerChanged(key=c.customer_no, at=at, by="system") for c in customers
                if (CUSTOMER, c.customer_no) not in told]
    missing += [ActivityRecorded(a.id, a.customer_no) for a in activities if ("activity", a.id) not in told]
    return missing


def _subject(event: Event) -> tuple[str, str] | None:
    if isinstance(event, Changed):
        return event.kind, event.key
    if isinstance(event, ActivityRecorded):
        return "activity", event.activity_id
    if isinstance(event, PaperMoved) and event.document_id:
        return DOCUMENT, event.document_id
    return None


def document_ids(events: list[Event]) -> list[str]:
    """The records these events changed (added, changed, filed), each once, in order."""
    return _keys(events, DOCUMENT)


def customer_nos(events: list[Event]) -> list[str]:
    """The customers these events opened or changed, each once, in order."""
    return _keys(events, CUSTOMER)


def activity_ids(events: list[Event]) -> list[str]:
    return _keys(events, "activity")


def _keys(events: list[Event], kind: str) -> list[str]:
    return list(dict.fromkeys(s[1] for s in map(_subject, events) if s and s[0] == kind))
