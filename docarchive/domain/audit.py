"""The audit trail: who did what, when, from where, with what outcome — as a hash chain.

Each event's hash is SHA-256 over the previous event's hash and a canonical JSON of the event itself (sorted
keys, no whitespace, UTF-8), so editing, deleting or re-ordering a stored event breaks the chain at that
event and `verify` can say where. Events never carry secrets or full ID numbers: `mask` sees to that before
an event is sealed.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from typing import Any, Iterable, Iterator

GENESIS = "0" * 64  # the "previous hash" of the first event

# What an event can be about; the list: sign-in, search, view, page-image view, download, print,
# export, change, approval, setting change.
SIGN_IN = "sign_in"
SEARCH = "search"
VIEW = "view"
PAGE_VIEW = "page_view"
DOWNLOAD = "download"
PRINT = "print"
EXPORT = "export"
CHANGE = "change"
APPROVE = "approve"
SETTING = "setting"
UNMASK = "unmask"  # an ID number shown in full (domain/personal_data.py)
REQUEST, REJECT, CANCEL = "request", "reject", "cancel"  # the other steps of an approval
TRANSFER = "transfer"  # customer files handed to another owner, as one event (each file's change is its own)
# Retention and disposal (services/destruction.py, services/recycling.py): each step of a destruction list, a
# legal hold placed or released, a record deleted, restored or purged, content destroyed.
DISPOSAL, HOLD, DELETE, RESTORE, PURGE, DESTROY = "disposal", "hold", "delete", "restore", "purge", "destroy"
ACTIONS = (SIGN_IN, SEARCH, VIEW, PAGE_VIEW, DOWNLOAD, PRINT, EXPORT, CHANGE, APPROVE, SETTING, UNMASK, REQUEST,
           REJECT, CANCEL, TRANSFER, DISPOSAL, HOLD, DELETE, RESTORE, PURGE, DESTROY)
LOAN_OUT, LOAN_RETURN = "loan_out", "loan_return"  # the lending desk (借阅): a volume handed over, taken back
ACTIONS += (LOAN_OUT, LOAN_RETURN)
OUTCOMES = ("ok", "denied", "failed")

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
_JSON_SCALARS = (str, int, float, bool, type(None))
_SECRET_KEYS = re.compile(r"pass(word)?|secret|token|api[_-]?key|credential|authorization|cookie", re.I)


@dataclass(frozen=True)
class AuditEvent:
    at: str  # ISO-8601 UTC with microseconds: sorts as text, in both backends
    user: str
    action: str
    source: str  # the client's address, or "cli"
    outcome: str = "ok"
    customer_no: str | None = None
    document_id: str | None = None
    subject: str | None = None  # any other target: an archive number, a setting, a file name
    detail: dict[str, Any] = field(default_factory=dict)
    seq: int = 0  # 0 until sealed into the chain
    prev_hash: str = ""
    hash: str = ""

    def body(self) -> dict[str, Any]:
        """Everything the hash covers, apart from the previous hash it is chained to."""
        return {name: getattr(self, name) for name in _BODY_FIELDS}


_BODY_FIELDS = tuple(f.name for f in fields(AuditEvent) if f.name not in ("prev_hash", "hash"))


@dataclass(frozen=True)
class AuditFilter:
    """What an auditor asks for; None matches anything. `since` is inclusive, `until` exclusive."""

    user: str | None = None
    customer_no: str | None = None
    document_id: str | None = None
    action: str | None = None
    since: str | None = None  # ISO-8601 UTC, compared as text against AuditEvent.at
    until: str | None = None

    def matches(self, event: AuditEvent) -> bool:
        equal = {"user": self.user, "customer_no": self.customer_no, "document_id": self.document_id,
                 "action": self.action}
        return (all(want is None or getattr(event, name) == want for name, want in equal.items())
                and (self.since is None or event.at >= self.since)
                and (self.until is None or event.at < self.until))


@dataclass(frozen=True)
class ChainBreak:
    seq: int  # the first event whose place in the chain is wrong (the one after the gap, for a deletion)
    reason: str

    def __str__(self) -> str:
        return f"event {self.seq}: {self.reason}"


def new_event(*, at: datetime, user: str, action: str, source: str, outcome: str = "ok",
              customer_no: str | None = None, document_id: str | None = None, subject: str | None = None,
              detail: dict[str, Any] | None = None) -> AuditEvent:
    """An unsealed event, masked: ID numbers hidden, secrets dropped."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown audit outcome {outcome!r}")
    return AuditEvent(at=timestamp(at), user=user, action=action, source=source, outcome=outcome,
                      customer_no=mask(customer_no), document_id=mask(document_id), subject=mask(subject),
                      detail=_plain(mask(detail or {})))


