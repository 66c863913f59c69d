"""Reading the loan register: who may see which loans, the lists the desk and the reports show, and whether
a volume is on loan (the question moving, re-filing and destroying a volume ask)."""

from __future__ import annotations

from docarchive.domain.errors import NotFound
from docarchive.domain.lending import LENT, STATES, Loan, loan_mark_text
from docarchive.domain.errors import InvalidInput
from docarchive.domain.paper.model import LoanMark
from docarchive.domain.principal import Principal
from docarchive.ports.loans import LoanFilter
from docarchive.ports.records import RecordStore
from docarchive.services.loans import Lending

MAX_LIST = 1000
_SEE_ALL = {"archivist", "director", "auditor"}  # the desk, the approvers of secret loans, the auditors


def on_loan(records: RecordStore, archive_no: str) -> LoanMark | None:
    """Is this volume out on loan? Its mark (loan id, borrower, since, due) or None; NotFound for no volume.
    No principal: the caller (moving, re-filing, destroying) has checked its own access already."""
    with records.unit_of_work(readonly=True) as uow:
        return uow.volumes.get(archive_no.strip()).on_loan


def loan_text(records: RecordStore, archive_no: str) -> str | None:
    """借出：X，自 T 起，应还 T2 while the volume is out; None when it is in, or when there is no such volume (a
    destruction list may name one gone already). The question destruction asks (DisposalDesk.loan_of)."""
    try:
        mark = on_loan(records, archive_no)
    except NotFound:
        return None
    return loan_mark_text(mark.borrower, mark.since, mark.due) if mark else None


def refuse_if_on_loan(records: RecordStore, archive_no: str, doing: str) -> None:
    """Conflict (409) naming the loan when the volume is out: for whoever destroys, moves or re-files it."""
    with records.unit_of_work(readonly=True) as uow:
        uow.volumes.get(archive_no.strip()).check_in_place(doing)


def sees_loan(principal: Principal, loan: Loan) -> bool:
    roles = set(principal.roles)
    if roles & _SEE_ALL or principal.user in (loan.borrower, loan.requested_by):
        return True
    return "manager" in roles and bool(principal.department) and principal.department == loan.department


def seen_loan(lending: Lending, principal: Principal, loan_id: str) -> Loan:
    """The loan if the principal may know of it; NotFound, as for an unknown id, otherwise."""
    loan = lending.store.get(loan_id.strip())
    if not sees_loan(principal, loan):
        raise NotFound(f"no loan {loan_id}")
    return loan


def list_loans(lending: Lending, principal: Principal, *, status: str | None = None, overdue: bool = False,
               borrower: str | None = None, archive_no: str | None = None, limit: int = 100) -> list[Loan]:
    """Loans the principal may see, newest request first: all for the desk, directors and auditors; their
    department's for a manager; their own for anyone else. `overdue`: lent and past due now."""
    if status is not None and status not in STATES:
        raise InvalidInput(f"status must be one of {', '.join(STATES)}")
    where = LoanFilter(statuses=(status,) if status else None, borrower=borrower or None,
                       archive_no=(archive_no or "").strip() or None,
                       due_before=lending.clock.now() if overdue else None)
    where = _within_sight(principal, where)
    if where is None:
        return []
    return lending.store.list(where, limit=min(max(limit, 1), MAX_LIST))


def current_loans(lending: Lending, principal: Principal, **filters) -> list[Loan]:
    return list_loans(lending, principal, status=LENT, **filters)


def _within_sight(principal: Principal, where: LoanFilter) -> LoanFilter | None:
    from dataclasses import replace

    roles = set(principal.roles)
    if roles & _SEE_ALL:
        return where
    if "manager" in roles and principal.department:
        if where.department not in (None, principal.department):
            return None
        return replace(where, department=principal.department)
    if where.borrower not in (None, principal.user):
        return None
    return replace(where, borrower=principal.user)
