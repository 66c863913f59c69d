"""Finding and opening customer files (一户一档): one customer, one archive number, assigned once."""

from __future__ import annotations

from typing import Any, Iterator

from docarchive.domain.customers import Customer, customer_fields, format_archive_no
from docarchive.domain.errors import InvalidInput
from docarchive.domain.events import CustomerOpened
from docarchive.domain.principal import Principal
from docarchive.domain.profile import lenient_profile
from docarchive.ports.clock import Clock
from docarchive.ports.records import UnitOfWork
from docarchive.services.linking import relink_records_naming

ARCHIVE_NO_SEQUENCE = "customer_archive_no"
# Files opened by an ingested record are logged with this reason, as opened by whoever ingested it.
INGEST = Principal(user="ingest", roles=("system",))
OPENED_BY_INGEST = "opened from an ingested record"
_CARD_TO_PROFILE = {"legal_rep": "legal_representative", "address": "address", "industry": "industry",
                    "grade": "grade", "registered_capital": "registered_capital"}


def new_customer_file(uow: UnitOfWork, *, customer_no: str, clock: Clock, archive_no_format: str) -> Customer:
    """A customer with the next archive number, not stored yet; the number is never reused, even on rollback."""
    customer_no = customer_no.strip()
    if not customer_no or len(customer_no) > 64:
        raise InvalidInput("customer number must be 1–64 characters")
    now = clock.now()
    seq = uow.next_sequence_value(ARCHIVE_NO_SEQUENCE)
    return Customer(customer_no=customer_no, archive_no=format_archive_no(archive_no_format, now.year, seq),
                    created_at=now, updated_at=now)


def open_customer_file(
    uow: UnitOfWork, *, customer_no: str, clock: Clock, archive_no_format: str, card: dict[str, Any] | None = None,
    principal: Principal | None = None,
) -> Customer:
    """Create and store a customer, with what an archive card read by OCR says about it."""
    customer = new_customer_file(uow, customer_no=customer_no, clock=clock, archive_no_format=archive_no_format)
    card = card or {}
    customer.name = card.get("name", "")
    customer.id_number = card.get("id_number") if card.get("id_number_valid") else None
    customer.profile = profile_from_card(card)
    return add_customer_file(uow, customer, principal=principal or INGEST, reason=OPENED_BY_INGEST, clock=clock)


def add_customer_file(uow: UnitOfWork, customer: Customer, *, principal: Principal, reason: str,
                      clock: Clock) -> Customer:
    """Store a new customer and log its opening, with every field it starts with."""
    uow.customers.add(customer)
    after = {"archive_no": customer.archive_no, **customer_fields(customer)}
    uow.record(CustomerOpened.between(customer.customer_no, {}, after, at=clock.now(), by=principal.user,
                                      reason=reason))
    relink_records_naming(uow, [customer], principal=principal, clock=clock)  # papers that came before it
    return customer


def profile_from_card(card: dict[str, Any]) -> dict[str, Any]:
    """The profile fields a card's extracted fields fill; a value OCR misread (fails validation) is left out."""
    raw = {profile_key: card[card_key] for card_key, profile_key in _CARD_TO_PROFILE.items() if card.get(card_key)}
    phones = [card[key] for key in ("phone", "mobile") if card.get(key)]
    if phones and card.get("legal_rep"):
        raw["contacts"] = [{"name": card["legal_rep"], "title": "法定代表人", "phones": phones}]
    profile, _dropped = lenient_profile(raw)
    return profile


def customer_file(records, customer_no: str) -> tuple[Customer, list]:
    """A customer and every record in their file, newest first."""
    with records.unit_of_work(readonly=True) as uow:
        customer = uow.customers.get(customer_no)
        return customer, uow.documents.list(customer_no=customer_no, limit=10_000)


def all_customers(records) -> Iterator[Customer]:
    """Every customer in number order, read a batch per unit of work (no long-held reader)."""
    after = None
    while True:
        with records.unit_of_work(readonly=True) as uow:
            batch = uow.customers.scan(after_no=after, limit=1000)
        if not batch:
            return
        yield from batch
        after = batch[-1].customer_no


def customer_json(customer: Customer) -> dict[str, Any]:
    return {
        "customer_no": customer.customer_no,
        "archive_no": customer.archive_no,
        "name": customer.name,
        "owner": customer.owner,
        "department": customer.department,
        "profile": customer.profile,
        "confidentiality": customer.confidentiality.value,
        "created_at": customer.created_at.isoformat() if customer.created_at else None,
        "version": customer.version,
        "consents": customer.consents,
    }
