"""Approvals (审批): a request to do what one's role does not allow directly, decided by the role the house
policies (../shared/seeds) name, with reasons on both sides and a time limit.

Kinds and who decides — the policy line each rule comes from:

- ``read_record`` (reading a 秘密 or 机密 record): a director (总经理/副总经理). "秘密级档案经审批可以借阅，但借阅
  时间不得超过4小时。秘密级档案的借阅必须由总经理或分管副总经理批准"; "机密级档案只能在档案室阅览，不准外借" —
  a 机密 reading (in the room) is approved the same way, for the same at most 4 hours. 绝密 "禁止调阅": refused.
- ``customer_access`` (another department's or another owner's customer file): that customer's department
  manager or a director. "部门级客户档案由部门经理负责管理，其他人查阅需营销副总批准/部门经理批准；个人级客户档案
  由销售人员负责管理，他人查阅需部门经理批准". Time-limited: 7 days unless asked for less, at most 30.
- ``change`` (changing a profile or record one may not change directly): the customer's department manager or
  a director. "客户档案的修改、删除需经销售经理批准".
- ``move_out_of_confidential_volume``: the security officer (安全保密管理员), who sets confidentiality: taking a
  record out of a 秘密/机密/绝密 volume lowers its level, a confidentiality decision.
- ``delete`` (deleting a record into the recycle area, services/recycling.py): a director, or the record's
  department manager when it is not secret. "客户档案的修改、删除需经销售经理批准"; "凡属于密级的档案资料必须由
  总经理批准方可销毁".
- ``destroy`` (one item of an appraised destruction list, services/destruction.py: a volume's archive number or a
  record id): a director for 秘密 and above, the subject's department manager otherwise. "凡属于密级的档案资料必须
  由总经理批准方可销毁；一般的档案资料，由…批准后方可销毁".

Nobody approves their own request, whatever their role. A decision is final: pending → approved | rejected |
cancelled (by the requester). An approved request is live until `until` (decision time + duration) and
expired after: expiry is computed from `until`, no job sweeps it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from docarchive.domain.access import SECRET_GRANT_LIMIT, Grant
from docarchive.domain.documents import Confidentiality
from docarchive.domain.errors import Conflict, Forbidden, InvalidInput
from docarchive.domain.history import required_reason
from docarchive.domain.principal import Principal

READ_RECORD = "read_record"
CUSTOMER_ACCESS = "customer_access"
CHANGE = "change"
MOVE_OUT = "move_out_of_confidential_volume"
DELETE = "delete"
DESTROY = "destroy"
KINDS = (READ_RECORD, CUSTOMER_ACCESS, CHANGE, MOVE_OUT, DELETE, DESTROY)

PENDING, APPROVED, REJECTED, CANCELLED, EXPIRED = "pending", "approved", "rejected", "cancelled", "expired"
STATES = (PENDING, APPROVED, REJECTED, CANCELLED, EXPIRED)

DAY = timedelta(days=1)
# kind → (default duration, longest allowed)
DURATIONS = {READ_RECORD: (SECRET_GRANT_LIMIT, SECRET_GRANT_LIMIT), CUSTOMER_ACCESS: (7 * DAY, 30 * DAY),
             CHANGE: (7 * DAY, 30 * DAY), MOVE_OUT: (7 * DAY, 30 * DAY), DELETE: (7 * DAY, 30 * DAY),
             DESTROY: (30 * DAY, 30 * DAY)}
# What an approval lets its requester do while it lasts: read a record or a customer file, change one, move a
# record out of its confidential volume (domain/access.py checks them).
GRANT_KINDS = {READ_RECORD: "record", CUSTOMER_ACCESS: "customer", CHANGE: "change", MOVE_OUT: "move_out"}
_READABLE_ON_APPROVAL = (Confidentiality.SECRET, Confidentiality.CONFIDENTIAL)
_DEPARTMENT_MANAGED = (CUSTOMER_ACCESS, CHANGE)  # the subject's department manager may decide these
_MANAGED_UNLESS_SECRET = (DELETE, DESTROY)  # …and these, when the subject is not secret
_DECIDERS = {READ_RECORD: {"director"}, CUSTOMER_ACCESS: {"director"}, CHANGE: {"director"},
             MOVE_OUT: {"security"}, DELETE: {"director"}, DESTROY: {"director"}}


@dataclass(frozen=True)
class Request:
    """One approval request. `department` is the subject's (its customer's) department: whose manager decides.
    `level` is the subject record's effective confidentiality when asked (read_record)."""

    id: str
    kind: str
    subject: str  # a document id (read_record, move out, or change/delete of a record) or a customer number
    requested_by: str
    requester_department: str
    reason: str
    requested_at: datetime
    duration: timedelta
    state: str = PENDING
    decided_by: str = ""
    decided_at: datetime | None = None
    decision_reason: str = ""
    until: datetime | None = None
    department: str = ""
    level: str = Confidentiality.NONE.value

    def state_at(self, now: datetime) -> str:
        """The state as of `now`: an approval past its `until` has expired."""
        if self.state == APPROVED and self.until is not None and now >= self.until:
            return EXPIRED
        return self.state

    def grant(self) -> Grant | None:
        """What an approved request lets its requester read or do, until when (deletion: nothing yet)."""
        kind = GRANT_KINDS.get(self.kind)
        if self.state != APPROVED or kind is None or self.until is None:
            return None
        return Grant(kind=kind, subject=self.subject, user=self.requested_by, until=self.until, approval_id=self.id)


