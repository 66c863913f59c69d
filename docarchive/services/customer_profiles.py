"""Customer profiles (客户档案卡): add, edit with a reason, show with the records by category.

Every write appends to the change log in the same unit of work, so no profile changes without a trace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from docarchive.domain import history
from docarchive.domain.access import Sight
from docarchive.domain.categories import CATEGORIES, OTHER
from docarchive.domain.customers import Customer, customer_fields, default_keeper
from docarchive.domain.errors import Conflict, InvalidInput
from docarchive.domain.events import CustomerChanged
from docarchive.domain.principal import Principal
from docarchive.domain.profile import ProfileInvalid, apply_profile, split_fields, validate_fields
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore, UnitOfWork
from docarchive.services.access import require, require_change, seen_customer, sees_customer, visible_documents
from docarchive.services.customers import add_customer_file, customer_json, new_customer_file
from docarchive.services.linking import relink_records_naming

CREATED = "created"
MAX_SCANNED_PAGES = 50
MERGED_PARTS = ("region", "evaluation")  # objects whose given parts are merged into the stored ones
Outcome = Literal["created", "updated", "unchanged"]


@dataclass(frozen=True)
class ProfileContext:
    """What writing a profile needs besides the unit of work: who acts, the clock, the archive-number format."""

    principal: Principal
    clock: Clock
    archive_no_format: str


def create_customer(records: RecordStore, context: ProfileContext, raw: dict[str, Any],
                    reason: str | None = None) -> Customer:
    require(context.principal, "edit_customers", "open customer files")
    reason = history.required_reason(reason)
    customer_no, fields = _split_number(raw)
    cleaned = validate_fields(default_keeper(context.principal, fields))
    with records.unit_of_work() as uow:
        if uow.customers.find(customer_no) is not None:
            raise Conflict(f"customer {customer_no} exists; change it with PATCH / customer edit")
        customer = add_in(uow, context, customer_no, cleaned, reason)
        uow.commit()
    return customer


def update_customer(records: RecordStore, context: ProfileContext, customer_no: str, raw: dict[str, Any],
                    reason: str | None) -> Customer:
    require(context.principal, "edit_customers", "change customer files")
    reason = history.required_reason(reason)
    if "customer_no" in raw or "archive_no" in raw:
        raise ProfileInvalid({key: "cannot be changed" for key in ("customer_no", "archive_no") if key in raw})
    cleaned = validate_fields(raw)
    if not cleaned:
        raise InvalidInput("no fields to change were given")
    with records.unit_of_work() as uow:
        customer = seen_customer(uow, context.principal, customer_no)
        require_change(context.principal, customer.customer_no, what=f"change customer {customer.customer_no}")
        update_in(uow, context, customer, cleaned, reason)
        uow.commit()
    return customer


def add_in(uow: UnitOfWork, context: ProfileContext, customer_no: str, cleaned: dict[str, Any],
           reason: str) -> Customer:
    """Open a new customer file from validated fields, in the caller's unit of work."""
    attributes, profile = split_fields(cleaned)
    if not attributes.get("name"):
        raise ProfileInvalid({"name": "is required"})
    customer = new_customer_file(uow, customer_no=customer_no, clock=context.clock,
                                 archive_no_format=context.archive_no_format)
    _assign(customer, attributes, profile)
    return add_customer_file(uow, customer, principal=context.principal, reason=reason, clock=context.clock)


def update_in(uow: UnitOfWork, context: ProfileContext, customer: Customer, cleaned: dict[str, Any],
              reason: str) -> Outcome:
    """Apply validated fields to a customer read in this unit of work; nothing is written when nothing changes."""
    before = customer_fields(customer)
    attributes, profile = split_fields(cleaned)
    for nested in MERGED_PARTS:  # region.city alone changes the city; the other parts stay
        if profile.get(nested) and customer.profile.get(nested):
            profile[nested] = {**customer.profile[nested], **profile[nested]}
    if "name" in attributes and not attributes["name"]:
        raise ProfileInvalid({"name": "cannot be cleared"})
    _assign(customer, attributes, profile)
    if customer_fields(customer) == before:
        return "unchanged"
    customer.updated_at = context.clock.now()
    uow.customers.update(customer)
    uow.record(CustomerChanged.between(customer.customer_no, before, customer_fields(customer),
                                       at=context.clock.now(), by=context.principal.user, reason=reason))
    if (customer.name, customer.id_number) != (before.get("name", ""), before.get("id_number")):
        relink_records_naming(uow, [customer], principal=context.principal, clock=context.clock)
    return "updated"


def customer_page(records: RecordStore, principal: Principal, customer_no: str) -> dict[str, Any]:
    """The profile and every record in the file the principal may know of, grouped by category in the house
    order; a customer they may not see is NotFound."""
    with records.unit_of_work(readonly=True) as uow:
        customer = seen_customer(uow, principal, customer_no)
        shown = visible_documents(uow, principal, uow.documents.list(customer_no=customer_no, limit=10_000))
    documents = [document for document, _sight in shown]
    summaries = [_record_summary(document, sight) for document, sight in shown]
    by_category: dict[str, list[dict[str, Any]]] = {category: [] for category in CATEGORIES}
    for document, summary in zip(documents, summaries):
        by_category.setdefault(document.category or OTHER, []).append(summary)
    return {**customer_json(customer), "department": customer.department, "id_number": customer.id_number,
            "updated_at": customer.updated_at.isoformat() if customer.updated_at else None,
            "records": by_category, "documents": summaries, "record_count": len(documents)}


def _assign(customer: Customer, attributes: dict[str, Any], profile: dict[str, Any]) -> None:
    if "name" in attributes:
        customer.name = attributes["name"]
    if "owner" in attributes:
        customer.owner = attributes["owner"] or ""
    if "department" in attributes:
        customer.department = attributes["department"] or ""
    if "id_number" in attributes:
        customer.id_number = attributes["id_number"]
    customer.profile = apply_profile(customer.profile, profile)


def _split_number(raw: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    fields = dict(raw)
    customer_no = str(fields.pop("customer_no", "") or "").strip()
    if not customer_no:
        raise ProfileInvalid({"customer_no": "is required"})
    fields.pop("archive_no", None)  # assigned by the system, never given
    return customer_no, fields


def _record_summary(document, sight: Sight) -> dict[str, Any]:
    return {"id": document.id, "title": document.title, "doc_type": document.doc_type.value,
            "category": document.category or OTHER,
            "filename": document.filename, "pages": document.page_count,
            "confidentiality": document.effective_confidentiality.value, "withheld": sight < Sight.READ,
            "created_at": document.created_at.isoformat() if document.created_at else None}


def list_customers(records: RecordStore, principal: Principal, *, after: str | None = None,
                   limit: int = 100) -> tuple[list[Customer], str | None]:
    """A page of the customers the principal may know of, in number order, and where the next page starts
    (None at the end). Reads at most MAX_SCANNED_PAGES batches, so a narrow view of a big archive pages on."""
    shown: list[Customer] = []
    with records.unit_of_work(readonly=True) as uow:
        for _ in range(MAX_SCANNED_PAGES):
            batch = uow.customers.scan(after_no=after, limit=limit)
            for customer in batch:
                after = customer.customer_no
                if sees_customer(principal, customer):
                    shown.append(customer)
                    if len(shown) == limit:
                        return shown, after
            if len(batch) < limit:
                return shown, None
    return shown, after
