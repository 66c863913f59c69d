"""Finding and opening customer files (一户一档): one customer, one archive number, assigned once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from docarchive.domain.customers import Customer, customer_fields, format_archive_no
from docarchive.domain.documents import DocType
from docarchive.domain.errors import InvalidInput
from docarchive.domain.history import CUSTOMER
from docarchive.domain.principal import Principal
from docarchive.domain.profile import lenient_profile
from docarchive.ports.clock import Clock
from docarchive.ports.records import UnitOfWork
from docarchive.services.history import record_change

ARCHIVE_NO_SEQUENCE = "customer_archive_no"
# Ingest does not carry the uploader yet: files it opens are logged as opened by ingest, with this reason.
INGEST = Principal(user="ingest", roles=("system",))
OPENED_BY_INGEST = "opened from an ingested record"
_CARD_TO_PROFILE = {"legal_rep": "legal_representative", "address": "address", "industry": "industry",
                    "grade": "grade", "registered_capital": "registered_capital"}


@dataclass
class Link:
    customer_no: str | None
    created: bool = False
    warnings: list[str] = field(default_factory=list)


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
    uow: UnitOfWork, *, customer_no: str, clock: Clock, archive_no_format: str, card: dict[str, Any] | None = None
) -> Customer:
    """Create and store a customer, with what an archive card read by OCR says about it."""
    customer = new_customer_file(uow, customer_no=customer_no, clock=clock, archive_no_format=archive_no_format)
    card = card or {}
    customer.name = card.get("name", "")
    customer.id_number = card.get("id_number") if card.get("id_number_valid") else None
    customer.profile = profile_from_card(card)
    return add_customer_file(uow, customer, principal=INGEST, reason=OPENED_BY_INGEST, clock=clock)


def add_customer_file(uow: UnitOfWork, customer: Customer, *, principal: Principal, reason: str,
                      clock: Clock) -> Customer:
    """Store a new customer and log its opening, with every field it starts with."""
    uow.customers.add(customer)
    after = {"archive_no": customer.archive_no, **customer_fields(customer)}
    record_change(uow, principal, CUSTOMER, customer.customer_no, {}, after, reason, clock=clock)
    return customer


def profile_from_card(card: dict[str, Any]) -> dict[str, Any]:
    """The profile fields a card's extracted fields fill; a value OCR misread (fails validation) is left out."""
    raw = {profile_key: card[card_key] for card_key, profile_key in _CARD_TO_PROFILE.items() if card.get(card_key)}
    phones = [card[key] for key in ("phone", "mobile") if card.get(key)]
    if phones and card.get("legal_rep"):
        raw["contacts"] = [{"name": card["legal_rep"], "title": "法定代表人", "phones": phones}]
    profile, _dropped = lenient_profile(raw)
    return profile


def link_customer(
    uow: UnitOfWork,
    *,
    doc_type: DocType,
    fields: dict[str, Any],
    given_customer_no: str | None,
    clock: Clock,
    archive_no_format: str,
) -> Link:
    """Attach by, in order: the number given, the number read from the page, the ID number, the exact name."""
    read_no = fields.get("customer_no")
    card = fields if doc_type == DocType.ARCHIVE_CARD else None
    if given_customer_no:
        return _link_given(uow, given_customer_no, read_no, card, clock, archive_no_format)
    if read_no:
        if uow.customers.find(read_no) is not None:
            return Link(read_no)
        if card is not None:
            open_customer_file(uow, customer_no=read_no, clock=clock, archive_no_format=archive_no_format, card=card)
            return Link(read_no, created=True)
        fallback = _match_by_identity(uow, fields)
        fallback.warnings.append(f"customer number {read_no} read from the page is not on file")
        return fallback
    return _match_by_identity(uow, fields)


def _link_given(uow, given: str, read_no, card, clock, archive_no_format) -> Link:
    warnings = []
    if read_no and read_no != given:
        warnings.append(f"page says customer {read_no} but {given} was given; filed under {given}")
    if uow.customers.find(given) is not None:
        return Link(given, warnings=warnings)
    open_customer_file(uow, customer_no=given, clock=clock, archive_no_format=archive_no_format, card=card)
    return Link(given, created=True, warnings=warnings)


def _match_by_identity(uow: UnitOfWork, fields: dict[str, Any]) -> Link:
    if fields.get("id_number") and fields.get("id_number_valid"):
        matches = uow.customers.find_by_id_number(fields["id_number"])
        if len(matches) == 1:
            return Link(matches[0].customer_no)
    # A contract names its customer as one of the parties; a card or ID copy names it outright.
    for key in ("name", "party_a", "party_b"):
        if not fields.get(key):
            continue
        matches = uow.customers.find_by_name(fields[key])
        if len(matches) == 1:
            return Link(matches[0].customer_no)
        if len(matches) > 1:
            return Link(None, warnings=[f"{len(matches)} customers are named {fields[key]}; left unassigned"])
    return Link(None)


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
        "profile": customer.profile,
        "confidentiality": customer.confidentiality.value,
        "created_at": customer.created_at.isoformat() if customer.created_at else None,
        "version": customer.version,
    }
