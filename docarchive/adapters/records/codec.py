"""Domain objects ⇄ JSON-shaped dicts: the one document shape every record backend stores."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any, Iterable

from docarchive.domain.activities import Activity, ActivityKind
from docarchive.domain.customers import Customer
from docarchive.domain.documents import (
    CONFIDENTIALITY_BY_VALUE, DOC_TYPE_BY_VALUE, Confidentiality, Document, DocType, DocumentSummary, Page,
    PageSource, TextLine,
)


def document_to_dict(document: Document) -> dict[str, Any]:
    data = asdict(document)
    data["doc_type"] = document.doc_type.value
    data["confidentiality"] = document.confidentiality.value
    data["volume_confidentiality"] = document.volume_confidentiality.value
    data["created_at"] = _iso(document.created_at)
    data["updated_at"] = _iso(document.updated_at)
    data["pages"] = [_page_to_dict(page) for page in document.pages]
    return data


def document_from_dict(data: dict[str, Any]) -> Document:
    values = {key: value for key, value in data.items() if key in _DOCUMENT_FIELDS}
    values["doc_type"] = DocType(values["doc_type"])
    values["confidentiality"] = Confidentiality(values.get("confidentiality", "none"))
    values["volume_confidentiality"] = Confidentiality(values.get("volume_confidentiality", "none"))
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
    return _from_dict(Customer, data, times=("created_at", "updated_at"))


def activity_to_dict(activity: Activity) -> dict[str, Any]:
    return _to_dict(activity, enums=("kind", "confidentiality"), times=("occurred_at", "created_at"))


def activity_from_dict(data: dict[str, Any]) -> Activity:
    return _from_dict(Activity, data, times=("occurred_at", "created_at"), kind=ActivityKind)


def _to_dict(record: Any, *, enums: tuple[str, ...], times: tuple[str, ...]) -> dict[str, Any]:
    data = asdict(record)
    data.update({key: getattr(record, key).value for key in enums})
    data.update({key: _iso(getattr(record, key)) for key in times})
    return data


def _from_dict(cls: type, data: dict[str, Any], *, times: tuple[str, ...], **enums: type) -> Any:
    """Unknown keys are dropped (a newer version may have written them); confidentiality defaults to none."""
    values = {key: value for key, value in data.items() if key in cls.__dataclass_fields__}
    values["confidentiality"] = Confidentiality(values.get("confidentiality", "none"))
    values.update({key: enum(values[key]) for key, enum in enums.items()})
    values.update({key: _datetime(values.get(key)) for key in times})
    return cls(**values)


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


def summary_from_dict(data: dict[str, Any]) -> DocumentSummary:
    """A summary from the codec's document shape, or from the part of it a store projected (id as `id` or
    `_id`; pages need only their text)."""
    return summary_of(document_id=data.get("id") or data["_id"], customer_no=data.get("customer_no"),
                      doc_type=data["doc_type"], created_at=data.get("created_at"), heading=data,
                      page_texts=(page.get("text") for page in data.get("pages") or ()))


def summary_of(*, document_id: str, customer_no: str | None, doc_type: str, created_at: Any, heading: dict[str, Any],
               page_texts: Iterable[str | None]) -> DocumentSummary:
    """A summary from its stored values: `heading` holds category, title and the two levels (missing or empty
    as the codec writes none). Members are looked up by dict, which a page of twenty hits does sixty times
    (~1 µs less each than calling the enum); an unknown value still fails as the enum call does."""
    return DocumentSummary(
        id=document_id,
        customer_no=customer_no,
        doc_type=DOC_TYPE_BY_VALUE.get(doc_type) or DocType(doc_type),
        category=heading.get("category") or "",
        title=heading.get("title") or "",
        created_at=_datetime(created_at),
        confidentiality=_level(heading.get("confidentiality")),
        volume_confidentiality=_level(heading.get("volume_confidentiality")),
        page_texts=tuple(text or "" for text in page_texts),
    )


def _level(value: str | None) -> Confidentiality:
    value = value or "none"
    return CONFIDENTIALITY_BY_VALUE.get(value) or Confidentiality(value)


# The fields `summary_from_dict` reads, as a MongoDB projection.
SUMMARY_FIELDS = ("customer_no", "doc_type", "category", "title", "created_at", "confidentiality",
                  "volume_confidentiality", "pages.text")
