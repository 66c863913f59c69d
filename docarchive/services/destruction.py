"""Appraisal and destruction (鉴定, 销毁) as use cases: draft a list from what is due, appraise each item,
submit for approval (services/approvals.py, kind `destroy`), set apart for six months, schedule with a named
supervisor, destroy on the supervisor's confirmation, and keep the permanent register. Legal holds too.

Every step is an audit event, refused ones included; every change to a record is a change event (history,
audit, index). See domain/disposal.py for the rules and the policy lines they come from.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Callable

from docarchive.domain import disposal as rules
from docarchive.domain import approvals as approval_rules
from docarchive.domain.audit import DESTROY, DISPOSAL, HOLD
from docarchive.domain.disposal import DestructionList, Hold, ListItem, RegisterEntry
from docarchive.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from docarchive.domain.ids import new_id
from docarchive.domain.principal import Principal
from docarchive.ports.audit import AuditLog
from docarchive.ports.clock import Clock
from docarchive.ports.disposal import DisposalStore
from docarchive.services import approvals as approval_cases
from docarchive.services import erasure
from docarchive.services.access import require
from docarchive.services.approvals import Approvals
from docarchive.services.audit import audited
from docarchive.services.retention import RetentionRules, due

REGISTER_RETRIES = 5


def _not_on_loan(archive_no: str) -> str | None:
    return None


@dataclass(frozen=True)
class DisposalDesk:
    """What the disposal use cases need besides the acting principal."""

    store: DisposalStore
    erasure: erasure.Erasure
    approvals: Approvals
    clock: Clock
    retention: RetentionRules = field(default_factory=RetentionRules)
    audit: AuditLog | None = None
    # LOAN HOOK (issue 16 point 1, the lending desk): archive number → "on loan to X since T" or None.
    # bootstrap wires the lending desk's answer here; a volume on loan cannot be destroyed.
    loan_of: Callable[[str], str | None] = _not_on_loan

    @property
    def records(self):
        return self.erasure.records


def draft_list(desk: DisposalDesk, principal: Principal, *, before: date, reason: str | None,
               keys: list[str] | None = None) -> DestructionList:
    """The archivist's list (登记造册) of what is due by `before` (all of it, or the `keys` named)."""
    with _step(desk, principal, "draft") as target:
        require(principal, "paper", "draft a destruction list")
        items = due(desk.records, desk.store, desk.retention, principal=principal, before=before)
        if keys is not None:
            missing = sorted(set(keys) - {item.key for item in items})
            if missing:
                raise InvalidInput(f"not due by {before.isoformat()}: {', '.join(missing)}")
            items = [item for item in items if item.key in set(keys)]
        held = [item.key for item in items if item.held]
        if held:
            raise Conflict(f"under a legal hold, so not listed for destruction: {', '.join(held)}")
        lst = rules.draft(id=new_id(), due=items, principal=principal, now=desk.clock.now(), reason=reason)
        desk.store.add_list(lst)
        target["subject"] = f"destruction:{lst.id}"
    return lst


def appraise(desk: DisposalDesk, principal: Principal, list_id: str, *, key: str, opinion: str,
             reason: str | None, keep_years: int = 0) -> DestructionList:
    with _step(desk, principal, "appraise", list_id, key=key, opinion=opinion):
        lst = desk.store.get_list(list_id)
        seen = _in_sight(lst, principal)
        if seen is None or key not in {item.key for item in seen.items}:
            raise NotFound(f"{key} is not on a destruction list of yours ({list_id})")
        rules.appraise(lst, principal, key=key, opinion=opinion, reason=reason, keep_years=keep_years,
                       now=desk.clock.now())
        return desk.store.save_list(lst)


def submit(desk: DisposalDesk, principal: Principal, list_id: str) -> DestructionList:
    """One `destroy` approval request per item to destroy; the director or the department manager decides."""
    with _step(desk, principal, "submit", list_id):
        lst = desk.store.get_list(list_id)
        if lst.state != rules.APPRAISED:
            raise Conflict(f"destruction list {list_id} is {lst.state}: every item needs an appraisal first")
        asked = {item.key: approval_cases.request_approval(
            desk.approvals, principal, kind=approval_rules.DESTROY, subject=item.key,
            reason=f"销毁清册 {lst.id}：{item.opinion_reason}").id for item in lst.destroying}
        rules.submit(lst, principal, asked)
        return desk.store.save_list(lst)


def decide(desk: DisposalDesk, principal: Principal, list_id: str, *, approve: bool,
           reason: str | None) -> tuple[DestructionList, int]:
    """Approve (or reject) every pending item of the list this principal may decide; how many were decided."""
    step = approval_cases.approve_request if approve else approval_cases.reject_request
    with _step(desk, principal, "approve" if approve else "reject", list_id) as target:
        lst = desk.store.get_list(list_id)
        decided = 0
        for item in lst.destroying:
            request = desk.approvals.store.get(item.approval_id) if item.approval_id else None
            if request is not None and request.state == approval_rules.PENDING and approval_rules.may_decide(
                    request, principal):
                step(desk.approvals, principal, request.id, reason=reason)
                decided += 1
        if not decided:
            raise Forbidden(f"nothing on destruction list {list_id} waits for your decision")
        target["detail"] = {**target["detail"], "decided": decided}
    return lst, decided


