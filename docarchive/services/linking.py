"""Records into their customers' files: linking on arrival, re-linking when a file is opened or gains an
identifier, and the review queue where a person links, or clears a reason, by hand.

Every change of a record's link is kept in its history with the reason, in the unit of work that makes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docarchive.domain.customers import Customer
from docarchive.domain.documents import Document
from docarchive.domain.errors import InvalidInput
from docarchive.domain.events import Changed, RecordChanged
from docarchive.domain.history import required_reason
from docarchive.domain.linking import (
    KEPT_LINKS,
    LINK_REASONS,
    MANUAL,
    NOT_FILED,
    REVIEW_REASONS,
    Decision,
    Evidence,
    OnFile,
    customer_keys,
    decide,
)
from docarchive.domain.principal import Principal
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore, UnitOfWork
from docarchive.services.access import require

MAX_RELINK = 10_000  # records one customer file can pull in at once; more is a data problem to look at
MAX_PAGE_SIZE = 200


class OnFileInUnit:
    """The customer lookup the linking rules need, over a unit of work (its own writes included)."""

    def __init__(self, uow: UnitOfWork):
        self.uow = uow

    def by_number(self, customer_no: str) -> OnFile | None:
        customer = self.uow.customers.find(customer_no)
        return _on_file(customer) if customer else None

    def by_id_number(self, id_number: str) -> list[OnFile]:
        return [_on_file(c) for c in self.uow.customers.find_by_id_number(id_number)]

    def by_name(self, name: str) -> list[OnFile]:
        return [_on_file(c) for c in self.uow.customers.find_by_name(name)]


def _on_file(customer: Customer) -> OnFile:
    return OnFile(customer.customer_no, customer.name, customer.id_number)


def apply_decision(document: Document, decision: Decision, *, principal: Principal, clock: Clock) -> None:
    """Set the record's customer, link and link reasons; reasons a person dismissed are not raised again."""
    document.customer_no = decision.customer_no
    document.link = None if decision.customer_no is None else {
        "customer_no": decision.customer_no, "how": decision.how, "evidence": decision.evidence,
        "at": clock.now().isoformat(), "by": principal.user}
    kept = [flag for flag in document.review if flag["reason"] not in LINK_REASONS]
    fresh = [flag for flag in decision.reasons if flag["reason"] not in document.review_dismissed]
    document.review = fresh + kept  # disjoint: the decision gives link reasons only


def record_link(uow: UnitOfWork, document: Document, before: dict[str, Any], *, principal: Principal,
                clock: Clock, reason: str, event: type[Changed] = RecordChanged) -> None:
    """Raise the event of a record's link change (RecordAdded for one arriving): its history follows."""
    uow.record(event.between(document.id, before, link_state(document), at=clock.now(), by=principal.user,
                             reason=reason))


def link_state(document: Document) -> dict[str, Any]:
    """What the history compares: the customer, how the link was made, and what waits for a person."""
    return {"customer_no": document.customer_no, "link": (document.link or {}).get("how"),
            "review": document.review_reasons or None}


def relink_records_naming(uow: UnitOfWork, customers: list[Customer], *, principal: Principal,
                          clock: Clock) -> list[Document]:
    """Decide again every record whose evidence names these customers (by number, ID number or name), in the
    caller's unit of work: a file opened after its records arrived still gets them. Links a person made stay."""
    keys = [key for c in customers for key in customer_keys(c.customer_no, c.name, c.id_number)]
    changed = []
    lookup = OnFileInUnit(uow)
    for document in uow.documents.naming(list(dict.fromkeys(keys)), limit=MAX_RELINK):
        if (document.link or {}).get("how") in KEPT_LINKS:
            continue
        decision = decide(Evidence.from_dict(document.evidence), lookup)
        if decision.open_file:  # only an arriving card opens a file; deciding again never does
            continue
        before = link_state(document)
        apply_decision(document, decision, principal=principal, clock=clock)
        if link_state(document) == before:
            continue
        document.updated_at = clock.now()
        uow.documents.update(document)
        record_link(uow, document, before, principal=principal, clock=clock, reason=_why(decision))
        changed.append(document)
    return changed


def _why(decision: Decision) -> str:
    if decision.customer_no:
        return f"linked automatically: {decision.evidence}"
    return "unlinked automatically: " + ", ".join(flag["reason"] for flag in decision.reasons)


def link_by_hand(records: RecordStore, *, principal: Principal, clock: Clock, document_id: str,
                 customer_no: str, reason: str) -> Document:
    """A person files the record under a customer; automatic re-linking never changes it afterwards."""
    require(principal, "review", "link records by hand")
    reason = required_reason(reason)
    with records.unit_of_work() as uow:
        document = uow.documents.get(document_id)
        customer = uow.customers.get(customer_no.strip())
        before = link_state(document)
        apply_decision(document, Decision(customer.customer_no, MANUAL, reason), principal=principal, clock=clock)
        document.updated_at = clock.now()
        uow.documents.update(document)
        record_link(uow, document, before, principal=principal, clock=clock, reason=reason)
        uow.commit()
    return document


def dismiss_reason(records: RecordStore, *, principal: Principal, clock: Clock, document_id: str,
                   reason_code: str, reason: str) -> Document:
    """Clear one reason a record waits for; it is not raised again for this record."""
    require(principal, "review", "clear review reasons")
    reason = required_reason(reason)
    if reason_code not in REVIEW_REASONS:
        raise InvalidInput(f"unknown reason code {reason_code!r}; one of {', '.join(REVIEW_REASONS)}")
    with records.unit_of_work() as uow:
        document = uow.documents.get(document_id)
        if reason_code not in document.review_reasons:
            raise InvalidInput(f"record {document_id} is not waiting for {reason_code}")
        before = link_state(document)
        document.review = [flag for flag in document.review if flag["reason"] != reason_code]
        document.review_dismissed = sorted({*document.review_dismissed, reason_code})
        document.updated_at = clock.now()
        uow.documents.update(document)
        record_link(uow, document, before, principal=principal, clock=clock, reason=reason)
        uow.commit()
    return document


def clear_not_filed(uow: UnitOfWork, document: Document) -> None:
    """A record filed in a paper volume no longer waits for filing (called where filing happens)."""
    if NOT_FILED in document.review_reasons:
        document.review = [flag for flag in document.review if flag["reason"] != NOT_FILED]
        uow.documents.update(document)


@dataclass
class ReviewPage:
    total: int
    counts: dict[str, int]
    page: int
    size: int
    items: list[Document]


def review_queue(records: RecordStore, *, principal: Principal, reason: str | None = None, page: int = 1,
                 size: int = 50) -> ReviewPage:
    """The records that need a person, oldest first, with the number waiting for each reason."""
    require(principal, "review", "see the review queue")
    if reason is not None and reason not in REVIEW_REASONS:
        raise InvalidInput(f"unknown reason {reason!r}; one of {', '.join(REVIEW_REASONS)}")
    if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidInput(f"page must be 1 or more and size 1–{MAX_PAGE_SIZE}")
    with records.unit_of_work(readonly=True) as uow:
        counts = uow.documents.review_counts()
        items = uow.documents.needing_review(reason=reason, limit=size, offset=(page - 1) * size)
    return ReviewPage(total=counts.get(reason or "all", 0), counts=counts, page=page, size=size, items=items)

