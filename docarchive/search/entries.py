"""What gets indexed for a record: ranked field text, body text, filters, and exact keys.

ID numbers never reach the index in plain form: they are cut out of the text and kept only as keyed
hashes, so an exact ID-number search still finds the record.
"""

from __future__ import annotations

import re
from typing import Any

from docarchive.domain.catalogue import record_date
from docarchive.domain.customers import Customer
from docarchive.domain.documents import Document
from docarchive.domain.personal_data import ID_IN_TEXT as _ID_IN_TEXT
from docarchive.ports.search import CustomerEntry, SearchEntry
from docarchive.search.analysis import index_terms
from docarchive.search.plan import IdNumberHasher, exact_key

_NAME_FIELDS = ("name", "legal_rep", "party_a", "party_b")
_NUMBER_FIELDS = ("customer_no", "contract_no", "phone")


def search_entry(document: Document, customer: Customer | None, hasher: IdNumberHasher) -> SearchEntry:
    body, id_numbers = strip_id_numbers(document.text)
    fields = document.fields
    if fields.get("id_number"):
        id_numbers.add(exact_key(fields["id_number"]))
    return SearchEntry(
        id=document.id,
        doc_type=document.doc_type.value,
        category=document.category,
        title=document.title,
        customer_no=document.customer_no,
        customer_name=customer.name if customer else "",
        archive_no=customer.archive_no if customer else "",
        grade=_grade(customer, fields),
        date=record_date(document),
        created_at=document.created_at,
        confidentiality=document.effective_confidentiality.value,
        owner=customer.owner if customer else document.owner,  # access follows the customer file's keeper
        department=customer.department if customer else document.department,
        fields_text=index_terms(_field_text(document, customer)),
        body_text=index_terms(body),
        keys=tuple(sorted(_keys(document, customer) | {hasher.key_for(n) for n in id_numbers})),
        version=document.version,
    )


def customer_entry(customer: Customer) -> CustomerEntry:
    grade = customer.profile.get("grade")
    return CustomerEntry(customer_no=customer.customer_no, name=customer.name, archive_no=customer.archive_no,
                         grade=str(grade) if grade else None, owner=customer.owner, department=customer.department)


def strip_id_numbers(text: str) -> tuple[str, set[str]]:
    found: set[str] = set()

    def cut(match: re.Match[str]) -> str:
        found.add(exact_key(match.group()))
        return " "

    return _ID_IN_TEXT.sub(cut, text), found


def _field_text(document: Document, customer: Customer | None) -> str:
    parts = [document.title]
    if customer:
        parts += [customer.name, customer.customer_no, customer.archive_no]
    parts += [str(document.fields[k]) for k in _NAME_FIELDS + _NUMBER_FIELDS if document.fields.get(k)]
    return "\n".join(part for part in parts if part)


def _keys(document: Document, customer: Customer | None) -> set[str]:
    values = [document.fields.get(k) for k in _NUMBER_FIELDS]
    if customer:
        values += [customer.customer_no, customer.archive_no]
    keys = {exact_key(str(v)) for v in values if v}
    return {key for key in keys if key}


def _grade(customer: Customer | None, fields: dict[str, Any]) -> str | None:
    grade = (customer.profile.get("grade") if customer else None) or fields.get("grade")
    return str(grade) if grade else None
