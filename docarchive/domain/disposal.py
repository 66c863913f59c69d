"""Appraisal and destruction (鉴定, 销毁), legal holds and the recycle area: pure rules, no I/O.

The house policies (../shared/seeds) this follows:
- "超过保存期限的档案，由…档案管理人员登记造册，经…共同鉴定，报…批准后，按规定销毁": the archivist drafts a
  list from what is due, an appraisal group gives an opinion per item, approval follows.
- "凡属于密级的档案资料必须由总经理批准方可销毁；一般的档案资料，由…批准": 秘密 and above by the director, the
  rest by the department manager (domain/approvals.py's `destroy` kind).
- "经批准销毁的档案可单独存放半年，经验证确无保留价值时再行销毁，以免误毁": six months set apart (quarantine),
  recoverable meanwhile.
- "销毁档案必须在指定地点进行，并指派专人监销…监销人应在销毁登记表上签字"; "登记表永久保存": a named
  supervisor confirms at a named time; the register entry is permanent.
- "客户档案一经建立，不得随意刪除或銷毀，如須刪除或銷毀須報…审批": a deleted record waits 30 days in a
  recycle area, restorable, before it is purged.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta, timezone

from docarchive.domain.errors import Conflict, Forbidden, InvalidInput
from docarchive.domain.history import required_reason
from docarchive.domain.principal import Principal
from docarchive.domain.retention import DueItem

# Destruction list states, in order.
DRAFT, APPRAISED, SUBMITTED, QUARANTINED, SCHEDULED, DESTROYED = (
    "draft", "appraised", "submitted", "quarantined", "scheduled", "destroyed")
DESTROY, KEEP = "destroy", "keep"
OPINIONS = (DESTROY, KEEP)
QUARANTINE_MONTHS = 6
RECYCLE_DAYS = 30
MAX_KEEP_YEARS = 50
APPRAISERS = {"manager", "director"}  # the appraisal group: department leaders and the archive's director

# What a destruction removes, as the register writes it.
METHODS = ("粉碎", "焚烧", "化浆", "电子数据删除")


@dataclass
class ListItem:
    """One volume or record on a destruction list, with its appraisal and the approval it needs."""

    kind: str  # "volume" or "record"
    key: str  # archive number or record id
    title: str = ""
    customer_no: str | None = None
    retention: str = ""
    due: str = ""  # ISO date its retention ended
    level: str = "none"
    department: str = ""
    archive_no: str = ""
    opinion: str = ""  # destroy | keep
    opinion_reason: str = ""
    keep_years: int = 0
    appraised_by: str = ""
    appraised_at: datetime | None = None
    approval_id: str = ""
    outcome: str = ""  # "" while open; "kept", "refused", "recovered", "destroyed"

    @property
    def to_destroy(self) -> bool:
        return self.opinion == DESTROY and not self.outcome


@dataclass
class DestructionList:
    id: str
    drafted_by: str
    drafted_at: datetime
    reason: str
    items: list[ListItem]
    state: str = DRAFT
    quarantined_at: datetime | None = None
    quarantine_until: datetime | None = None
    scheduled_at: datetime | None = None
    scheduled_by: str = ""
    supervisor: str = ""
    place: str = ""
    method: str = ""
    destroyed_at: datetime | None = None
    version: int = 1

    def item(self, key: str) -> ListItem:
        found = next((item for item in self.items if item.key == key), None)
        if found is None:
            raise InvalidInput(f"{key} is not on destruction list {self.id}")
        return found

    @property
    def destroying(self) -> list[ListItem]:
        return [item for item in self.items if item.to_destroy]


def draft(*, id: str, due: list[DueItem], principal: Principal, now: datetime, reason: str | None) -> DestructionList:
    if not due:
        raise InvalidInput("nothing is due: a destruction list needs at least one volume or record")
    keys = [item.key for item in due]
    if len(set(keys)) != len(keys):
        raise InvalidInput("a volume or record is on the list twice")
    items = [ListItem(kind=i.kind, key=i.key, title=i.title, customer_no=i.customer_no, retention=i.retention,
                      due=i.due.isoformat(), level=i.level, department=i.department, archive_no=i.archive_no)
             for i in due]
    return DestructionList(id=id, drafted_by=principal.user, drafted_at=now, reason=required_reason(reason),
                           items=items)


def appraise(lst: DestructionList, principal: Principal, *, key: str, opinion: str, reason: str | None,
             keep_years: int = 0, now: datetime) -> DestructionList:
    """One appraiser's opinion on one item; when every item has one, the list is appraised."""
    if not set(principal.roles) & APPRAISERS:
        raise Forbidden("only the appraisal group (department managers, directors) appraises a destruction list")
    if principal.user == lst.drafted_by:
        raise Forbidden("the archivist who drafted the list does not appraise it")
    _require_state(lst, DRAFT, APPRAISED)
    if opinion not in OPINIONS:
        raise InvalidInput(f"the opinion must be {' or '.join(OPINIONS)}")
    if opinion == KEEP and not 1 <= keep_years <= MAX_KEEP_YEARS:
        raise InvalidInput(f"keeping longer names how many more years (1–{MAX_KEEP_YEARS})")
    item = lst.item(key)
    item.opinion, item.opinion_reason, item.keep_years = opinion, required_reason(reason), (
        keep_years if opinion == KEEP else 0)
    item.appraised_by, item.appraised_at = principal.user, now
    item.outcome = "kept" if opinion == KEEP else ""
    lst.state = APPRAISED if all(i.opinion for i in lst.items) else DRAFT
    return lst


