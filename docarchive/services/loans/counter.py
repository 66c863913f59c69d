"""The desk's counter: a volume's barcode scanned to hand it over on its approved loan, or to take it back.
The loan register and the volume's on-loan mark are written in that order with the mark undone when the
register refuses, so a volume is never marked out for a loan that does not say so."""

from __future__ import annotations

from docarchive.domain import lending as rules
from docarchive.domain.audit import LOAN_OUT, LOAN_RETURN
from docarchive.domain.errors import Conflict, InvalidInput
from docarchive.domain.lending import APPROVED, LENT, Loan
from docarchive.domain.paper.codes import CodeKind, parse_code
from docarchive.domain.paper.model import LoanMark
from docarchive.domain.principal import Principal
from docarchive.ports.loans import LoanFilter
from docarchive.services.access import require
from docarchive.services.audit import audited
from docarchive.services.loans import Lending
from docarchive.services.loans.queries import seen_loan


def check_out_code(lending: Lending, principal: Principal, code: str) -> Loan:
    """A volume's barcode scanned at the desk: hand it over on the oldest approved loan naming it."""
    with audited(lending.audit, principal, LOAN_OUT, clock=lending.clock, subject="loan") as target:
        require(principal, "paper", "check volumes out (the desk does)")
        archive_no = _scanned_volume(lending, code)
        target["detail"] = {"archive_no": archive_no}
        loan = _waiting_for(lending, archive_no)
        target["subject"] = f"loan:{loan.id}"
        lent = _hand_over(lending, principal, loan, archive_no)
        target["detail"] |= {"borrower": lent.borrower, "due": lent.due.isoformat(), "copies": lent.copies}
    return lent


def check_out_loan(lending: Lending, principal: Principal, loan_id: str) -> Loan:
    """Hand over every volume of an approved loan not handed over yet."""
    with audited(lending.audit, principal, LOAN_OUT, clock=lending.clock, subject=f"loan:{loan_id}") as target:
        require(principal, "paper", "check volumes out (the desk does)")
        loan = seen_loan(lending, principal, loan_id)
        waiting = [v.archive_no for v in loan.volumes if v.out_at is None]
        if loan.status not in (APPROVED, LENT) or not waiting:
            raise Conflict(f"loan {loan.id} is {loan.status}: nothing to check out")
        for archive_no in waiting:
            loan = _hand_over(lending, principal, loan, archive_no)
        target["detail"] = {"volumes": waiting, "borrower": loan.borrower, "due": loan.due.isoformat()}
    return loan


def return_code(lending: Lending, principal: Principal, code: str, *, condition: str | None = None) -> Loan:
    """A volume's barcode scanned as it comes back: its loan notes the condition; the last one closes it."""
    with audited(lending.audit, principal, LOAN_RETURN, clock=lending.clock, subject="loan") as target:
        require(principal, "paper", "take volumes back (the desk does)")
        archive_no = _scanned_volume(lending, code)
        with lending.records.unit_of_work(readonly=True) as uow:
            mark = uow.volumes.get(archive_no).on_loan
        if mark is None:
            raise Conflict(f"volume {archive_no} is not on loan")
        target.update(subject=f"loan:{mark.loan_id}", detail={"archive_no": archive_no, "condition": condition})
        loan = lending.store.get(mark.loan_id)
        back = lending.store.update(rules.give_back(loan, archive_no, by=principal.user, now=lending.clock.now(),
                                                    condition=condition))
        _mark(lending, archive_no, None, expected=mark.loan_id)
        target["detail"] |= {"status": back.status, "overdue": loan.overdue(lending.clock.now())}
    return back


def follow_due(lending: Lending, loan: Loan) -> None:
    """After a renewal, each volume still out carries the loan's new due time."""
    if loan.status != LENT:
        return
    for archive_no in loan.out_volumes:
        _mark(lending, archive_no, _mark_of(loan), expected=loan.id)


def _hand_over(lending: Lending, principal: Principal, loan: Loan, archive_no: str) -> Loan:
    refuse_if_disposed(lending, archive_no)  # set apart after the loan was approved
    lent = rules.check_out(loan, archive_no, by=principal.user, now=lending.clock.now())
    _mark(lending, archive_no, _mark_of(lent), expected=None)
    try:
        return lending.store.update(lent)
    except Exception:
        _mark(lending, archive_no, None, expected=loan.id)
        raise


def refuse_if_disposed(lending: Lending, archive_no: str) -> None:
    """Conflict for a volume set apart for destruction (recover it first) or destroyed (no paper is left)."""
    mark = lending.disposal_of(archive_no)
    if mark is None:
        return
    if "register" in mark:
        entry = mark["register"]
        raise Conflict(f"volume {archive_no} was destroyed on {entry['destroyed_at'][:10]} (销毁清册 #{entry['seq']}): "
                       "there is no paper to lend")
    raise Conflict(f"volume {archive_no} is set apart for destruction (待销毁, list {mark['list_id']}): it is not lent "
                   "unless the archive room takes it back from the list")



def _mark(lending: Lending, archive_no: str, mark: LoanMark | None, *, expected: str | None) -> None:
    """Set or clear the volume's on-loan mark; `expected` is the loan that must hold it now (None: nobody)."""
    with lending.records.unit_of_work() as uow:
        volume = uow.volumes.get(archive_no)
        held = volume.on_loan.loan_id if volume.on_loan else None
        if held != expected:
            raise Conflict(f"volume {archive_no} is on loan {held} already" if held
                           else f"volume {archive_no} is not on loan {expected}")
        volume.on_loan = mark
        uow.volumes.update(volume)
        uow.commit()


def _mark_of(loan: Loan) -> LoanMark:
    return LoanMark(loan_id=loan.id, borrower=loan.borrower, since=loan.since, due=loan.due)


def _scanned_volume(lending: Lending, code: str) -> str:
    parsed = parse_code(code or "", lending.rule)
    if parsed.kind != CodeKind.VOLUME:
        raise InvalidInput(f"{parsed.value} is a {parsed.kind.value} code: scan the volume's barcode")
    return parsed.value


def _waiting_for(lending: Lending, archive_no: str) -> Loan:
    with lending.records.unit_of_work(readonly=True) as uow:
        mark = uow.volumes.get(archive_no).on_loan
    if mark is not None:
        raise Conflict(f"volume {archive_no} is on loan already (loan {mark.loan_id}, 借出：{mark.borrower})")
    loans = lending.store.list(LoanFilter(statuses=(APPROVED, LENT), archive_no=archive_no), limit=100)
    waiting = [loan for loan in loans if loan.volume(archive_no).out_at is None]
    if not waiting:
        raise Conflict(f"no approved loan names volume {archive_no}: file a request and have it approved first")
    return min(waiting, key=lambda loan: (loan.requested_at, loan.id))
