"""/api/customers: customer profiles (客户档案卡), their change history and the records in their file."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query

from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.api.schemas.customers import TransferBody, TransferOut
from docarchive.bootstrap import Container
from docarchive.domain.history import CUSTOMER
from docarchive.domain.principal import Principal
from docarchive.services.customer_profiles import create_customer, customer_page, list_customers, update_customer
from docarchive.services.customer_transfer import transfer_customers
from docarchive.services.customers import customer_json
from docarchive.services.history import change_json, history_of

router = APIRouter(prefix="/api/customers", tags=["customers"])
Deps = Annotated[Container, Depends(get_container)]
Acting = Annotated[Principal, Depends(get_principal)]
Fields = Annotated[dict[str, Any], Body(description="Profile fields (see README); PATCH also needs `reason`")]


@router.get("")
def list_all(container: Deps, principal: Acting, after: str | None = None,
             limit: Annotated[int, Query(ge=1, le=1000)] = 100):
    """Customers in number order; pass the last number as `after` for the next page."""
    customers = list_customers(container.records, principal, after=after, limit=limit)
    return {"customers": [customer_json(c) for c in customers],
            "next_after": customers[-1].customer_no if len(customers) == limit else None}


@router.post("", status_code=201)
def add(container: Deps, principal: Acting, fields: Fields):
    fields = dict(fields)
    reason = fields.pop("reason", None)
    customer = create_customer(container.records, container.profile_context(principal), fields, reason)
    return customer_page(container.records, principal, customer.customer_no)


@router.post("/transfer", response_model=TransferOut)
def transfer(container: Deps, principal: Acting, body: TransferBody):
    """Hand one keeper's files (all, or `customer_nos`) to another, with a reason: one history entry per
    customer, one audit event for the transfer. Managers within their department; directors, archivists."""
    customers = transfer_customers(container.records, body.handover(), principal=principal, clock=container.clock,
                                   audit=container.audit)
    return TransferOut.of(customers)


@router.get("/{customer_no}")
def show(container: Deps, principal: Acting, customer_no: str):
    return customer_page(container.records, principal, customer_no)


@router.patch("/{customer_no}")
def edit(container: Deps, principal: Acting, customer_no: str, fields: Fields):
    fields = dict(fields)
    reason = fields.pop("reason", None)
    update_customer(container.records, container.profile_context(principal), customer_no, fields, reason)
    return customer_page(container.records, principal, customer_no)


@router.get("/{customer_no}/history")
def history(container: Deps, principal: Acting, customer_no: str,
            limit: Annotated[int, Query(ge=1, le=500)] = 100, offset: Annotated[int, Query(ge=0)] = 0):
    customer_page(container.records, principal, customer_no)  # 404 for an unknown customer
    entries = history_of(container.records, principal, CUSTOMER, customer_no, limit=limit, offset=offset)
    return {"customer_no": customer_no, "entries": [change_json(entry) for entry in entries]}
