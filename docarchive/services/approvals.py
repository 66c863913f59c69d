"""Approvals as use cases: request, approve, reject, cancel; what waits for me, my own requests; the live
grants access control reads on every request. Every step is an audit event, refused ones included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from docarchive.domain import approvals as rules
from docarchive.domain.access import Grant, effective_level
from docarchive.domain.approvals import Request
from docarchive.domain.audit import APPROVE, CANCEL, REJECT, REQUEST
from docarchive.domain.errors import InvalidInput, NotFound
from docarchive.domain.ids import new_id
from docarchive.domain.principal import Principal
from docarchive.ports.approvals import ApprovalStore, RequestFilter
from docarchive.ports.audit import AuditLog
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore, UnitOfWork
from docarchive.services.audit import audited

MAX_LIST = 500
_RECORD_SUBJECTS = (rules.READ_RECORD, rules.MOVE_OUT)  # always a record
_CUSTOMER_SUBJECTS = (rules.CUSTOMER_ACCESS,)  # always a customer file; change and delete: either


@dataclass(frozen=True)
class Approvals:
    """What every approval use case needs besides the acting principal."""

    store: ApprovalStore
    records: RecordStore
    clock: Clock
    audit: AuditLog | None = None


@dataclass(frozen=True)
class _Facts:
    """What the records say about a request's subject: whose department decides, how secret it is."""

    department: str = ""
    level: str = "none"
    customer_no: str | None = None
    document_id: str | None = None


def request_approval(approvals: Approvals, principal: Principal, *, kind: str, subject: str, reason: str | None,
                     duration: timedelta | None = None) -> Request:
    """File a pending request for `subject` (a record id or customer number, as the kind takes)."""
    with audited(approvals.audit, principal, REQUEST, clock=approvals.clock, subject=f"approval:{kind}:{subject}",
                 detail={"kind": kind, "reason": reason}) as target:
        facts = _subject_facts(approvals.records, kind, (subject or "").strip())
        target.update(customer_no=facts.customer_no, document_id=facts.document_id)
        request = rules.new_request(id=new_id(), kind=kind, subject=subject, principal=principal, reason=reason,
                                    now=approvals.clock.now(), duration=duration, department=facts.department,
                                    level=facts.level)
        approvals.store.add(request)
        target["detail"] = {**target["detail"], "request": request.id}
    return request


def approve_request(approvals: Approvals, principal: Principal, request_id: str, *, reason: str | None) -> Request:
    """Approve; a read_record or customer_access approval is a grant from now until `until`."""
    return _decide(approvals, principal, request_id, APPROVE, rules.approve, reason)


def reject_request(approvals: Approvals, principal: Principal, request_id: str, *, reason: str | None) -> Request:
    return _decide(approvals, principal, request_id, REJECT, rules.reject, reason)


def cancel_request(approvals: Approvals, principal: Principal, request_id: str, *, reason: str | None) -> Request:
    return _decide(approvals, principal, request_id, CANCEL, rules.cancel, reason)


def waiting_for(approvals: Approvals, principal: Principal, *, limit: int = 100) -> list[Request]:
    """Pending requests `principal` may decide, newest first (their own never among them)."""
    found: dict[str, Request] = {}
    for where in _decidable(principal):
        for request in approvals.store.list(where, limit=_bounded(limit)):
            if rules.may_decide(request, principal):
                found[request.id] = request
    return sorted(found.values(), key=lambda r: (r.requested_at, r.id), reverse=True)[:_bounded(limit)]


def my_requests(approvals: Approvals, principal: Principal, *, limit: int = 100) -> list[Request]:
    return approvals.store.list(RequestFilter(requested_by=principal.user), limit=_bounded(limit))


def live_grants_for(approvals: ApprovalStore, *, user: str, now: datetime) -> tuple[Grant, ...]:
    """The grants `user` holds now: one indexed lookup of their approved requests with `until` after `now`."""
    grants = (request.grant() for request in approvals.approved_until_after(user, now))
    return tuple(grant for grant in grants if grant is not None)


def _decide(approvals: Approvals, principal: Principal, request_id: str, action: str, rule, reason) -> Request:
    with audited(approvals.audit, principal, action, clock=approvals.clock, subject=f"approval:{request_id}",
                 detail={"reason": reason}) as target:
        request = approvals.store.get(request_id)
        target["detail"] = {**target["detail"], "kind": request.kind, "requested_by": request.requested_by}
        _target_of(request, target)
        decided = rule(request, principal, reason=reason, now=approvals.clock.now())
        approvals.store.decide(decided)
    return decided


def _target_of(request: Request, target: dict) -> None:
    key = "customer_no" if request.kind in _CUSTOMER_SUBJECTS else "document_id"
    if request.kind in _RECORD_SUBJECTS or request.kind in _CUSTOMER_SUBJECTS:
        target[key] = request.subject


def _decidable(principal: Principal) -> list[RequestFilter]:
    """The listings that can hold requests this principal decides: by role, and their department's."""
    kinds = rules.deciding_kinds(principal)
    wheres = [RequestFilter(state=rules.PENDING, kinds=kinds)] if kinds else []
    if "manager" in principal.roles and principal.department:
        wheres.append(RequestFilter(state=rules.PENDING, department=principal.department))
    return wheres


def _subject_facts(records: RecordStore, kind: str, subject: str) -> _Facts:
    if kind not in rules.KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(rules.KINDS)}")
    with records.unit_of_work(readonly=True) as uow:
        volume = uow.volumes.find(subject) if kind == rules.DESTROY and subject else None
        if volume is not None:  # a paper volume to destroy: its customer's department decides, at its level
            customer = uow.customers.find(volume.customer_no)
            return _Facts(department=customer.department if customer else "", level=volume.confidentiality.value,
                          customer_no=volume.customer_no)
        if kind not in _CUSTOMER_SUBJECTS:
            document = uow.documents.find(subject) if subject else None
            if document is not None:
                return _record_facts(uow, document)
            if kind in _RECORD_SUBJECTS:
                raise NotFound(f"no record {subject}")
        customer = uow.customers.find(subject) if subject else None
        if customer is None:
            raise NotFound(f"no customer or record {subject}")
        return _Facts(department=customer.department, level=customer.confidentiality.value,
                      customer_no=customer.customer_no)


def _record_facts(uow: UnitOfWork, document) -> _Facts:
    archive_no = uow.volumes.filed_in([document.id]).get(document.id)
    volume = uow.volumes.find(archive_no) if archive_no else None
    level = effective_level(document.confidentiality, volume.confidentiality if volume else None)
    customer = uow.customers.find(document.customer_no) if document.customer_no else None
    return _Facts(department=customer.department if customer else "", level=level.value,
                  customer_no=document.customer_no, document_id=document.id)


def _bounded(limit: int) -> int:
    return min(max(limit, 1), MAX_LIST)
