"""/api/loans: the lending desk (借阅) — requests, decisions, checkout and return by barcode, renewals,
lists and reports."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.api.downloads import attachment
from docarchive.api.schemas.loans import Decision, LoanAsked, LoanList, LoanOut, RenewalAsked, Scanned
from docarchive.bootstrap import Container
from docarchive.domain.principal import Principal
from docarchive.services.loans import counter, desk
from docarchive.services.loans.queries import MAX_LIST, list_loans, seen_loan
from docarchive.services.loans.reports import export_loans, loan_report

router = APIRouter(prefix="/api/loans", tags=["loans"])
Deps = Annotated[Container, Depends(get_container)]
Acting = Annotated[Principal, Depends(get_principal)]


@router.post("", status_code=201, response_model=LoanOut)
def ask(container: Deps, principal: Acting, body: LoanAsked):
    """File a request: 201 with status pending (and who decides), approved, or refused with the reason."""
    loan = desk.request_loan(container.lending, principal, volumes=body.volumes, boxes=body.boxes,
                             items=body.items, borrower=body.borrower, purpose=body.purpose, mode=body.mode,
                             hours=body.hours, copies=body.copies)
    return _out(container, loan)


@router.get("", response_model=LoanList)
def listing(container: Deps, principal: Acting, status: str | None = None, overdue: bool = False,
            borrower: str | None = None, volume: str | None = None,
            limit: Annotated[int, Query(ge=1, le=MAX_LIST)] = 100):
    """Loans you may see (the desk, directors, auditors: all; a manager: the department's; others: their own)."""
    loans = list_loans(container.lending, principal, status=status, overdue=overdue, borrower=borrower,
                       archive_no=volume, limit=limit)
    return _list(container, loans)


@router.get("/report", response_model=LoanList)
def report(container: Deps, principal: Acting, kind: str = "current", volume: str | None = None,
           borrower: str | None = None, format: Literal["json", "xlsx", "pdf"] = "json"):
    """current | overdue | history (of a volume or a borrower); format=xlsx for a spreadsheet, pdf to print."""
    if format != "json":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"loans.{format}"
            export_loans(container.lending, principal, path, kind=kind, volume=volume, borrower=borrower)
            content = path.read_bytes()
        return attachment(content, format, f"loans-{kind}.{format}")
    return _list(container, loan_report(container.lending, principal, kind=kind, volume=volume, borrower=borrower))


@router.post("/checkout", response_model=LoanOut)
def check_out_scanned(container: Deps, principal: Acting, body: Scanned):
    """A volume's barcode scanned at the desk: it goes out on its approved loan."""
    return _out(container, counter.check_out_code(container.lending, principal, body.code))


@router.post("/return", response_model=LoanOut)
def return_scanned(container: Deps, principal: Acting, body: Scanned):
    """A volume's barcode scanned as it comes back; `condition` notes its state (default 完好)."""
    return _out(container, counter.return_code(container.lending, principal, body.code, condition=body.condition))


@router.get("/{loan_id}", response_model=LoanOut)
def show(container: Deps, principal: Acting, loan_id: str):
    return _out(container, seen_loan(container.lending, principal, loan_id))


@router.post("/{loan_id}/approve", response_model=LoanOut)
def approve(container: Deps, principal: Acting, loan_id: str, body: Decision):
    """Approve the loan (or the renewal waiting on it); never one's own."""
    return _out(container, desk.approve_loan(container.lending, principal, loan_id, reason=body.reason))


@router.post("/{loan_id}/reject", response_model=LoanOut)
def reject(container: Deps, principal: Acting, loan_id: str, body: Decision):
    return _out(container, desk.reject_loan(container.lending, principal, loan_id, reason=body.reason))


@router.post("/{loan_id}/cancel", response_model=LoanOut)
def cancel(container: Deps, principal: Acting, loan_id: str, body: Decision):
    return _out(container, desk.cancel_loan(container.lending, principal, loan_id, reason=body.reason))


@router.post("/{loan_id}/renew", response_model=LoanOut)
def renew(container: Deps, principal: Acting, loan_id: str, body: RenewalAsked):
    """Ask for more time; the approver decides as for the loan (POST …/approve), past the limit it is refused."""
    return _out(container, desk.renew_loan(container.lending, principal, loan_id, hours=body.hours,
                                           reason=body.reason))


@router.post("/{loan_id}/checkout", response_model=LoanOut)
def check_out(container: Deps, principal: Acting, loan_id: str):
    """Hand over every volume of an approved loan."""
    return _out(container, counter.check_out_loan(container.lending, principal, loan_id))


def _out(container: Container, loan) -> LoanOut:
    return LoanOut.of(loan, container.clock.now())


def _list(container: Container, loans) -> LoanList:
    now = container.clock.now()
    return LoanList(loans=[LoanOut.of(loan, now) for loan in loans], count=len(loans),
                    overdue=sum(loan.overdue(now) for loan in loans))