def submit(lst: DestructionList, principal: Principal, approval_ids: dict[str, str]) -> DestructionList:
    """The appraised list goes for approval: one approval request per item to destroy (key → request id)."""
    _require_state(lst, APPRAISED)
    if principal.user != lst.drafted_by:
        raise Forbidden("the archivist who drafted the list submits it")
    for item in lst.destroying:
        item.approval_id = approval_ids[item.key]
    lst.state = SUBMITTED
    return lst


def quarantine(lst: DestructionList, *, approval_states: dict[str, str], now: datetime) -> DestructionList:
    """Set apart what was approved for six months; what was refused is kept. Every approval must be decided."""
    _require_state(lst, SUBMITTED)
    waiting = [i.key for i in lst.destroying if approval_states.get(i.approval_id) not in ("approved", "rejected")]
    if waiting:
        raise Conflict(f"approval is not decided yet for {', '.join(waiting)}")
    for item in lst.destroying:
        if approval_states[item.approval_id] == "rejected":
            item.outcome = "refused"
    lst.state, lst.quarantined_at, lst.quarantine_until = QUARANTINED, now, add_months(now, QUARANTINE_MONTHS)
    return lst


def recover(lst: DestructionList, *, key: str) -> DestructionList:
    """Take an item back while it is set apart (误毁 avoided): it is kept."""
    _require_state(lst, QUARANTINED, SCHEDULED)
    item = lst.item(key)
    if not item.to_destroy:
        raise Conflict(f"{key} is not set apart for destruction")
    item.outcome = "recovered"
    return lst


def schedule(lst: DestructionList, principal: Principal, *, at: datetime, supervisor: str, place: str,
             now: datetime) -> DestructionList:
    """Name the time, place and supervisor (监销人) of the destruction; not before the quarantine ends."""
    _require_state(lst, QUARANTINED, SCHEDULED)
    if not supervisor.strip() or supervisor.strip() == principal.user:
        raise InvalidInput("name a supervisor (监销人) other than yourself")
    if at < lst.quarantine_until:
        raise Conflict(f"the quarantine of list {lst.id} ends {_shown(lst.quarantine_until)}: "
                       "destruction cannot be set before then")
    if at < now:
        raise InvalidInput("the destruction time is in the past")
    lst.state, lst.scheduled_at, lst.scheduled_by = SCHEDULED, at, principal.user
    lst.supervisor, lst.place = supervisor.strip(), required_reason(place)
    return lst


