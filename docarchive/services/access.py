"""Access checks every read and change goes through: the seam between the pure rules (domain/access.py)
and the stores. A record or customer the principal may not see is NotFound, word for word as a missing id,
so nobody learns it exists; one they may see but not open says what would let them (a request)."""

from __future__ import annotations

from typing import Iterable, Iterator

from docarchive.domain.access import Access, Sight, Subject
from docarchive.domain.customers import Customer, CustomerHeading
from docarchive.domain.documents import Document, DocumentSummary
from docarchive.domain.errors import Forbidden, NotFound
from docarchive.domain.paper.model import Volume
from docarchive.domain.principal import Grant, Principal
from docarchive.ports.records import UnitOfWork

_NEEDS = {Sight.READ: "read", Sight.FULL: "download, print or export"}


def access_of(principal: Principal) -> Access:
    return Access(principal)


def document_subject(document: Document | DocumentSummary, customer: Customer | CustomerHeading | None) -> Subject:
    return Subject(level=document.effective_confidentiality, customer_no=document.customer_no,
                   owner=customer.owner if customer else "", department=customer.department if customer else "",
                   document_id=document.id)


def document_sight(uow: UnitOfWork, principal: Principal, document: Document) -> Sight:
    access = access_of(principal)
    keeper = access.needs_keeper and document.customer_no  # one store round trip saved for the archive room
    customer = uow.customers.find(document.customer_no) if keeper else None
    return access.sight(document_subject(document, customer))


def lending_grant(uow: UnitOfWork, principal: Principal, document: Document) -> Grant | None:
    """The grant the principal reads this record under (electronic lending), or None when their roles suffice."""
    access = access_of(principal)
    customer = uow.customers.find(document.customer_no) if document.customer_no else None
    return access.lending_grant(document_subject(document, customer))


def sighted_document(uow: UnitOfWork, principal: Principal, document_id: str) -> tuple[Document, Sight]:
    """The record and the principal's sight of it; NotFound (as for a missing id) if they may not know of it."""
    document = uow.documents.find(document_id)
    present = document is not None and not document.disposal  # set apart or erased: as good as missing
    sight = document_sight(uow, principal, document) if present else Sight.HIDDEN
    if sight == Sight.HIDDEN:
        raise NotFound(f"no document with id {document_id}")
    return document, sight


def seen_document(uow: UnitOfWork, principal: Principal, document_id: str, need: Sight = Sight.READ) -> Document:
    """The record if the principal's sight of it reaches `need`; NotFound if they may not know it exists."""
    document, sight = sighted_document(uow, principal, document_id)
    if sight < need:
        raise Forbidden(f"document {document_id} is {document.effective_confidentiality.value}: you may not "
                        f"{_NEEDS[need]} it without an approved request")
    return document


def seen_customer(uow: UnitOfWork, principal: Principal, customer_no: str) -> Customer:
    customer = uow.customers.find(customer_no.strip())
    if customer is None or not sees_customer(principal, customer):
        raise NotFound(f"no customer with number {customer_no}")
    return customer


def sees_customer(principal: Principal, customer: Customer | None) -> bool:
    if customer is None:
        return False
    return access_of(principal).sees_customer(customer.customer_no, customer.owner, customer.department)


def visible_documents(uow: UnitOfWork, principal: Principal, documents: Iterable[Document],
                      need: Sight = Sight.METADATA) -> list[tuple[Document, Sight]]:
    """The records (with the principal's sight of each) at or above `need`, customers read once each."""
    customers: dict[str, Customer | None] = {}
    access = access_of(principal)
    shown = []
    for document in documents:
        if document.disposal:
            continue  # in the recycle area, set apart for destruction, or erased
        no = document.customer_no
        if no and no not in customers:
            customers[no] = uow.customers.find(no)
        sight = access.sight(document_subject(document, customers.get(no) if no else None))
        if sight >= need:
            shown.append((document, sight))
    return shown


def every_visible_document(uow: UnitOfWork, principal: Principal, *, batch: int = 500) -> Iterator[Document]:
    """Every record the principal may at least know of, read in batches: for reports over the whole archive."""
    if not access_of(principal).roles:
        return
    after = None
    while documents := uow.documents.scan(after_id=after, limit=batch):
        yield from (document for document, _sight in visible_documents(uow, principal, documents))
        after = documents[-1].id


def seen_volume(uow: UnitOfWork, principal: Principal, archive_no: str) -> Volume:
    """A volume of a customer file the principal may know of; NotFound otherwise."""
    volume = uow.volumes.find(archive_no.strip())
    if volume is None or not sees_customer(principal, uow.customers.find(volume.customer_no)):
        raise NotFound(f"no volume {archive_no}")
    return volume


def require(principal: Principal, action: str, what: str = "") -> None:
    access_of(principal).require(action, what)


def require_change(principal: Principal, *subjects: str | None, what: str) -> None:
    access_of(principal).require_change(*subjects, what=what)


def withheld_json(document: Document) -> dict:
    """What a METADATA sight shows of a record: that it is there, what it is, not what it says."""
    return {"id": document.id, "title": document.title, "doc_type": document.doc_type.value,
            "customer_no": document.customer_no, "category": document.category,
            "confidentiality": document.effective_confidentiality.value, "page_count": document.page_count,
            "created_at": document.created_at.isoformat() if document.created_at else None,
            "withheld": True}
