"""A category's catalogue (目录): its records numbered in filing order, as printed at the front of a volume."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from docarchive.domain.categories import CONTRACTS
from docarchive.domain.documents import Document

_DATE_FIELDS = ("sign_date", "created_date")


@dataclass(frozen=True)
class CatalogueItem:
    no: int  # 序号, from 1
    title: str  # 题名
    date: date | None
    pages: int
    code: str  # 档号: archive number, category number, item number
    document_id: str


@dataclass(frozen=True)
class Catalogue:
    customer_no: str
    customer_name: str
    archive_no: str
    category: str
    items: list[CatalogueItem]

    @property
    def total_pages(self) -> int:
        return sum(item.pages for item in self.items)


def record_date(document: Document) -> date | None:
    """The record's own date (signing, filing), else the day it was ingested."""
    for key in _DATE_FIELDS:
        try:
            return date.fromisoformat(str(document.fields[key]))
        except (KeyError, ValueError):
            continue
    return document.created_at.date() if document.created_at else None


def catalogue_items(category: str, category_no: int, archive_no: str, documents: list[Document]) -> list[CatalogueItem]:
    """Contracts in signing order, everything else by date; undated records last, then by filing time."""
    filed = sorted((d for d in documents if d.category == category), key=_filing_order)
    return [
        CatalogueItem(no=n, title=d.title or d.filename, date=record_date(d), pages=d.page_count,
                      code=document_code(archive_no, category_no, n), document_id=d.id)
        for n, d in enumerate(filed, start=1)
    ]


def document_code(archive_no: str, category_no: int, item_no: int) -> str:
    return f"{archive_no}-{category_no:02d}-{item_no:03d}"


def _filing_order(document: Document) -> tuple:
    # 合同协议 are ordered by signing date alone; a contract whose signing date was not read goes last.
    day = _sign_date(document) if document.category == CONTRACTS else record_date(document)
    created = document.created_at.isoformat() if document.created_at else ""
    return (day is None, day or date.min, created, document.id)


def _sign_date(document: Document) -> date | None:
    try:
        return date.fromisoformat(str(document.fields["sign_date"]))
    except (KeyError, ValueError):
        return None
