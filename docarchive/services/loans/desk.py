"""Filing and deciding loans: a request names volumes, boxes or single records; the rules refuse, approve at
once (a director's own non-secret loan) or leave it for the approver they name; renewals go the same way."""

from __future__ import annotations

from docarchive.domain import lending as rules
from docarchive.domain.access import Sight, effective_level
from docarchive.domain.audit import APPROVE, CANCEL, REJECT, REQUEST
from docarchive.domain.errors import InvalidInput
from docarchive.domain.ids import new_id
from docarchive.domain.lending import Borrower, LentVolume, Loan
from docarchive.domain.paper.codes import CodeKind, check_code
from docarchive.domain.paper.model import Volume
from docarchive.domain.principal import Principal
from docarchive.ports.records import UnitOfWork
from docarchive.services.access import require, seen_document, seen_volume
from docarchive.services.audit import audited
from docarchive.services.loans import Lending
from docarchive.services.loans.counter import follow_due, refuse_if_disposed
from docarchive.services.loans.queries import seen_loan

MAX_NAMED = rules.MAX_VOLUMES


def request_loan(lending: Lending, principal: Principal, *, volumes: list[str] = (), boxes: list[str] = (),
                 items: list[str] = (), borrower: str | None = None, purpose: str | None, mode: str,
                 hours: float | None = None, copies: int | None = None) -> Loan:
    """File a loan request (201 whatever the rules decide: pending, approved or refused, with the reason).
    Only the desk (an archivist) files for someone else; volumes the requester may not know of are NotFound."""
    with audited(lending.audit, principal, REQUEST, clock=lending.clock, subject="loan",
                 detail={"mode": mode, "purpose": purpose, "borrower": borrower or principal.user}) as target:
        who = _borrower(lending, principal, borrower)
        lent = _volumes_named(lending, principal, list(volumes), list(boxes), list(items))
        loan = rules.new_loan(id=new_id(), volumes=lent, borrower=who, requested_by=principal.user,
                              purpose=purpose, mode=mode, now=lending.clock.now(), hours=hours, copies=copies)
        lending.store.add(loan)
        target.update(subject=f"loan:{loan.id}")
        target["detail"] |= {"volumes": list(loan.archive_nos), "status": loan.status, "reason": loan.reason}
    return loan


def approve_loan(lending: Lending, principal: Principal, loan_id: str, *, reason: str | None) -> Loan:
    """Approve a pending loan, or the renewal waiting on a loan that is out."""
    return _decide(lending, principal, loan_id, APPROVE, rules.approve, reason)


def reject_loan(lending: Lending, principal: Principal, loan_id: str, *, reason: str | None) -> Loan:
    return _decide(lending, principal, loan_id, REJECT, rules.reject, reason)


def cancel_loan(lending: Lending, principal: Principal, loan_id: str, *, reason: str | None) -> Loan:
    with _step(lending, principal, CANCEL, loan_id) as target:
        loan = seen_loan(lending, principal, loan_id)
        cancelled = lending.store.update(rules.cancel(loan, principal.user, reason=reason, now=lending.clock.now()))
        target["detail"] |= {"status": cancelled.status}
    return cancelled


def renew_loan(lending: Lending, principal: Principal, loan_id: str, *, hours: float | None,
               reason: str | None) -> Loan:
    """Ask for more time on a loan that is out: the borrower, the requester or the desk asks; the approver
    decides as for the loan (a director's own non-secret loan is renewed at once); past the limit, refused."""
    with _step(lending, principal, REQUEST, loan_id, what="renewal") as target:
        loan = seen_loan(lending, principal, loan_id)
        if principal.user not in (loan.borrower, loan.requested_by):
            require(principal, "paper", "renew someone else's loan")
        renewed = lending.store.update(rules.ask_renewal(loan, principal.user, hours=hours, reason=reason,
                                                         now=lending.clock.now()))
        follow_due(lending, renewed)
        target["detail"] |= {"renewal": renewed.renewals[-1].state, "due": renewed.due.isoformat()}
    return renewed


def _decide(lending: Lending, principal: Principal, loan_id: str, action: str, rule, reason) -> Loan:
    with _step(lending, principal, action, loan_id, reason=reason) as target:
        loan = seen_loan(lending, principal, loan_id)
        decided = lending.store.update(rule(loan, principal.user, tuple(principal.roles), principal.department,
                                            reason=reason, now=lending.clock.now()))
        follow_due(lending, decided)
        target["detail"] |= {"status": decided.status, "borrower": decided.borrower}
    return decided


def _step(lending: Lending, principal: Principal, action: str, loan_id: str, *, what: str = "loan",
          reason: str | None = None):
    return audited(lending.audit, principal, action, clock=lending.clock, subject=f"loan:{loan_id}",
                   detail={"what": what, "reason": reason})


def _borrower(lending: Lending, principal: Principal, name: str | None) -> Borrower:
    name = (name or "").strip()
    if not name or name == principal.user:
        return Borrower(principal.user, principal.department, tuple(principal.roles))
    require(principal, "paper", "file a loan for someone else (the desk does)")
    user = lending.accounts.find_user(name) if lending.accounts is not None else None
    if user is None or user.disabled:
        raise InvalidInput(f"no user {name!r}: a borrower is someone with an account")
    return Borrower(user.name, user.department, tuple(user.roles))


def _volumes_named(lending: Lending, principal: Principal, volumes: list[str], boxes: list[str],
                   items: list[str]) -> list[LentVolume]:
    """Each volume once with its level (its own and its records'), the records asked for noted on it."""
    if len(volumes) + len(boxes) + len(items) > MAX_NAMED:
        raise InvalidInput(f"name at most {MAX_NAMED} volumes, boxes or records in one request")
    with lending.records.unit_of_work(readonly=True) as uow:
        named: dict[str, tuple[Volume, list[str]]] = {}
        for archive_no in volumes:
            volume = seen_volume(uow, principal, check_code(archive_no, CodeKind.VOLUME, lending.rule))
            named.setdefault(volume.archive_no, (volume, []))
        if boxes:
            require(principal, "paper_read", "borrow whole boxes (name their volumes)")
        for code in boxes:
            uow.boxes.get(check_code(code, CodeKind.BOX))
            for volume in uow.volumes.in_boxes([code.strip()]):
                named.setdefault(volume.archive_no, (seen_volume(uow, principal, volume.archive_no), []))
        for document_id in items:
            volume = _volume_of(uow, principal, document_id.strip())
            named.setdefault(volume.archive_no, (volume, []))[1].append(document_id.strip())
        lent = [LentVolume(no, _level(uow, volume, asked).value, tuple(asked)) for no, (volume, asked) in named.items()]
    for volume in lent:
        refuse_if_disposed(lending, volume.archive_no)
    return lent


def _volume_of(uow: UnitOfWork, principal: Principal, document_id: str) -> Volume:
    seen_document(uow, principal, document_id, Sight.METADATA)
    archive_no = uow.volumes.filed_in([document_id]).get(document_id)
    if archive_no is None:
        raise InvalidInput(f"record {document_id} is not filed in a paper volume: there is no paper to lend")
    return uow.volumes.get(archive_no)


def _level(uow: UnitOfWork, volume: Volume, asked: list[str]):
    """A whole volume is as secret as its most secret record; single records, as they and the volume are."""
    ids = asked or [item.document_id for item in volume.items]
    documents = [uow.documents.find(document_id) for document_id in ids]
    return effective_level(volume.confidentiality, *(d.confidentiality for d in documents if d is not None))
