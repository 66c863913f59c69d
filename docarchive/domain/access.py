"""Who may see and do what: roles, customer scope, confidentiality levels and approved grants (pure rules).

The house rules (../shared/seeds): 绝密 no access, 机密 read in the archive room only (never lent, copied,
downloaded, printed or exported), 秘密 lent for at most 4 hours with the general manager's approval.
Customer files are personal (the account manager's), departmental (the department manager's) or company-wide
(directors); anyone else needs an approved request. Administrator, security officer and auditor are separate
people (三员分立): the administrator sees no content at all.

A record's *sight* for a principal is one of HIDDEN (it does not exist for them: 404, not counted),
METADATA (listed with title and place, its content withheld), READ (content shown, nothing leaves the system)
and FULL (download, print, export).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import IntEnum
from functools import cached_property
from typing import Iterable

from docarchive.domain.documents import Confidentiality
from docarchive.domain.errors import Forbidden
from docarchive.domain.principal import Grant, Principal

LEVELS = (Confidentiality.NONE, Confidentiality.SECRET, Confidentiality.CONFIDENTIAL, Confidentiality.TOP_SECRET)
SECRET_GRANT_LIMIT = timedelta(hours=4)  # 秘密级档案借阅时间不得超过4小时


class Sight(IntEnum):
    HIDDEN = 0
    METADATA = 1
    READ = 2
    FULL = 3


def level_rank(level: Confidentiality | str) -> int:
    return LEVELS.index(Confidentiality(level))


def effective_level(*levels: Confidentiality | str | None) -> Confidentiality:
    """A record's effective level: the highest of its own and its volume's."""
    given = [Confidentiality(level) for level in levels if level]
    return max(given, key=level_rank, default=Confidentiality.NONE)


N, S, C, T = (level.value for level in LEVELS)
_H, _M, _R, _F = Sight.HIDDEN, Sight.METADATA, Sight.READ, Sight.FULL
# Per role: which customers (all, own department, own), and the sight of a record in scope by its level.
_ROLE_SCOPE = {"archivist": "all", "director": "all", "auditor": "all", "security": "all",
               "manager": "department", "staff": "owner", "admin": "none",
               "sensor": "none"}
_ROLE_SIGHT = {
    "archivist": {N: _F, S: _R, C: _R, T: _M},  # the custodian: reviews everything, lends nothing unapproved
    "director": {N: _F, S: _F, C: _R, T: _M},  # approves 秘密 loans, so reads them
    "auditor": {N: _R, S: _R, C: _R, T: _M},  # reads, changes and takes away nothing
    "security": {N: _M, S: _M, C: _M, T: _M},  # sets levels and grants; reads no content
    "manager": {N: _F, S: _M, C: _M, T: _H},
    "staff": {N: _F, S: _M, C: _M, T: _H},
    "admin": {N: _H, S: _H, C: _H, T: _H},  # users and settings, no content
    "sensor": {N: _H, S: _H, C: _H, T: _H},  # an archive room's thermometer: posts readings, sees nothing
}
# An approved request raises a record to: 秘密 → lent (FULL, time-boxed), 机密 → read in the room; 绝密 never.
_GRANTED_SIGHT = {N: _F, S: _F, C: _R, T: _H}
# A level or its value to the value: a StrEnum member hashes as its value.
_LEVEL_VALUES = {level.value: level.value for level in LEVELS}

# 客户档案的修改、删除需经销售经理批准: the archive room, directors and department managers change the files in
# their sight directly; an account manager (staff) changes one with an approved `change` request on it.
_CHANGES_DIRECTLY = {"archivist", "director", "manager"}
# Taking a record out of a confidential volume lowers its level: the security officer's decision.
_MOVES_OUT_DIRECTLY = {"security"}

# What each role may do besides reading (services call `require`).
ACTIONS = {
    "ingest": {"archivist"},
    "review": {"archivist"},  # link records by hand, dismiss review reasons
    "edit_records": {"archivist", "director", "manager", "staff"},  # within their sight, with a reason
    "edit_customers": {"archivist", "director", "manager", "staff"},
    "transfer_customers": {"director", "manager", "archivist"},
    "paper": {"archivist"},  # volumes, boxes, locations, filing, labels, inventory
    "paper_read": {"archivist", "director", "auditor", "security"},  # the shelves and boxes themselves
    "reports": {"archivist", "director", "auditor"},  # statistics and reports over the whole archive
    "set_confidentiality": {"security", "archivist"},
    "approve": {"director", "manager", "security"},
    "read_audit": {"auditor"},
    "manage_users": {"admin"},
    "reindex": {"archivist", "admin"},
    # 库房管理: the archive room keeps the care log; a sensor's account only posts readings; the security
    # officer and directors read it (fire and theft protection are theirs to answer for too).
    "room_care": {"archivist"},
    "room_readings": {"archivist", "sensor"},
    "room_care_read": {"archivist", "security", "director"},
}


@dataclass(frozen=True)
class Subject:
    """What access is decided on: a record's (or a customer's) level and the customer file it belongs to."""

    level: Confidentiality = Confidentiality.NONE
    customer_no: str | None = None
    owner: str = ""  # the customer file's account manager
    department: str = ""  # the customer file's department
    document_id: str | None = None


@dataclass(frozen=True)
class ScopeClause:
    """One way to be allowed a record in search; every condition given holds (None: any)."""

    levels: tuple[str, ...] | None = None
    owner: str | None = None
    department: str | None = None
    customer_nos: tuple[str, ...] | None = None
    ids: tuple[str, ...] | None = None
    has_customer: bool | None = None


@dataclass(frozen=True)
class SearchScope:
    """The records a principal may read, as clauses any one of which admits a record. No clauses: none."""

    clauses: tuple[ScopeClause, ...] = ()

    @property
    def nothing(self) -> bool:
        return not self.clauses


@dataclass(frozen=True)
class Access:
    """What one principal may see: their roles, department and live grants (resolved with the sign-in)."""

    principal: Principal

    @property
    def grants(self) -> tuple[Grant, ...]:
        return self.principal.grants

    @cached_property
    def roles(self) -> tuple[str, ...]:
        return tuple(role for role in self.principal.roles if role in _ROLE_SIGHT)

    def may(self, action: str) -> bool:
        return bool(ACTIONS[action] & set(self.principal.roles))

    def require(self, action: str, what: str = "") -> None:
        if not self.may(action):
            raise Forbidden(f"your role may not {what or action.replace('_', ' ')}")

    def require_change(self, *subjects: str | None, what: str) -> None:
        """A change to a customer file or record (`subjects`: its id, its customer's number): directly for the
        roles that approve changes, with a live approved `change` request on one of the subjects otherwise."""
        if _CHANGES_DIRECTLY & set(self.principal.roles) or self._granted("change", subjects):
            return
        named = next((s for s in subjects if s), "it")
        raise Forbidden(f"to {what} you need an approved change request (POST /api/approvals "
                        f"kind=change subject={named})")

    def require_move_out(self, document_id: str) -> None:
        """Taking a record out of a confidential volume into a lower one needs the security officer's approval."""
        if _MOVES_OUT_DIRECTLY & set(self.principal.roles) or self._granted("move_out", (document_id,)):
            return
        raise Forbidden(f"record {document_id} is in a confidential volume: moving it to a lower one needs an "
                        f"approved request (POST /api/approvals kind=move_out_of_confidential_volume "
                        f"subject={document_id})")

    def _granted(self, kind: str, subjects) -> bool:
        wanted = {s for s in subjects if s}
        return any(g.kind == kind and g.subject in wanted for g in self.grants)

    def sight(self, subject: Subject) -> Sight:
        # A subject's level is one level already (callers pass the effective one); a page of hits asks twenty times.
        level = _LEVEL_VALUES.get(subject.level) or effective_level(subject.level).value
        best = max((self._role_sight(role, subject, level) for role in self.roles), default=Sight.HIDDEN)
        return max(best, self._granted_sight(subject, level))

    @property
    def lists_every_record(self) -> bool:
        """Does the principal know of every customer file and every record in it, at any level (figures over
        the whole archive then hide nothing from them)?"""
        return any(_ROLE_SCOPE[role] == "all" and min(_ROLE_SIGHT[role].values()) >= Sight.METADATA
                   for role in self.roles)

    @property
    def needs_keeper(self) -> bool:
        """Does a record's sight depend on its customer file's owner and department for this principal? Not for
        roles that see every file (or none): their checks need no look-up of the customer."""
        return any(_ROLE_SCOPE[role] in ("department", "owner") for role in self.roles)

    def sees_customer(self, customer_no: str | None, owner: str = "", department: str = "") -> bool:
        """May the principal know the customer file exists (its profile, catalogue, volumes)?"""
        subject = Subject(customer_no=customer_no, owner=owner, department=department)
        return any(self._in_scope(role, subject) for role in self.roles) or self._customer_granted(customer_no)

    def search_scope(self) -> SearchScope:
        """The records this principal may READ, for the index to filter on (totals and facets included)."""
        clauses: list[ScopeClause] = []
        for role in self.roles:
            levels = tuple(level for level, sight in _ROLE_SIGHT[role].items() if sight >= Sight.READ)
            scope = _ROLE_SCOPE[role]
            if not levels or scope == "none":
                continue
            if scope == "all":
                clauses.append(ScopeClause(levels=levels))
            elif scope == "department" and self.principal.department:
                clauses.append(ScopeClause(levels=levels, department=self.principal.department, has_customer=True))
            elif scope == "owner":
                clauses.append(ScopeClause(levels=levels, owner=self.principal.user, has_customer=True))
        if any(clause == ScopeClause(levels=(N, S, C)) for clause in clauses):
            return SearchScope((ScopeClause(levels=(N, S, C)),))  # every grant is within it already
        customers = tuple(sorted({g.subject for g in self.grants if g.kind == "customer"}))
        if customers:
            clauses.append(ScopeClause(levels=(N,), customer_nos=customers))
        records = tuple(sorted({g.subject for g in self.grants if g.kind == "record"}))
        if records:
            clauses.append(ScopeClause(levels=(N, S, C), ids=records))
        return SearchScope(tuple(dict.fromkeys(clauses)))

    def lending_grant(self, subject: Subject) -> Grant | None:
        """The approved grant a READ sight of `subject` rests on (electronic lending: someone outside its
        department or above their clearance), None when the roles alone let them read it. What a watermark
        names, and what ends the sight by itself when its `until` passes."""
        if Access(replace(self.principal, grants=())).sight(subject) >= Sight.READ:
            return None
        for grant in self.grants:
            if (grant.kind == "record" and grant.subject == subject.document_id) or (
                    grant.kind == "customer" and grant.subject == subject.customer_no):
                return grant
        return None

    def _role_sight(self, role: str, subject: Subject, level: str) -> Sight:
        if not self._in_scope(role, subject) and not self._customer_granted(subject.customer_no):
            return Sight.HIDDEN
        return _ROLE_SIGHT[role][level]

    def _in_scope(self, role: str, subject: Subject) -> bool:
        scope = _ROLE_SCOPE[role]
        if scope == "all":
            return True
        if not subject.customer_no:  # an unfiled record is the archive room's business
            return False
        if scope == "department":
            return bool(self.principal.department) and subject.department == self.principal.department
        return scope == "owner" and subject.owner == self.principal.user

    def _customer_granted(self, customer_no: str | None) -> bool:
        return bool(customer_no) and any(g.kind == "customer" and g.subject == customer_no for g in self.grants)

    def _granted_sight(self, subject: Subject, level: str) -> Sight:
        if subject.document_id and any(g.kind == "record" and g.subject == subject.document_id
                                       for g in self.grants):
            return _GRANTED_SIGHT[level]
        return Sight.HIDDEN


def live_grants(grants: Iterable[Grant], *, user: str, now: datetime) -> tuple[Grant, ...]:
    return tuple(g for g in grants if g.user == user and now < g.until)
