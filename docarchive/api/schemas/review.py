"""The review queue's shapes (typed in the OpenAPI schema; the CLI prints the same)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from docarchive.domain.documents import Document
from docarchive.services.linking import ReviewPage


class ReviewItem(BaseModel):
    id: str
    filename: str
    title: str
    doc_type: str
    customer_no: str | None
    created_at: str | None
    link: dict[str, Any] | None = Field(description='{"customer_no", "how", "evidence", "at", "by"}')
    reasons: list[dict[str, Any]] = Field(description='[{"reason": "conflict", "candidates": [...]}, ...]')

    @classmethod
    def of(cls, document: Document) -> "ReviewItem":
        return cls(id=document.id, filename=document.filename, title=document.title,
                   doc_type=document.doc_type.value, customer_no=document.customer_no,
                   created_at=document.created_at.isoformat() if document.created_at else None,
                   link=document.link, reasons=document.review)


class ReviewPageOut(BaseModel):
    total: int
    counts: dict[str, int] = Field(description='records per reason, and "all"')
    page: int
    size: int
    items: list[ReviewItem]

    @classmethod
    def of(cls, page: ReviewPage) -> "ReviewPageOut":
        return cls(total=page.total, counts=page.counts, page=page.page, size=page.size,
                   items=[ReviewItem.of(document) for document in page.items])


class LinkByHand(BaseModel):
    customer_no: str = Field(min_length=1, max_length=64)
    reason: str = Field(min_length=1, max_length=500)


class DismissReason(BaseModel):
    reason_code: str = Field(min_length=1, max_length=40)
    reason: str = Field(min_length=1, max_length=500)
