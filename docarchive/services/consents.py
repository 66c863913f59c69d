"""Recording a customer's consent to the processing of their personal information."""

from __future__ import annotations

from typing import Any

from docarchive.domain import history
from docarchive.domain.consent import new_consent
from docarchive.domain.errors import InvalidInput
from docarchive.domain.principal import Principal
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore
from docarchive.services.history import record_change
from docarchive.domain.access import Sight
from docarchive.services.access import require, seen_customer, seen_document


def add_consent(records: RecordStore, principal: Principal, customer_no: str, *, given_on: str, scope: str,
                document_id: str, reason: str, clock: Clock) -> dict[str, Any]:
    """Append a consent to the customer's file, with a history entry; the record that shows it must be in the
    same file."""
    require(principal, "edit_customers", "record consents")
    with records.unit_of_work() as uow:
        customer = seen_customer(uow, principal, customer_no)
        shows = seen_document(uow, principal, document_id, Sight.METADATA)
        if shows.customer_no != customer_no:
            raise InvalidInput(f"record {document_id} is not in the file of customer {customer_no}")
        consent = new_consent(given_on=given_on, scope=scope, document_id=document_id, recorded_by=principal.user,
                              recorded_at=clock.now(), reason=reason)
        before = list(customer.consents)
        customer.consents = [*before, consent]
        customer.updated_at = clock.now()
        uow.customers.update(customer)
        record_change(uow, principal, history.CUSTOMER, customer_no, {"consents": before},
                      {"consents": customer.consents}, reason, clock=clock)
        uow.commit()
    return consent


def consents_of(records: RecordStore, principal: Principal, customer_no: str) -> list[dict[str, Any]]:
    with records.unit_of_work(readonly=True) as uow:
        return list(seen_customer(uow, principal, customer_no).consents)
