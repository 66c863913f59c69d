"""Filing a customer's records in categories: the numbered catalogue (目录) and moving a record between categories."""

from __future__ import annotations

from typing import Any

from docarchive.domain.access import Sight
from docarchive.domain.catalogue import Catalogue, catalogue_items
from docarchive.domain.categories import CategoryScheme
from docarchive.domain.documents import Document
from docarchive.domain.errors import InvalidInput
from docarchive.domain.events import RecordChanged
from docarchive.domain.history import required_reason
from docarchive.domain.principal import Principal
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore
from docarchive.services.access import require, require_change, seen_customer, seen_document, visible_documents

MAX_FILE_RECORDS = 10_000


def customer_catalogues(
    records: RecordStore, *, principal: Principal, scheme: CategoryScheme, customer_no: str, category: str | None = None
) -> list[Catalogue]:
    """One catalogue per category (or only the one asked for), in the scheme's order."""
    wanted = [scheme.check(category)] if category else list(scheme.names)
    with records.unit_of_work(readonly=True) as uow:
        customer = seen_customer(uow, principal, customer_no)
        listed = uow.documents.list(customer_no=customer_no, limit=MAX_FILE_RECORDS)
        documents = [document for document, _sight in visible_documents(uow, principal, listed)]
    return [
        Catalogue(customer_no=customer.customer_no, customer_name=customer.name, archive_no=customer.archive_no,
                  category=name, items=catalogue_items(name, scheme.position(name), customer.archive_no, documents))
        for name in wanted
    ]


def catalogue_json(catalogue: Catalogue) -> dict[str, Any]:
    return {
        "customer_no": catalogue.customer_no,
        "customer_name": catalogue.customer_name,
        "archive_no": catalogue.archive_no,
        "category": catalogue.category,
        "total_pages": catalogue.total_pages,
        "items": [
            {"no": item.no, "title": item.title, "date": item.date.isoformat() if item.date else None,
             "pages": item.pages, "code": item.code, "document_id": item.document_id}
            for item in catalogue.items
        ],
    }


def move_record(
    records: RecordStore, *, principal: Principal, clock: Clock, scheme: CategoryScheme,
    document_id: str, category: str, reason: str,
) -> Document:
    """File a record in another category; the reason is required and the move is kept in the history."""
    require(principal, "edit_records", "move records between categories")
    category, reason = scheme.check(category), required_reason(reason)
    with records.unit_of_work() as uow:
        document = seen_document(uow, principal, document_id, Sight.READ)
        require_change(principal, document.id, document.customer_no, what=f"move record {document.id}")
        before = document.category
        if before == category:
            raise InvalidInput(f"document {document_id} is already filed in {category}")
        document.category, document.updated_at = category, clock.now()
        uow.documents.update(document)
        uow.record(RecordChanged.between(document.id, {"category": before}, {"category": category},
                                         at=clock.now(), by=principal.user, reason=reason))
        uow.commit()
    return document