def quarantine(desk: DisposalDesk, principal: Principal, list_id: str, *, reason: str | None) -> DestructionList:
    """Set apart (单独存放) what was approved for six months: hidden from every ordinary read and search."""
    with _step(desk, principal, "quarantine", list_id):
        require(principal, "paper", "set apart a destruction list")
        lst = desk.store.get_list(list_id)
        states = {item.approval_id: desk.approvals.store.get(item.approval_id).state
                  for item in lst.destroying if item.approval_id}
        rules.quarantine(lst, approval_states=states, now=desk.clock.now())
        saved = desk.store.save_list(lst)
        ids = [doc_id for item in saved.destroying for doc_id in _records_of(desk, item)]
        erasure.set_disposal(desk.records, ids, "quarantined", by=principal.user, at=desk.clock.now(),
                             reason=_required(reason, f"销毁清册 {list_id} 单独存放"))
        return saved


def recover(desk: DisposalDesk, principal: Principal, list_id: str, *, key: str, reason: str | None) -> DestructionList:
    """Take an item back while it is set apart: its records are readable again and it is kept."""
    with _step(desk, principal, "recover", list_id, key=key):
        require(principal, "paper", "take back an item set apart")
        lst = desk.store.get_list(list_id)
        item = lst.item(key)
        rules.recover(lst, key=key)
        saved = desk.store.save_list(lst)
        erasure.set_disposal(desk.records, _records_of(desk, item), "", by=principal.user, at=desk.clock.now(),
                             reason=_required(reason, ""))
        return saved


def schedule(desk: DisposalDesk, principal: Principal, list_id: str, *, at: datetime, supervisor: str,
             place: str | None) -> DestructionList:
    with _step(desk, principal, "schedule", list_id, supervisor=supervisor):
        require(principal, "paper", "schedule a destruction")
        lst = desk.store.get_list(list_id)
        rules.schedule(lst, principal, at=at, supervisor=supervisor, place=place or "", now=desk.clock.now())
        return desk.store.save_list(lst)


def destroy(desk: DisposalDesk, principal: Principal, list_id: str, *, method: str) -> DestructionList:
    """The named supervisor confirms: the content is erased from every store and the register gains one
    permanent entry per item. Refused under a legal hold, for a volume on loan, before the quarantine ends.
    Confirming again a destruction that stopped half-way (a crash) finishes it: erasing is idempotent, and an
    item already in the register is not entered twice."""
    with audited(desk.audit, principal, DESTROY, clock=desk.clock, subject=f"destruction:{list_id}",
                 detail={"method": method}) as target:
        lst = desk.store.get_list(list_id)
        if lst.state == rules.DESTROYED and principal.user == lst.supervisor and _unregistered(desk, lst):
            saved = lst
        else:
            rules.destroy(lst, principal, method=method, now=desk.clock.now(), blocked=_blocked(desk, lst))
            saved = desk.store.save_list(lst)  # one winner: a second confirmation finds it destroyed
        entries = []
        for item in _unregistered(desk, saved):
            ids = _records_of(desk, item)
            erasure.erase(desk.erasure, ids, "destroyed", by=principal.user, at=saved.destroyed_at,
                          reason=f"销毁清册 {saved.id}（{saved.method}，监销 {saved.supervisor}）")
            approval = desk.approvals.store.get(item.approval_id)
            entries.append(_append(desk, rules.register_entry(saved, item, records=ids, approval={
                "id": approval.id, "by": approval.decided_by, "at": approval.decided_at.isoformat(),
                "reason": approval.decision_reason})))
        target["detail"] = {**target["detail"], "register": [e.seq for e in entries]}
    return saved


def _unregistered(desk: DisposalDesk, lst: DestructionList) -> list[ListItem]:
    """The list's destroyed items the register does not hold yet."""
    done, after = set(), 0
    while batch := desk.store.register(after_seq=after, limit=1000):
        done |= {entry.key for entry in batch if entry.list_id == lst.id}
        after = batch[-1].seq
    return [item for item in lst.items if item.outcome == "destroyed" and item.key not in done]


def lists(desk: DisposalDesk, principal: Principal, *, state: str | None = None) -> list[DestructionList]:
    _may_see_lists(principal)
    return [shown for lst in desk.store.lists(state=state) if (shown := _in_sight(lst, principal)) is not None]


def get_list(desk: DisposalDesk, principal: Principal, list_id: str) -> DestructionList:
    _may_see_lists(principal)
    shown = _in_sight(desk.store.get_list(list_id), principal)
    if shown is None:
        raise NotFound(f"no destruction list {list_id}")
    return shown


