"""/api/customers: a customer's file (一户一档) and the records in it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from docarchive.api.deps import container as get_container
from docarchive.bootstrap import Container
from docarchive.services.customers import customer_file, customer_json
from docarchive.services.documents import document_json

router = APIRouter(prefix="/api/customers", tags=["customers"])
Deps = Annotated[Container, Depends(get_container)]


@router.get("/{customer_no}")
def show_customer(container: Deps, customer_no: str):
    customer, documents = customer_file(container.records, customer_no)
    return {**customer_json(customer), "documents": [document_json(d) for d in documents]}
