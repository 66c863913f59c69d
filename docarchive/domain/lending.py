"""Lending paper volumes (借阅): who may borrow what, how, for how long, and who approves — pure rules.

The house policy (../shared/seeds, 档案的借阅):
- 非密级: the borrower's department manager approves; 总经理、副总经理、总监 "借阅非密级档案可直接通过档案管理员
  办理借阅手续" — a director's own request is approved as it is filed.
- 秘密: "经审批可以借阅，但借阅时间不得超过4小时…必须由总经理或分管副总经理批准" — a director approves, at most
  4 hours counted from checkout, renewals included.
- 机密: "只能在档案室阅览，不准外借" — read in the archive room only (a director approves, at most 4 hours);
  never taken out or copied.
- 绝密: "禁止调阅" — never lent.
- Checkout records "所借材料的名称、份数、借阅时间、理由"; a return "在外借材料登记表上注销".

A request that breaks a rule is not an input error: it is kept, with status REFUSED and the reason, so the
borrower and the desk see why. Nobody decides their own request.

States: pending → approved → lent → returned; pending → rejected | cancelled; refused at filing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

from docarchive.domain.access import SECRET_GRANT_LIMIT, effective_level, level_rank
from docarchive.domain.documents import Confidentiality
from docarchive.domain.errors import Conflict, Forbidden, InvalidInput
from docarchive.domain.history import required_reason

READ, OUT, COPY = "read", "out", "copy"  # 阅览 (in the archive room), 外借, 复印
MODES = (READ, OUT, COPY)
PENDING, APPROVED, REFUSED, REJECTED, CANCELLED = "pending", "approved", "refused", "rejected", "cancelled"
LENT, RETURNED = "lent", "returned"
STATES = (PENDING, APPROVED, REFUSED, REJECTED, CANCELLED, LENT, RETURNED)
OPEN_STATES = (PENDING, APPROVED, LENT)  # what the desk still has to act on

HOUR, DAY = timedelta(hours=1), timedelta(days=1)
CHINA_TIME = timezone(timedelta(hours=8), "CST")  # how the desk reads times on a volume's place
# mode → (default, longest) for a volume that is not secret; secret levels are capped at 4 hours.
DURATIONS = {READ: (4 * HOUR, DAY), OUT: (7 * DAY, 30 * DAY), COPY: (DAY, 7 * DAY)}
MAX_VOLUMES = 50
MAX_COPIES = 20
MAX_PURPOSE = 500
DIRECTOR = "director"  # 总经理 / 副总经理

_SECRET, _CONFIDENTIAL, _TOP = Confidentiality.SECRET, Confidentiality.CONFIDENTIAL, Confidentiality.TOP_SECRET


@dataclass(frozen=True)
class Borrower:
    """Who borrows: their account's name, department and roles (a director's non-secret loan needs nobody)."""

    name: str
    department: str = ""
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class LentVolume:
    """One volume of a loan (items: the single records asked for, none = the whole volume) and its desk steps."""

    archive_no: str
    level: str = Confidentiality.NONE.value
    items: tuple[str, ...] = ()
    out_at: datetime | None = None
    out_by: str = ""
    returned_at: datetime | None = None
    returned_to: str = ""
    condition: str = ""

    @property
    def out(self) -> bool:
        return self.out_at is not None and self.returned_at is None


@dataclass(frozen=True)
class Renewal:
    """A request for more time on a loan that is out: approved like the loan itself, or refused by the rules."""

    duration: timedelta
    reason: str
    requested_by: str
    requested_at: datetime
    state: str = PENDING
    decided_by: str = ""
    decided_at: datetime | None = None
    decision_reason: str = ""


@dataclass(frozen=True)
class Loan:
    id: str
    volumes: tuple[LentVolume, ...]
    borrower: str
    department: str
    purpose: str
    mode: str
    duration: timedelta
    requested_by: str
    requested_at: datetime
    borrower_roles: tuple[str, ...] = ()
    copies: int = 0
    status: str = PENDING
    reason: str = ""  # why refused, or what it waits for, or the decision's reason
    decided_by: str = ""
    decided_at: datetime | None = None
    due: datetime | None = None  # set at the first checkout; renewals move it
    renewals: tuple[Renewal, ...] = ()
    version: int = 1

    @property
    def level(self) -> Confidentiality:
        return effective_level(*(volume.level for volume in self.volumes))

    @property
    def archive_nos(self) -> tuple[str, ...]:
        return tuple(volume.archive_no for volume in self.volumes)

    @property
    def since(self) -> datetime | None:
        return min((v.out_at for v in self.volumes if v.out_at), default=None)

    @property
    def out_volumes(self) -> tuple[str, ...]:
        return tuple(volume.archive_no for volume in self.volumes if volume.out)

    @property
    def pending_renewal(self) -> Renewal | None:
        return next((r for r in self.renewals if r.state == PENDING), None)

    def overdue(self, now: datetime) -> bool:
        return self.status == LENT and self.due is not None and now > self.due

    def volume(self, archive_no: str) -> LentVolume | None:
        return next((v for v in self.volumes if v.archive_no == archive_no), None)


def approver_of(level: Confidentiality | str, department: str) -> str:
    """Who decides, in words for the requester."""
    if level_rank(level) >= level_rank(_SECRET):
        return "a director (总经理或分管副总经理)"
    return f"the borrower's department manager ({department or 'no department'}) or a director"


def refusal(level: Confidentiality | str, mode: str, duration: timedelta) -> str | None:
    """Why the rules refuse lending at `level` in `mode` for `duration`; None when they allow it."""
    level = Confidentiality(level)
    if level == _TOP:
        return "绝密 volumes are never lent (绝密级档案禁止调阅)"
    if level == _CONFIDENTIAL and mode != READ:
        return "机密 volumes are read in the archive room only, never taken out or copied (机密级档案只能在档案室阅览)"
    if level in (_SECRET, _CONFIDENTIAL) and duration > SECRET_GRANT_LIMIT:
        return f"{level.value} volumes are lent for at most 4 hours (借阅时间不得超过4小时)"
    longest = DURATIONS[mode][1]
    if duration > longest:
        return f"a {mode} loan lasts at most {_span(longest)}"
    return None


def default_duration(level: Confidentiality | str, mode: str) -> timedelta:
    default = DURATIONS[mode][0]
    return min(default, SECRET_GRANT_LIMIT) if level_rank(level) >= level_rank(_SECRET) else default


def new_loan(*, id: str, volumes: list[LentVolume], borrower: Borrower, requested_by: str, purpose: str | None,
             mode: str, now: datetime, hours: float | None = None, copies: int | None = None) -> Loan:
    """A filed request: REFUSED with the reason when a rule forbids it, APPROVED at once for a director's own
    non-secret loan, PENDING (saying who decides) otherwise. Malformed input is InvalidInput."""
    if mode not in MODES:
        raise InvalidInput(f"mode must be one of {', '.join(MODES)}")
    if not volumes or len(volumes) > MAX_VOLUMES:
        raise InvalidInput(f"name 1–{MAX_VOLUMES} volumes, boxes or records to borrow")
    if len({v.archive_no for v in volumes}) != len(volumes):
        raise InvalidInput("a volume is named twice")
    purpose = _purpose(purpose)
    copies = _copies(mode, copies)
    level = effective_level(*(v.level for v in volumes))
    duration = default_duration(level, mode) if hours is None else _duration(hours)
    loan = Loan(id=id, volumes=tuple(volumes), borrower=borrower.name, department=borrower.department,
                purpose=purpose, mode=mode, duration=duration, requested_by=requested_by, requested_at=now,
                borrower_roles=borrower.roles, copies=copies)
    refused = refusal(level, mode, duration)
    if refused:
        return replace(loan, status=REFUSED, reason=refused, decided_by="rules", decided_at=now)
    if _approves_own(loan):
        return replace(loan, status=APPROVED, reason="非密级档案: a director borrows directly (directors approve their own)",
                       decided_by=borrower.name, decided_at=now)
    return replace(loan, reason=f"waits for {approver_of(level, borrower.department)}")


def may_decide(loan: Loan, user: str, roles: tuple[str, ...], department: str) -> bool:
    """May this user approve or reject the loan (or its pending renewal)? Never their own."""
    if user in (loan.requested_by, loan.borrower):
        return False
    if DIRECTOR in roles:
        return True
    return (level_rank(loan.level) < level_rank(_SECRET) and "manager" in roles and bool(department)
            and department == loan.department)


def approve(loan: Loan, user: str, roles: tuple[str, ...], department: str, *, reason: str | None,
            now: datetime) -> Loan:
    """Approve the pending loan, or its pending renewal (which moves the due time on)."""
    return _decide(loan, APPROVED, user, roles, department, reason=reason, now=now)


def reject(loan: Loan, user: str, roles: tuple[str, ...], department: str, *, reason: str | None,
           now: datetime) -> Loan:
    """Reject the pending loan, or its pending renewal (the loan stays out, due as it was)."""
    return _decide(loan, REJECTED, user, roles, department, reason=reason, now=now)


def _decide(loan: Loan, verdict: str, user: str, roles: tuple[str, ...], department: str, *,
            reason: str | None, now: datetime) -> Loan:
    _check_decider(loan, user, roles, department)
    reason = required_reason(reason)
    renewal = loan.pending_renewal
    if renewal is not None:
        decided = replace(renewal, state=verdict, decided_by=user, decided_at=now, decision_reason=reason)
        due = loan.due + renewal.duration if verdict == APPROVED else loan.due
        return replace(loan, renewals=_swap(loan.renewals, renewal, decided), due=due)
    _check_state(loan, PENDING)
    return replace(loan, status=verdict, reason=reason, decided_by=user, decided_at=now)


def cancel(loan: Loan, user: str, *, reason: str | None, now: datetime) -> Loan:
    """The requester or borrower withdraws a loan not yet out."""
    if user not in (loan.requested_by, loan.borrower):
        raise Forbidden("only the requester or the borrower may cancel a loan request")
    reason = required_reason(reason)
    if loan.status not in (PENDING, APPROVED):
        raise Conflict(f"loan {loan.id} is {loan.status}: only a pending or approved loan is cancelled")
    return replace(loan, status=CANCELLED, reason=reason, decided_by=user, decided_at=now)


def check_out(loan: Loan, archive_no: str, *, by: str, now: datetime) -> Loan:
    """The desk hands one volume over: the loan is LENT, due `duration` after its first checkout."""
    if loan.status not in (APPROVED, LENT):
        raise Conflict(f"loan {loan.id} is {loan.status}: only an approved loan is checked out")
    volume = loan.volume(archive_no)
    if volume is None:
        raise Conflict(f"loan {loan.id} does not name volume {archive_no}")
    if volume.out_at is not None:
        raise Conflict(f"volume {archive_no} was checked out on loan {loan.id} already")
    out = replace(volume, out_at=now, out_by=by)
    due = loan.due or now + loan.duration
    return replace(loan, volumes=_swap(loan.volumes, volume, out), status=LENT, due=due)


def give_back(loan: Loan, archive_no: str, *, by: str, now: datetime, condition: str | None) -> Loan:
    """The desk takes one volume back and notes its condition; the last one back closes the loan."""
    volume = loan.volume(archive_no)
    if loan.status != LENT or volume is None or not volume.out:
        raise Conflict(f"volume {archive_no} is not out on loan {loan.id}")
    condition = " ".join((condition or "完好").split())[:MAX_PURPOSE]
    back = replace(volume, returned_at=now, returned_to=by, condition=condition)
    volumes = _swap(loan.volumes, volume, back)
    closed = not any(v.out for v in volumes)
    return replace(loan, volumes=volumes, status=RETURNED if closed else LENT)


def ask_renewal(loan: Loan, user: str, *, hours: float | None, reason: str | None, now: datetime) -> Loan:
    """More time on a loan that is out: PENDING for the approver, REFUSED past the level's limit, approved at
    once for a director's own non-secret loan. Returns the loan with the renewal added."""
    if loan.status != LENT:
        raise Conflict(f"loan {loan.id} is {loan.status}: only a loan that is out is renewed")
    if loan.pending_renewal is not None:
        raise Conflict(f"loan {loan.id} has a renewal waiting for a decision already")
    duration = default_duration(loan.level, loan.mode) if hours is None else _duration(hours)
    renewal = Renewal(duration=duration, reason=required_reason(reason), requested_by=user, requested_at=now)
    total = loan.due + duration - loan.since
    refused = refusal(loan.level, loan.mode, total)
    if refused:
        renewal = replace(renewal, state=REFUSED, decided_by="rules", decided_at=now,
                          decision_reason=f"{refused}; renewed, it would last {_span(total)}")
    elif _approves_own(loan):
        renewal = replace(renewal, state=APPROVED, decided_by=loan.borrower, decided_at=now,
                          decision_reason="a director renews their own non-secret loan")
        return replace(loan, renewals=(*loan.renewals, renewal), due=loan.due + duration)
    return replace(loan, renewals=(*loan.renewals, renewal))