def timestamp(at: datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("audit times must be timezone-aware")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def mask(value: Any) -> Any:
    """ID numbers in any text become 110105********1234; values under secret-looking keys are dropped."""
    if isinstance(value, str):
        return _ID_NUMBER.sub(lambda m: f"{m[1]}********{m[2]}", value)
    if isinstance(value, dict):
        return {str(k): mask(v) for k, v in value.items() if not _SECRET_KEYS.search(str(k))}
    if isinstance(value, (list, tuple)):
        return [mask(item) for item in value]
    return value


def _plain(detail: dict[str, Any]) -> dict[str, Any]:
    """Detail as plain JSON values (tuples as lists, dates as text), so it reads back from any store as the
    same JSON the hash was computed over."""
    if all(type(value) in _JSON_SCALARS for value in detail.values()):
        return detail  # the common case, already plain: no round trip
    return json.loads(json.dumps(detail, ensure_ascii=False, default=str))


def canonical_json(event: AuditEvent) -> bytes:
    return _canonical(event.body())


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def event_hash(prev_hash: str, event: AuditEvent) -> str:
    return _hash(prev_hash, event.body())


def _hash(prev_hash: str, body: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + _canonical(body)).hexdigest()


def seal(event: AuditEvent, *, after: AuditEvent | None) -> AuditEvent:
    """`event` as the next link after `after` (None: the first event)."""
    seq, prev_hash = (after.seq + 1, after.hash) if after else (1, GENESIS)
    body = event.body() | {"seq": seq}
    return replace(event, seq=seq, prev_hash=prev_hash, hash=_hash(prev_hash, body))


def verify(events: Iterable[AuditEvent]) -> ChainBreak | None:
    """The first break in a chain read in stored order, or None when it is intact.

    Catches an edited event (its hash no longer matches its content), a deleted one (a gap in seq, or a
    prev_hash that matches no stored event) and re-ordered ones (a prev_hash pointing at an event stored
    after it). Deleting the newest events leaves a shorter valid chain: compare the count with what was
    expected (the summary gives the last seq and hash to write down)."""
    events = iter(events)
    previous: AuditEvent | None = None
    for event in events:
        broken = _link_break(previous, event, events)
        if broken:
            return broken
        previous = event
    return None


def _link_break(previous: AuditEvent | None, event: AuditEvent, later: Iterator[AuditEvent]) -> ChainBreak | None:
    expected_seq, expected_prev = (previous.seq + 1, previous.hash) if previous else (1, GENESIS)
    if event.seq > expected_seq:
        return ChainBreak(event.seq, _skipped(expected_seq, event.seq, later))
    if event.seq < expected_seq:
        return ChainBreak(event.seq, f"re-ordered: stored after event {expected_seq - 1}")
    if event.prev_hash != expected_prev:
        return ChainBreak(event.seq, _misplaced(event, previous, later))
    if event_hash(event.prev_hash, event) != event.hash:
        return ChainBreak(event.seq, "edited: its content does not match its hash")
    return None


def _skipped(expected_seq: int, seq: int, later: Iterator[AuditEvent]) -> str:
    """Why seqs before this one are not where they should be: stored later (re-ordered), or gone (deleted)."""
    if any(expected_seq <= other.seq < seq for other in later):
        return f"re-ordered: event {expected_seq} is stored after it"
    missing = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq}–{seq - 1}"
    return f"deleted: event {missing} is missing before it"


def _misplaced(event: AuditEvent, previous: AuditEvent | None, later: Iterator[AuditEvent]) -> str:
    """Why prev_hash points elsewhere: at an event stored later (re-ordered), or at none (one deleted and the
    rest renumbered, or the previous event edited and re-hashed)."""
    for other in later:
        if other.hash == event.prev_hash:
            before = previous.seq if previous else "the start"
            return f"re-ordered: it chains to the event now stored as {other.seq}, not to {before}"
    before = previous.seq if previous else "the start"
    if event_hash(event.prev_hash, event) != event.hash:
        return f"edited: its content does not match its hash, and it does not follow {before}"
    return f"deleted or re-written: its previous hash matches no stored event (the one before is {before})"