def destroy(lst: DestructionList, principal: Principal, *, method: str, now: datetime,
            blocked: dict[str, str]) -> DestructionList:
    """The supervisor confirms the destruction at or after its time; `blocked` (key → why: a legal hold, a loan)
    refuses the whole list until it is resolved, so the register never records half a session by surprise."""
    if lst.state == QUARANTINED:
        raise Conflict(f"destruction list {lst.id} has no time and supervisor yet (schedule it)")
    _require_state(lst, SCHEDULED)
    if now < lst.quarantine_until:
        raise Conflict(f"the quarantine of list {lst.id} ends {_shown(lst.quarantine_until)}")
    if now < lst.scheduled_at:
        raise Conflict(f"list {lst.id} is to be destroyed at {_shown(lst.scheduled_at)}, not before")
    if principal.user != lst.supervisor:
        raise Forbidden(f"only the named supervisor ({lst.supervisor}) confirms this destruction")
    if method not in METHODS:
        raise InvalidInput(f"the method must be one of {', '.join(METHODS)}")
    if blocked:
        raise Conflict("cannot destroy: " + "; ".join(f"{key} {why}" for key, why in blocked.items()))
    for item in lst.destroying:
        item.outcome = "destroyed"
    lst.state, lst.method, lst.destroyed_at = DESTROYED, method, now
    return lst


_CHINA_TIME = timezone(timedelta(hours=8), "CST")


def _shown(moment: datetime) -> str:
    """A time in a refusal, as the archive room reads clocks (China time), to the minute."""
    return moment.astimezone(_CHINA_TIME).strftime("%Y-%m-%d %H:%M") + " (UTC+8)"


def _require_state(lst: DestructionList, *states: str) -> None:
    if lst.state not in states:
        raise Conflict(f"destruction list {lst.id} is {lst.state}, not {' or '.join(states)}")