def loan_mark_text(borrower: str, since: datetime, due: datetime | None) -> str:
    """What a volume's place says while it is out: 借出：X，自 T 起，应还 T2."""
    until = f"，应还 {desk_time(due)}" if due else ""
    return f"借出：{borrower}，自 {desk_time(since)} 起{until}"


def _approves_own(loan: Loan) -> bool:
    return DIRECTOR in loan.borrower_roles and level_rank(loan.level) < level_rank(_SECRET)


def _check_decider(loan: Loan, user: str, roles: tuple[str, ...], department: str) -> None:
    if user in (loan.requested_by, loan.borrower):
        raise Forbidden("nobody approves their own loan")
    if not may_decide(loan, user, roles, department):
        raise Forbidden(f"a {loan.level.value} loan is decided by {approver_of(loan.level, loan.department)}")
    if loan.pending_renewal is None and loan.status != PENDING:
        raise Conflict(f"loan {loan.id} is {loan.status}: nothing waits for a decision")


def _check_state(loan: Loan, state: str) -> None:
    if loan.status != state:
        raise Conflict(f"loan {loan.id} is {loan.status} already")


def _purpose(purpose: str | None) -> str:
    text = " ".join((purpose or "").split())
    if not text or len(text) > MAX_PURPOSE:
        raise InvalidInput(f"say what the loan is for (purpose, 1–{MAX_PURPOSE} characters)")
    return text


def _copies(mode: str, copies: int | None) -> int:
    if mode != COPY:
        return 0
    copies = 1 if copies is None else copies
    if not 1 <= copies <= MAX_COPIES:
        raise InvalidInput(f"copies must be 1–{MAX_COPIES}")
    return copies


def _duration(hours: float) -> timedelta:
    if not 0 < hours <= 24 * 366:
        raise InvalidInput("hours must be positive (and under a year)")
    return timedelta(hours=hours)


def _swap(items: tuple, old, new) -> tuple:
    return tuple(new if item is old else item for item in items)


def _span(span: timedelta) -> str:
    hours = span.total_seconds() / 3600
    return f"{hours / 24:g} days" if hours >= 48 else f"{hours:g} hours"


def desk_time(at: datetime) -> str:
    """A time as the desk reads it on a volume's place and on the loan report: China time, to the minute."""
    return at.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")
