"""Setting records apart, bringing them back, and erasing their content from every store.

A record set apart (the recycle area, a destruction list's quarantine) keeps everything but is hidden from
every ordinary read and leaves the search index (Document.disposal; services/access.py, services/indexing.py).
Erasing keeps a tombstone row — its id, title and customer, so the paper history, the change log and the
destruction register still resolve — and removes what it said: pages and their text, extracted fields and
evidence (the encrypted personal data), the original in the blob store, and the derived page images in the
cache. The change event that erases it takes it out of FTS5 in the same transaction, and out of
Elasticsearch through the outbox (an outage leaves the deletion pending, never lost).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from docarchive.domain.documents import Document
from docarchive.domain.events import RecordChanged
from docarchive.ports.blobs import BlobStore
from docarchive.ports.records import RecordStore

SET_APART = ("recycled", "quarantined")
ERASED = ("purged", "destroyed")


@dataclass(frozen=True)
class Erasure:
    """Where a record's content lives: the record store, the originals, the page-image cache."""

    records: RecordStore
    blobs: BlobStore
    cache_dir: Path | None


def set_disposal(records: RecordStore, document_ids: list[str], state: str, *, by: str, at: datetime,
                 reason: str) -> list[Document]:
    """Mark these records (one transaction): "" brings them back, a SET_APART state hides them."""
    changed = []
    with records.unit_of_work() as uow:
        for document_id in document_ids:
            document = uow.documents.find(document_id)
            if document is None or document.disposal in ERASED or document.disposal == state:
                continue  # a volume may hold a record purged before: there is nothing left to set apart
            before = {"disposal": document.disposal or None}
            document.disposal = state
            uow.documents.update(document)
            uow.record(RecordChanged.between(document.id, before, {"disposal": state or None}, at=at, by=by,
                                             reason=reason))
            changed.append(document)
        uow.commit()
    return changed


def erase(erasure: Erasure, document_ids: list[str], state: str, *, by: str, at: datetime, reason: str) -> list[str]:
    """Erase these records' content everywhere, leaving tombstones marked `state` (purged or destroyed).
    The record store first: once committed nothing reads the content, then the files it pointed to go."""
    originals = []
    with erasure.records.unit_of_work() as uow:
        for document_id in document_ids:
            document = uow.documents.find(document_id)
            if document is None or document.disposal in ERASED:
                continue
            before = {"disposal": document.disposal or None, "pages": document.page_count}
            originals.append(document.sha256)
            _strip(document, state)
            uow.documents.update(document)
            uow.record(RecordChanged.between(document.id, before, {"disposal": state, "pages": 0}, at=at, by=by,
                                             reason=reason))
        uow.commit()
    for sha256 in originals:
        if erasure.blobs.exists(sha256):
            erasure.blobs.delete(sha256)
        if erasure.cache_dir is not None:
            shutil.rmtree(erasure.cache_dir / "pages" / sha256, ignore_errors=True)
    return originals


def _strip(document: Document, state: str) -> None:
    document.pages, document.fields, document.evidence, document.warnings = [], {}, {}, []
    document.review, document.review_dismissed, document.link = [], [], None
    document.filename, document.engine, document.disposal = "", "", state


def sweep_page_cache(erasure: Erasure) -> int:
    """Remove this host's cached page images of records erased elsewhere (another host ran the purge or the
    destruction, and only its own cache went with it); how many originals' pages were removed."""
    folder = erasure.cache_dir / "pages" if erasure.cache_dir is not None else None
    if folder is None or not folder.is_dir():
        return 0
    removed = 0
    with erasure.records.unit_of_work(readonly=True) as uow:
        for cached in folder.iterdir():
            document = uow.documents.find_by_sha256(cached.name)
            if document is None or document.disposal in ERASED:
                shutil.rmtree(cached, ignore_errors=True)
                removed += 1
    return removed
