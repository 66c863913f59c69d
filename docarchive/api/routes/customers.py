"""/api/customers: customer profiles (客户档案卡), their change history and the records in their file."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query
from pydantic import BaseModel, Field

from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.api.masking import answer
from docarchive.api.schemas.customers import TransferBody, TransferOut
from docarchive.bootstrap import Container
from docarchive.domain.history import CUSTOMER
from docarchive.domain.principal import Principal
from docarchive.services.customer_profiles import create_customer, customer_page, list_customers, update_customer
from docarchive.services.consents import add_consent, consents_of
from docarchive.services.customer_transfer import transfer_customers
from docarchive.services.access import sees_customer
from docarchive.services.customers import customer_json
from docarchive.services.history import change_json, history_of
from docarchive.services.personal_data import reveal_id_numbers

router = APIRouter(prefix="/api/customers", tags=["customers"])
Deps = Annotated[Container, Depends(get_container)]
Acting = Annotated[Principal, Depends(get_principal)]
Fields = Annotated[dict[str, Any], Body(description="Profile fields (see README); PATCH also needs `reason`")]


@router.get("")
def list_all(container: Deps, principal: Acting, after: str | None = None,
             limit: Annotated[int, Query(ge=1, le=1000)] = 100):
    """Customers in number order; pass the last number as `after` for the next page."""
    customers, next_after = list_customers(container.records, principal, after=after, limit=limit)
    return {"customers": [customer_json(c) for c in customers], "next_after": next_after}


@router.post("", status_code=201)
def add(container: Deps, principal: Acting, fields: Fields):
    fields = dict(fields)
    reason = fields.pop("reason", None)
    customer = create_customer(container.records, container.profile_context(principal), fields, reason)
    if not sees_customer(principal, customer):  # opened for a keeper elsewhere: what was made, not the file
        return {**customer_json(customer), "owner": customer.owner, "department": customer.department}
    return customer_page(container.records, principal, customer.customer_no)


@router.post("/transfer", response_model=TransferOut)
def transfer(container: Deps, principal: Acting, body: TransferBody):
    """Hand one keeper's files (all, or `customer_nos`) to another, with a reason: one history entry per
    customer, one audit event for the transfer. Managers within their department; directors, archivists."""
    customers = transfer_customers(container.records, body.handover(), principal=principal, clock=container.clock,
                                   audit=container.audit)
    return TransferOut.of(customers)


@router.get("/{customer_no}")
def show(container: Deps, principal: Acting, customer_no: str,
         reveal: Annotated[str | None, Query(description="`id_number`: in full (archivist, director)")] = None):
    page = customer_page(container.records, principal, customer_no)
    revealed = reveal_id_numbers(container.audit, principal, reveal, customer_no=customer_no)
    return answer(page, reveal=revealed)


@router.patch("/{customer_no}")
def edit(container: Deps, principal: Acting, customer_no: str, fields: Fields):
    fields = dict(fields)
    reason = fields.pop("reason", None)
    update_customer(container.records, container.profile_context(principal), customer_no, fields, reason)
    return customer_page(container.records, principal, customer_no)


@router.get("/{customer_no}/history")
def history(container: Deps, principal: Acting, customer_no: str,
            limit: Annotated[int, Query(ge=1, le=500)] = 100, offset: Annotated[int, Query(ge=0)] = 0):
    entries = history_of(container.records, principal, CUSTOMER, customer_no, limit=limit, offset=offset)
    return {"customer_no": customer_no, "entries": [change_json(entry) for entry in entries]}


class ConsentIn(BaseModel):
    date: str = Field(description="when consent was given (2026-05-06, 2026年5月6日)")
    scope: str = Field(description="what the customer agreed to")
    document_id: str = Field(description="the record in this customer's file that shows it")
    reason: str


@router.post("/{customer_no}/consents", status_code=201)
def add_consent_record(container: Deps, principal: Acting, customer_no: str, consent: ConsentIn):
    """A consent to the processing of the customer's personal information (PIPL), recorded with history."""
    return add_consent(container.records, principal, customer_no, given_on=consent.date, scope=consent.scope,
                       document_id=consent.document_id, reason=consent.reason, clock=container.clock)


@router.get("/{customer_no}/consents")
def list_consents(container: Deps, principal: Acting, customer_no: str):
    return {"customer_no": customer_no, "consents": consents_of(container.records, principal, customer_no)}
