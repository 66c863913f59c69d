"""Reading electronic records: the record, its original file, its page images, and housekeeping."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime
from typing import Any, Sequence

from docarchive.domain.access import Sight
from docarchive.domain.audit import DOWNLOAD, PAGE_VIEW, VIEW
from docarchive.domain.documents import Document
from docarchive.domain.errors import InvalidInput, NotFound
from docarchive.ingest.formats import Limits, render_page
from docarchive.domain.principal import Principal
from docarchive.ports.audit import AuditLog
from docarchive.ports.crypto import FieldCipher, open_blob, seal_blob
from docarchive.ports.blobs import BlobStore, PageImageCache
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore
from docarchive.printing.watermark import watermark_text, watermarked_png
from docarchive.services.access import (
    lending_grant, seen_customer, seen_document, sighted_document, visible_documents, withheld_json,
)
from docarchive.services.audit import audited

MAX_PAGE_WIDTH = 4000
# The sizes page images are made in: the web UI's thumbnails (120, 200) and viewer (1200), and steps between.
DEFAULT_PAGE_WIDTHS = (120, 200, 400, 800, 1200, 1600, 2400, 4000)


def document_json(document: Document) -> dict[str, Any]:
    """The record as users and other programs see it (`docarchive show --json`, `GET /api/documents/{id}`)."""
    return {
        "id": document.id,
        "sha256": document.sha256,
        "sm3": document.sm3 or None,
        "filename": document.filename,
        "media_type": document.media_type,
        "size": document.size,
        "title": document.title,
        "doc_type": document.doc_type.value,
        "customer_no": document.customer_no,
        "category": document.category,
        "fields": document.fields,
        "warnings": document.warnings,
        "engine": document.engine,
        "pages": [
            {"n": p.n, "text": p.text, "confidence": p.confidence, "source": p.source.value, "rotation": p.rotation}
            for p in document.pages
        ],
        "text": document.text,
        "confidentiality": document.confidentiality.value,
        "link": document.link,
        "review": document.review,
        "created_at": document.created_at.isoformat() if document.created_at else None,
        "version": document.version,
    }


def get_document(records: RecordStore, document_id: str, *, principal: Principal,
                 audit: AuditLog | None = None) -> Document:
    """The record, if `principal` may read it; with `audit`, the view is recorded."""
    with audited(audit, principal, VIEW, document_id=document_id) as event:
        document = _load(records, principal, document_id, Sight.READ)
        event["customer_no"] = document.customer_no
    return document


def shown_document(records: RecordStore, document_id: str, *, principal: Principal,
                   audit: AuditLog | None = None) -> dict[str, Any]:
    """What `GET /api/documents/{id}` and `show` answer: the record, or only its metadata ("withheld") when
    the principal may know it is there but not read it (a 秘密 record before an approved request)."""
    with audited(audit, principal, VIEW, document_id=document_id) as event:
        with records.unit_of_work(readonly=True) as uow:
            document, sight = sighted_document(uow, principal, document_id)
        event.update(customer_no=document.customer_no, detail={"withheld": sight < Sight.READ})
    if sight < Sight.READ:
        return withheld_json(document)
    # What the user may take away, so a client offers only that (机密: read here, no download or print).
    return {**document_json(document), "may": {"download": sight >= Sight.FULL, "print": sight >= Sight.FULL}}


def _load(records: RecordStore, principal: Principal, document_id: str, need: Sight) -> Document:
    with records.unit_of_work(readonly=True) as uow:
        return seen_document(uow, principal, document_id, need)


def list_documents(
    records: RecordStore, *, principal: Principal, customer_no: str | None = None, unassigned: bool = False,
    limit: int = 100, offset: int = 0,
) -> list[dict[str, Any]]:
    """A page of records as JSON: those the principal may read in full, the others they may know of withheld.
    The page is filtered after reading, so it may hold fewer than `limit` (paging by offset stays stable)."""
    with records.unit_of_work(readonly=True) as uow:
        if customer_no:
            seen_customer(uow, principal, customer_no)
        documents = uow.documents.list(customer_no=customer_no, unassigned=unassigned, limit=limit, offset=offset)
        shown = visible_documents(uow, principal, documents)
    return [document_json(d) if sight >= Sight.READ else withheld_json(d) for d, sight in shown]


def original_file(records: RecordStore, blobs: BlobStore, document_id: str, *, principal: Principal,
                  audit: AuditLog | None = None) -> tuple[Document, bytes]:
    """The original as scanned: only where the principal may take a copy away (FULL; never 机密 or 绝密)."""
    with audited(audit, principal, DOWNLOAD, document_id=document_id) as event:
        document = _load(records, principal, document_id, Sight.FULL)
        event.update(customer_no=document.customer_no, subject=document.filename)
        return document, blobs.get(document.sha256)


def page_png(
    records: RecordStore, blobs: BlobStore, cache: PageImageCache, document_id: str, n: int, *,
    width: int | None = None, widths: Sequence[int] = DEFAULT_PAGE_WIDTHS, principal: Principal,
    audit: AuditLog | None = None, cipher: FieldCipher | None = None, clock: Clock | None = None,
) -> bytes:
    """A page as PNG, upright, optionally scaled to a width (thumbnails); derived once, then served from cache
    (encrypted with `cipher`: a page image of an ID card is personal data). A width is served at the nearest of
    `widths` at or above it, so the cache holds a few sizes per page, not one per width ever asked for. Seen
    under an electronic loan (a grant), it carries a visible watermark with the viewer's name and the time,
    drawn on each time."""
    with audited(audit, principal, PAGE_VIEW, document_id=document_id, detail={"page": n, "width": width}) as event:
        with records.unit_of_work(readonly=True) as uow:
            document = seen_document(uow, principal, document_id, Sight.READ)
            grant = lending_grant(uow, principal, document)
        event["customer_no"] = document.customer_no
        png = _page_png(blobs, cache, document, n, snap_width(width, widths), cipher)
        if grant is None:
            return png
        now = clock.now() if clock else datetime.now(UTC)
        event["detail"] = {**event["detail"], "watermark": True, "approval": grant.approval_id}
        return watermarked_png(png, watermark_text(principal.user, now, grant.until))


def snap_width(width: int | None, widths: Sequence[int]) -> int | None:
    """The smallest of `widths` at least `width` (the largest when it is wider than all): None is full size."""
    if width is None:
        return None
    if not 16 <= width <= MAX_PAGE_WIDTH:
        raise InvalidInput(f"width must be between 16 and {MAX_PAGE_WIDTH} pixels")
    ordered = sorted(widths) or [MAX_PAGE_WIDTH]
    return next((w for w in ordered if w >= width), ordered[-1])


def _page_png(blobs: BlobStore, cache: PageImageCache, document: Document, n: int, width: int | None,
              cipher: FieldCipher | None) -> bytes:
    document_id = document.id
    if not 1 <= n <= document.page_count:
        raise NotFound(f"document {document_id} has no page {n} (it has {document.page_count})")
    cached = cache.get(document.sha256, n, width)
    if cached is not None:
        return open_blob(cipher, cached)
    image = render_page(blobs.get(document.sha256), document.media_type, n, Limits())
    rotation = document.pages[n - 1].rotation
    if rotation:
        image = image.rotate(-rotation, expand=True, fillcolor="white")
    if width:
        image.thumbnail((width, width * 4))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=False)
    cache.put(document.sha256, n, width, seal_blob(cipher, buffer.getvalue()))
    return buffer.getvalue()


def sweep_orphan_blobs(
    records: RecordStore, blobs: BlobStore, *, older_than_seconds: float = 3600, keep: set[str] = frozenset()
) -> int:
    """Remove originals no record refers to (left by a crash between blob write and commit).

    Young blobs are spared: another ingest may be about to commit the record that refers to them.
    """
    with records.unit_of_work(readonly=True) as uow:
        referenced = set(uow.documents.sha256s()) | keep  # keep: queued uploads, not yet records
    cutoff = time.time() - older_than_seconds
    removed = blobs.remove_stale_temp_files(older_than_seconds)
    for sha256 in list(blobs.keys()):
        if sha256 not in referenced and blobs.modified_at(sha256) < cutoff:
            blobs.delete(sha256)
            removed += 1
    return removed
