"""Domain objects ⇄ JSON-shaped dicts: the one document shape every record backend stores."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from docarchive.domain.customers import Customer
from docarchive.domain.documents import Confidentiality, Document, DocType, Page, PageSource, TextLine


def document_to_dict(document: Document) -> dict[str, Any]:
    data = asdict(document)
    data["doc_type"] = document.doc_type.value
    data["confidentiality"] = document.confidentiality.value
    data["created_at"] = _iso(document.created_at)
    data["updated_at"] = _iso(document.updated_at)
    data["pages"] = [_page_to_dict(page) for page in document.pages]
    return data


def document_from_dict(data: dict[str, Any]) -> Document:
    values = {key: value for key, value in data.items() if key in _DOCUMENT_FIELDS}
    values["doc_type"] = DocType(values["doc_type"])
    values["confidentiality"] = Confidentiality(values.get("confidentiality", "none"))
    values["created_at"] = _datetime(values.get("created_at"))
    values["updated_at"] = _datetime(values.get("updated_at"))
    values["pages"] = [_page_from_dict(page) for page in values.get("pages", [])]
    return Document(**values)


def customer_to_dict(customer: Customer) -> dict[str, Any]:
    # Shallow, not asdict(): the profile is JSON-shaped already, and asdict's deep copy was the largest
    # cost of a bulk import. Callers serialise the dict at once and never keep it.
    data = {name: getattr(customer, name) for name in _CUSTOMER_FIELD_ORDER}
    data["confidentiality"] = customer.confidentiality.value
    data["created_at"] = _iso(customer.created_at)
    data["updated_at"] = _iso(customer.updated_at)
    return data


def customer_from_dict(data: dict[str, Any]) -> Customer:
    values = {key: value for key, value in data.items() if key in _CUSTOMER_FIELDS}
    values["confidentiality"] = Confidentiality(values.get("confidentiality", "none"))
    values["created_at"] = _datetime(values.get("created_at"))
    values["updated_at"] = _datetime(values.get("updated_at"))
    return Customer(**values)


def _page_to_dict(page: Page) -> dict[str, Any]:
    data = asdict(page)
    data["source"] = page.source.value
    data["lines"] = [[line.text, list(line.box), round(line.confidence, 4)] for line in page.lines]
    return data


def _page_from_dict(data: dict[str, Any]) -> Page:
    values = dict(data)
    values["source"] = PageSource(values.get("source", "ocr"))
    values["lines"] = [TextLine(text, tuple(box), conf) for text, box, conf in values.get("lines", [])]
    return Page(**values)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


_DOCUMENT_FIELDS = set(Document.__dataclass_fields__)
_CUSTOMER_FIELD_ORDER = tuple(Customer.__dataclass_fields__)
_CUSTOMER_FIELDS = set(_CUSTOMER_FIELD_ORDER)
