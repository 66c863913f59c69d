"""Handing customer files to another keeper (销售人员离职时，应将客户档案移交接替者或销售经理) as one recorded
transfer: one change-log entry per customer (who, when, why, owner and department before and after) and one
audit event for the whole transfer. The records' search entries follow the customer at commit (their owner
and department are the customer's: search/entries.py).

Managers transfer within their own department; directors and archivists anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from docarchive.domain import history
from docarchive.domain.access import Access
from docarchive.domain.audit import TRANSFER
from docarchive.domain.customers import Customer, customer_fields
from docarchive.domain.errors import Forbidden, InvalidInput
from docarchive.domain.principal import Principal
from docarchive.ports.audit import AuditLog
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore, UnitOfWork
from docarchive.services.audit import audited
from docarchive.services.history import record_change

MAX_TRANSFER = 10_000  # one unit of work; a keeper with more files is handed over in parts (customer_nos)
MAX_NAME = 64


@dataclass(frozen=True)
class Handover:
    """Whose files go to whom: all of `from_owner`'s unless `customer_nos` names some of them."""

    from_owner: str
    to_owner: str
    reason: str | None
    to_department: str | None = None  # None: each file keeps its department
    customer_nos: Sequence[str] | None = None


def transfer_customers(records: RecordStore, handover: Handover, *, principal: Principal, clock: Clock,
                       audit: AuditLog | None = None) -> list[Customer]:
    """Give the files to their new keeper in one unit of work; the customers as they are now."""
    reason = history.required_reason(handover.reason)
    Access(principal).require("transfer_customers", "transfer customer files")
    from_owner, to_owner = _names(handover)
    detail = {"reason": reason, "from": from_owner, "to": to_owner, "to_department": handover.to_department}
    with audited(audit, principal, TRANSFER, clock=clock, subject=f"owner:{from_owner}", detail=detail) as target:
        with records.unit_of_work() as uow:
            customers = _chosen(uow, from_owner, handover.customer_nos)
            _check_scope(principal, customers, handover.to_department)
            for customer in customers:
                _hand_over(uow, customer, handover, principal=principal, clock=clock, reason=reason)
            uow.commit()
        target["detail"] = {**detail, "customers": [c.customer_no for c in customers]}
    return customers


def _names(handover: Handover) -> tuple[str, str]:
    from_owner, to_owner = (handover.from_owner or "").strip(), (handover.to_owner or "").strip()
    if not from_owner or not to_owner or max(len(from_owner), len(to_owner)) > MAX_NAME:
        raise InvalidInput(f"name who hands over and who takes over (1–{MAX_NAME} characters each)")
    if from_owner == to_owner and handover.to_department is None:
        raise InvalidInput("the files would stay where they are: name another owner or a department")
    return from_owner, to_owner


def _chosen(uow: UnitOfWork, from_owner: str, customer_nos: Sequence[str] | None) -> list[Customer]:
    if customer_nos is None:
        customers = uow.customers.owned_by(from_owner, limit=MAX_TRANSFER + 1)
        if len(customers) > MAX_TRANSFER:
            raise InvalidInput(f"{from_owner} keeps more than {MAX_TRANSFER} files: hand them over in parts")
    else:
        if not customer_nos or len(customer_nos) > MAX_TRANSFER:
            raise InvalidInput(f"give 1–{MAX_TRANSFER} customer numbers")
        customers = [uow.customers.get(no) for no in dict.fromkeys(customer_nos)]
    others = [f"{c.customer_no} ({c.owner or 'nobody'})" for c in customers if c.owner != from_owner]
    if others:
        raise InvalidInput(f"not kept by {from_owner}: {', '.join(others[:20])}")
    if not customers:
        raise InvalidInput(f"{from_owner} keeps no customer files")
    return customers


def _check_scope(principal: Principal, customers: list[Customer], to_department: str | None) -> None:
    """A manager hands over files of their own department, to someone in it."""
    if {"director", "archivist"} & set(principal.roles):
        return
    mine = principal.department
    outside = [c.customer_no for c in customers if not mine or c.department != mine]
    if outside or (to_department is not None and to_department != mine):
        raise Forbidden("a manager transfers the files of their own department, within it")


def _hand_over(uow: UnitOfWork, customer: Customer, handover: Handover, *, principal: Principal, clock: Clock,
               reason: str) -> None:
    before = customer_fields(customer)
    customer.owner = handover.to_owner.strip()
    if handover.to_department is not None:
        customer.department = handover.to_department.strip()
    customer.updated_at = clock.now()
    uow.customers.update(customer)
    record_change(uow, principal, history.CUSTOMER, customer.customer_no, before, customer_fields(customer), reason,
                  clock=clock)