def _in_sight(lst: DestructionList, principal: Principal) -> DestructionList | None:
    """A department manager sees only their department's items (and no list without any): the others' titles
    and archive numbers are not theirs to know. The archive room, directors and auditors see every item."""
    if set(principal.roles) & {"archivist", "director", "auditor"}:
        return lst
    mine = [item for item in lst.items if item.department and item.department == principal.department]
    return replace(lst, items=mine) if mine else None


def register(desk: DisposalDesk, principal: Principal, *, after_seq: int = 0, limit: int = 1000) -> list[RegisterEntry]:
    require(principal, "reports", "read the destruction register")
    return desk.store.register(after_seq=after_seq, limit=limit)


def verify_register(desk: DisposalDesk, principal: Principal) -> list[int]:
    """The entries whose seal does not hold (altered, or one before them missing): [] when intact."""
    require(principal, "reports", "verify the destruction register")
    broken, prev, after = [], "", 0
    while batch := desk.store.register(after_seq=after, limit=1000):
        broken += rules.broken_links(batch, prev_hash=prev) if after else rules.broken_links(batch)
        prev, after = batch[-1].hash, batch[-1].seq
    return broken


# ------------------------------------------------------------------------------------------------ legal holds
def place_hold(desk: DisposalDesk, principal: Principal, *, kind: str, subject: str, reason: str | None) -> Hold:
    with audited(desk.audit, principal, HOLD, clock=desk.clock, subject=f"hold:{kind}:{subject}",
                 detail={"reason": reason, "step": "place"}):
        _may_hold(principal)
        hold = rules.place_hold(id=new_id(), kind=kind, subject=subject, reason=reason, principal=principal,
                                now=desk.clock.now())
        desk.store.add_hold(hold)
    return hold


def release_hold(desk: DisposalDesk, principal: Principal, hold_id: str, *, reason: str | None) -> Hold:
    with audited(desk.audit, principal, HOLD, clock=desk.clock, subject=f"hold:{hold_id}",
                 detail={"reason": reason, "step": "release"}):
        _may_hold(principal)
        hold = rules.release_hold(desk.store.get_hold(hold_id), principal, reason=reason, now=desk.clock.now())
        return desk.store.save_hold(hold)


def holds(desk: DisposalDesk, principal: Principal, *, active_only: bool = True) -> list[Hold]:
    _may_hold(principal)
    return desk.store.holds(active_only=active_only)


# ------------------------------------------------------------------------------------------------- internals
def _records_of(desk: DisposalDesk, item: ListItem) -> list[str]:
    if item.kind == "record":
        return [item.key]
    with desk.records.unit_of_work(readonly=True) as uow:
        volume = uow.volumes.find(item.key)
        return [entry.document_id for entry in volume.items] if volume else []


def _blocked(desk: DisposalDesk, lst: DestructionList) -> dict[str, str]:
    """Item key → why it may not be destroyed now: a legal hold, a loan."""
    active, blocked = desk.store.holds(), {}
    for item in lst.destroying:
        volumes = [no for no in {item.archive_no, item.key if item.kind == "volume" else ""} if no]
        hold = rules.hold_on(active, customer_no=item.customer_no, archive_nos=volumes,
                             record_ids=_records_of(desk, item))
        if hold is not None:
            blocked[item.key] = f"is under legal hold {hold.id} ({hold.reason})"
        elif loan := next((desk.loan_of(no) for no in volumes if desk.loan_of(no)), None):
            blocked[item.key] = f"is on loan ({loan})"
    return blocked


def _append(desk: DisposalDesk, entry: RegisterEntry) -> RegisterEntry:
    """Chain the entry after the last one; a racing writer that took the number makes us read again."""
    for _ in range(REGISTER_RETRIES):
        last = desk.store.last_register_entry()
        sealed = rules.chained(entry, seq=(last.seq + 1) if last else 1, prev_hash=last.hash if last else "")
        try:
            desk.store.append_register(sealed)
            return sealed
        except Conflict:
            continue
    raise Conflict("the destruction register is busy; confirm again")


def _step(desk: DisposalDesk, principal: Principal, step: str, list_id: str = "", **detail):
    return audited(desk.audit, principal, DISPOSAL, clock=desk.clock, subject=f"destruction:{list_id}",
                   detail={"step": step, **detail})


def _may_see_lists(principal: Principal) -> None:
    if not set(principal.roles) & {"archivist", "director", "manager", "auditor"}:
        raise Forbidden("your role may not see destruction lists")


def _may_hold(principal: Principal) -> None:
    if not set(principal.roles) & {"archivist", "director"}:
        raise Forbidden("legal holds are placed and released by the archive room or a director")


def _required(reason: str | None, default: str) -> str:
    text = " ".join((reason or "").split()) or default
    if not text:
        raise InvalidInput("a reason for the change is required")
    return text