def new_request(*, id: str, kind: str, subject: str, principal: Principal, reason: str | None, now: datetime,
                duration: timedelta | None = None, department: str = "",
                level: Confidentiality | str = Confidentiality.NONE) -> Request:
    """A pending request, checked: a known kind, a subject, a reason, a duration within the kind's limit."""
    if kind not in KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(KINDS)}")
    if not subject or not subject.strip():
        raise InvalidInput("the request needs a subject (a record id or a customer number)")
    level = Confidentiality(level)
    if kind == READ_RECORD and level not in _READABLE_ON_APPROVAL:
        raise InvalidInput("only 秘密 and 机密 records are read on approval (绝密 is never shown; others need none)")
    return Request(id=id, kind=kind, subject=subject.strip(), requested_by=principal.user,
                   requester_department=principal.department, reason=required_reason(reason), requested_at=now,
                   duration=checked_duration(kind, duration), department=department, level=level.value)


def checked_duration(kind: str, duration: timedelta | None) -> timedelta:
    default, longest = DURATIONS[kind]
    if duration is None:
        return default
    if duration <= timedelta(0):
        raise InvalidInput("the duration must be positive")
    if duration > longest:
        raise InvalidInput(f"a {kind} request lasts at most {_hours(longest)}")
    return duration


def deciding_kinds(principal: Principal) -> tuple[str, ...]:
    """The kinds `principal`'s roles decide whatever the department (a manager's own department aside)."""
    return tuple(kind for kind in KINDS if set(principal.roles) & _DECIDERS[kind])


def may_decide(request: Request, principal: Principal) -> bool:
    """May `principal` approve or reject `request`? Never their own."""
    if principal.user == request.requested_by:
        return False
    roles = set(principal.roles)
    if roles & _DECIDERS[request.kind]:
        return True
    managed = request.kind in _DEPARTMENT_MANAGED or (
        request.kind in _MANAGED_UNLESS_SECRET and request.level == Confidentiality.NONE.value)
    return managed and "manager" in roles and bool(request.department) and principal.department == request.department


def approve(request: Request, principal: Principal, *, reason: str | None, now: datetime) -> Request:
    _check_decision(request, principal, now)
    return replace(request, state=APPROVED, decided_by=principal.user, decided_at=now,
                   decision_reason=required_reason(reason), until=now + request.duration)


def reject(request: Request, principal: Principal, *, reason: str | None, now: datetime) -> Request:
    _check_decision(request, principal, now)
    return replace(request, state=REJECTED, decided_by=principal.user, decided_at=now,
                   decision_reason=required_reason(reason))


def cancel(request: Request, principal: Principal, *, reason: str | None, now: datetime) -> Request:
    """The requester withdraws a request not yet decided."""
    if principal.user != request.requested_by:
        raise Forbidden("only the requester may cancel a request")
    _check_pending(request)
    return replace(request, state=CANCELLED, decided_by=principal.user, decided_at=now,
                   decision_reason=required_reason(reason))


def _check_decision(request: Request, principal: Principal, now: datetime) -> None:
    if principal.user == request.requested_by:
        raise Forbidden("nobody approves their own request")
    if not may_decide(request, principal):
        raise Forbidden(f"your role may not decide a {request.kind} request")
    _check_pending(request)


def _check_pending(request: Request) -> None:
    if request.state != PENDING:
        raise Conflict(f"request {request.id} is {request.state} already")


def _hours(span: timedelta) -> str:
    hours = int(span.total_seconds() // 3600)
    return f"{hours // 24} days" if hours >= 48 else f"{hours} hours"