def add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later (the month's last day when it is shorter)."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last))


# ------------------------------------------------------------------------------------------------ legal holds
HOLD_KINDS = ("customer", "volume", "record")


@dataclass
class Hold:
    """A legal hold (诉讼保全 and the like): what it covers cannot be destroyed or purged until it is released."""

    id: str
    kind: str
    subject: str
    reason: str
    placed_by: str
    placed_at: datetime
    released_by: str = ""
    released_at: datetime | None = None
    release_reason: str = ""
    version: int = 1

    @property
    def active(self) -> bool:
        return self.released_at is None


def place_hold(*, id: str, kind: str, subject: str, reason: str | None, principal: Principal, now: datetime) -> Hold:
    if kind not in HOLD_KINDS:
        raise InvalidInput(f"a hold is on a {', '.join(HOLD_KINDS)}")
    if not subject.strip():
        raise InvalidInput("name what the hold covers")
    return Hold(id=id, kind=kind, subject=subject.strip(), reason=required_reason(reason), placed_by=principal.user,
                placed_at=now)


def release_hold(hold: Hold, principal: Principal, *, reason: str | None, now: datetime) -> Hold:
    if not hold.active:
        raise Conflict(f"hold {hold.id} was released already")
    return replace(hold, released_by=principal.user, released_at=now, release_reason=required_reason(reason))


def hold_on(holds: list[Hold], *, customer_no: str | None, archive_nos: list[str], record_ids: list[str]) -> Hold | None:
    """The first active hold covering this customer, any of these volumes or records."""
    covered = {("customer", customer_no), *(("volume", no) for no in archive_nos),
               *(("record", i) for i in record_ids)}
    return next((h for h in holds if h.active and (h.kind, h.subject) in covered), None)


# ---------------------------------------------------------------------------------------------- recycle area
RECYCLED, RESTORED, PURGED = "recycled", "restored", "purged"


@dataclass
class Recycled:
    """A deleted record in the recycle area: hidden everywhere but here, restorable until purged."""

    document_id: str
    title: str
    customer_no: str | None
    approval_id: str
    reason: str
    deleted_by: str
    deleted_at: datetime
    purge_after: datetime
    state: str = RECYCLED
    restored_by: str = ""
    restored_at: datetime | None = None
    restore_reason: str = ""
    purged_at: datetime | None = None
    version: int = 1


def recycle(*, document_id: str, title: str, customer_no: str | None, approval_id: str, reason: str | None,
            principal: Principal, now: datetime) -> Recycled:
    return Recycled(document_id=document_id, title=title, customer_no=customer_no, approval_id=approval_id,
                    reason=required_reason(reason), deleted_by=principal.user, deleted_at=now,
                    purge_after=now + timedelta(days=RECYCLE_DAYS))


def restore(entry: Recycled, principal: Principal, *, reason: str | None, now: datetime) -> Recycled:
    if entry.state != RECYCLED:
        raise Conflict(f"record {entry.document_id} is {entry.state}, not in the recycle area")
    return replace(entry, state=RESTORED, restored_by=principal.user, restored_at=now,
                   restore_reason=required_reason(reason))


def purge(entry: Recycled, *, now: datetime) -> Recycled:
    if entry.state != RECYCLED:
        raise Conflict(f"record {entry.document_id} is {entry.state}, not in the recycle area")
    if now < entry.purge_after:
        raise Conflict(f"record {entry.document_id} stays restorable until {_shown(entry.purge_after)}: "
                       "it cannot be purged before")
    return replace(entry, state=PURGED, purged_at=now)


# ------------------------------------------------------------------------------------ the destruction register
@dataclass(frozen=True)
class RegisterEntry:
    """One destroyed volume or record in the destruction register (销毁清册): permanent, hash-chained."""

    seq: int
    list_id: str
    kind: str
    key: str
    archive_nos: list[str]
    title: str
    customer_no: str | None
    retention: str
    due: str
    appraisal: dict
    approval: dict
    supervisor: str
    place: str
    method: str
    destroyed_at: datetime
    records: list[str] = field(default_factory=list)  # the electronic records removed with it
    prev_hash: str = ""
    hash: str = ""


def register_entry(lst: DestructionList, item: ListItem, *, approval: dict, records: list[str]) -> RegisterEntry:
    return RegisterEntry(
        seq=0, list_id=lst.id, kind=item.kind, key=item.key,
        archive_nos=[no for no in (item.archive_no or (item.key if item.kind == "volume" else ""),) if no],
        title=item.title, customer_no=item.customer_no, retention=item.retention, due=item.due,
        appraisal={"opinion": item.opinion, "reason": item.opinion_reason, "by": item.appraised_by,
                   "at": item.appraised_at.isoformat() if item.appraised_at else None},
        approval=approval, supervisor=lst.supervisor, place=lst.place, method=lst.method,
        destroyed_at=lst.destroyed_at, records=records)


def chained(entry: RegisterEntry, *, seq: int, prev_hash: str) -> RegisterEntry:
    """The entry as the register's `seq`th, sealed to the one before it."""
    unsealed = replace(entry, seq=seq, prev_hash=prev_hash, hash="")
    return replace(unsealed, hash=entry_hash(unsealed))


def entry_hash(entry: RegisterEntry) -> str:
    body = asdict(replace(entry, hash=""))
    body["destroyed_at"] = as_json(entry.destroyed_at)  # UTC: the same text whatever offset it was made with
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def broken_links(entries: list[RegisterEntry], *, prev_hash: str = "") -> list[int]:
    """The seqs (in order) whose entry was altered or whose predecessor is missing."""
    broken, expected_seq = [], entries[0].seq if entries else 1
    for entry in entries:
        if entry.prev_hash != prev_hash or entry.hash != entry_hash(entry) or entry.seq != expected_seq:
            broken.append(entry.seq)
        prev_hash, expected_seq = entry.hash, entry.seq + 1
    return broken


def as_json(record) -> object:
    """A list, hold, recycled entry or register entry as JSON-shaped data (times as ISO text, UTC)."""
    from dataclasses import fields, is_dataclass
    from datetime import UTC

    if isinstance(record, datetime):
        return record.astimezone(UTC).isoformat(timespec="microseconds")
    if is_dataclass(record):
        return {f.name: as_json(getattr(record, f.name)) for f in fields(record)}
    if isinstance(record, list):
        return [as_json(value) for value in record]
    return record
