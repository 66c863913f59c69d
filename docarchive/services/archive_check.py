"""The four-property check (四性检测, after DA/T 70): authenticity, integrity, usability and safety of the
whole archive, each failure located (which record, original, customer file, volume or file).

Read-only: it opens every original (as stored, then decrypted), counts and renders its pages, and compares
what the stores, the search index and the blob store hold. The CLI runs it as the OS user who owns the
archive; over HTTP only auditors, security officers and archivists may (GET /api/check).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable, Iterator

from docarchive.domain.documents import Document
from docarchive.domain.errors import DocarchiveError, NotFound
from docarchive.domain.paper.codes import archive_no_pattern
from docarchive.domain.paper.model import Volume
from docarchive.ingest.digests import sm3_hex
from docarchive.ingest.formats import Limits, count_pages, render_page, sniff_media_type
from docarchive.ports.audit import AuditLog
from docarchive.ports.blobs import BlobStore
from docarchive.ports.crypto import FieldCipher, open_blob
from docarchive.ports.records import RecordStore
from docarchive.ports.search import SearchIndex
from docarchive.services.audit import verify_log
from docarchive.services.erasure import ERASED

PROPERTIES = ("authenticity", "integrity", "usability", "safety")
ALLOWED_MEDIA_TYPES = frozenset({"application/pdf", "image/tiff", "image/jpeg", "image/png", "image/bmp",
                                 "image/webp"})
_VIEW = Limits(dpi=36, max_page_pixels=250_000)  # enough to know a page renders, cheap at 10,000 records
_ORPHAN_GRACE_SECONDS = 3600.0  # a younger unreferenced original may be an ingest about to commit


@dataclass(frozen=True)
class CheckFailure:
    property: str
    kind: str
    where: str
    detail: str


@dataclass
class ArchiveCheck:
    records: RecordStore
    blobs: BlobStore
    index: SearchIndex
    audit: AuditLog
    cipher: FieldCipher
    customer_archive_no_format: str
    volume_archive_no_format: str
    queued_sha256s: Callable[[], set[str]] = set
    file_problems: Callable[[], Iterable[tuple[str, str]]] = tuple  # (path, why): owner-only files (embedded)
    failures: list[CheckFailure] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    def run(self) -> dict[str, Any]:
        started = time.monotonic()
        referenced = self._check_records()
        self._check_customers()
        self._check_volumes()
        self._check_index()
        self._check_blob_store(referenced)
        self._check_safety()
        return self.report(seconds=time.monotonic() - started)

    def report(self, *, seconds: float = 0.0) -> dict[str, Any]:
        by_property = Counter(failure.property for failure in self.failures)
        return {"ok": not self.failures, "failures": [asdict(failure) for failure in self.failures],
                "counts": {**dict(self.counts), "failures": {p: by_property.get(p, 0) for p in PROPERTIES},
                           "seconds": round(seconds, 2)}}

    def _fail(self, prop: str, kind: str, where: str, detail: str) -> None:
        self.failures.append(CheckFailure(prop, kind, where, " ".join(detail.split())[:500]))

    # --- records and their originals -------------------------------------------------------------------

    def _check_records(self) -> set[str]:
        """Every record; one set apart (recycle area, quarantine) is checked whole but is not searchable, and
        an erased one (purged, destroyed) is a tombstone whose content must be gone."""
        self._record_ids: set[str] = set()  # every record, tombstones too: volumes and registers name them
        self._searchable_ids: set[str] = set()
        referenced: set[str] = set()
        for document in self._documents():
            self.counts["records"] += 1
            self._record_ids.add(document.id)
            referenced.add(document.sha256)  # an erased one's left-over original is reported as such below
            if document.disposal in ERASED:
                self.counts["erased"] += 1
                self._check_erased(document)
                continue
            self.counts["pages"] += len(document.pages)
            if document.disposal:
                self.counts["set_apart"] += 1
            else:
                self._searchable_ids.add(document.id)
            self._check_metadata(document)
            self._check_original(document)
        return referenced

    def _check_erased(self, document: Document) -> None:
        where = f"record {document.id}"
        if document.pages or document.fields or document.evidence:
            self._fail("safety", "erased_content_remains", where, f"the record was {document.disposal}, yet its "
                       "pages, fields or evidence are still stored")
        if self.blobs.exists(document.sha256):
            self._fail("safety", "erased_content_remains", f"{where} original {document.sha256}",
                       f"the record was {document.disposal}, yet its original is still in the blob store")

    def _documents(self) -> Iterator[Document]:
        after = None
        while True:
            with self.records.unit_of_work(readonly=True) as uow:
                batch = uow.documents.scan(after_id=after, limit=500)
            yield from batch
            if len(batch) < 500:
                return
            after = batch[-1].id

    def _check_metadata(self, document: Document) -> None:
        where = f"record {document.id}"
        missing = [name for name in ("sha256", "filename", "media_type", "category", "created_at")
                   if not getattr(document, name)]
        missing += ["size"] if document.size <= 0 else []
        missing += ["pages"] if not document.pages else []
        if missing:
            self._fail("integrity", "metadata_missing", where, f"required metadata missing: {', '.join(missing)}")
        numbers = [page.n for page in document.pages]
        if numbers != list(range(1, len(numbers) + 1)):
            self._fail("integrity", "page_gap", where, f"pages are numbered {_runs(numbers)}, not 1–{len(numbers)}")

    def _check_original(self, document: Document) -> None:
        where = f"record {document.id} original {document.sha256}"
        try:
            stored = self.blobs.stored_bytes(document.sha256)
        except NotFound:
            self._fail("integrity", "original_missing", where, "the original is not in the blob store")
            return
        except DocarchiveError as exc:
            self._fail("integrity", "original_missing", where, f"the original cannot be read: {exc}")
            return
        self.counts["originals_checked"] += 1
        if self.cipher.key_id_of(stored) is None:
            self._fail("safety", "original_not_encrypted", where, "the original is stored in plain, not encrypted")
        try:
            data = open_blob(self.cipher, stored, document.sha256)
        except DocarchiveError as exc:
            self._fail("authenticity", "hash_mismatch", where, f"SHA-256 differs from the one recorded: {exc}")
            return
        if document.sm3 and sm3_hex(data) != document.sm3:
            self._fail("authenticity", "sm3_mismatch", where, f"SM3 is {sm3_hex(data)}, recorded {document.sm3}")
        self.counts["sm3_checked"] += bool(document.sm3)
        if len(data) != document.size:
            self._fail("authenticity", "size_mismatch", where, f"{len(data)} bytes, recorded {document.size}")
        self._check_content(document, data, where)

    def _check_content(self, document: Document, data: bytes, where: str) -> None:
        if document.media_type not in ALLOWED_MEDIA_TYPES:
            self._fail("usability", "format_not_allowed", where, f"{document.media_type!r} is not an allowed format")
        try:
            media_type = sniff_media_type(data)
            pages = count_pages(data, media_type, Limits(max_pages=100_000))
            render_page(data, media_type, 1, _VIEW)
        except DocarchiveError as exc:
            self._fail("usability", "unreadable", where, f"the original does not open and render: {exc}")
            return
        except Exception as exc:  # noqa: BLE001 — whatever a damaged file makes a decoder raise, it is unusable
            self._fail("usability", "unreadable", where, f"the original does not render: {type(exc).__name__}: {exc}")
            return
        if media_type != document.media_type:
            self._fail("authenticity", "format_mismatch", where, f"the bytes are {media_type}, recorded "
                       f"{document.media_type}")
        if pages != document.page_count:
            self._fail("authenticity", "page_count_mismatch", where, f"the original has {pages} pages, the record "
                       f"{document.page_count}")

    # --- customer files and paper volumes --------------------------------------------------------------

    def _check_customers(self) -> None:
        pattern, seen = archive_no_pattern(self.customer_archive_no_format), {}
        after = None
        while True:
            with self.records.unit_of_work(readonly=True) as uow:
                batch = uow.customers.scan(after_no=after, limit=500)
            for customer in batch:
                self.counts["customers"] += 1
                where = f"customer {customer.customer_no}"
                self._archive_no(customer.archive_no, pattern, seen, where)
            if len(batch) < 500:
                return
            after = batch[-1].customer_no

    def _archive_no(self, archive_no: str, pattern, seen: dict[str, str], where: str) -> None:
        if not archive_no or not pattern.fullmatch(archive_no):
            self._fail("authenticity", "archive_no_invalid", where, f"archive number {archive_no!r} does not "
                       "follow the archive's numbering rule")
        elif archive_no in seen:
            self._fail("authenticity", "archive_no_duplicate", where, f"archive number {archive_no} is also "
                       f"{seen[archive_no]}'s")
        else:
            seen[archive_no] = where

    def _check_volumes(self) -> None:
        pattern, seen = archive_no_pattern(self.volume_archive_no_format), {}
        after = ""
        while True:
            with self.records.unit_of_work(readonly=True) as uow:
                batch = uow.volumes.list(after=after, limit=500)
            for volume in batch:
                self.counts["volumes"] += 1
                self.counts["volume_items"] += len(volume.items)
                self._archive_no(volume.archive_no, pattern, seen, f"volume {volume.archive_no}")
                self._check_items(volume)
            if len(batch) < 500:
                return
            after = batch[-1].archive_no

    def _check_items(self, volume: Volume) -> None:
        items = sorted(volume.items, key=lambda item: item.n)
        numbers = [item.n for item in items]
        if numbers != list(range(1, len(items) + 1)):
            self._fail("integrity", "item_gap", f"volume {volume.archive_no}",
                       f"items are numbered {_runs(numbers)}, not 1–{len(items)}")
        next_page = 1
        for item in items:
            where = f"volume {volume.archive_no} item {item.n}"
            if item.first_page != next_page or item.last_page < item.first_page:
                self._fail("integrity", "page_gap", where, f"takes pages {item.first_page}–{item.last_page}; the "
                           f"next free page was {next_page}")
            next_page = max(next_page, item.last_page + 1)
            if item.document_id not in self._record_ids:
                self._fail("integrity", "item_record_missing", where, f"record {item.document_id} does not exist")

    # --- the search index and the blob store -----------------------------------------------------------

    def _check_index(self) -> None:
        indexed = set(self.index.indexed_ids())
        self.counts["indexed"] = len(indexed)
        with self.records.unit_of_work(readonly=True) as uow:
            pending = uow.outbox.counts()
        waiting = f" ({pending.get('pending', 0)} changes wait to be sent to the index)" if pending.get("pending") \
            else ""
        for document_id in sorted(self._searchable_ids - indexed):
            self._fail("integrity", "not_indexed", f"record {document_id}", "the search index has no entry" + waiting)
        for document_id in sorted(indexed - self._searchable_ids):
            if document_id in self._record_ids:
                self._fail("safety", "disposed_still_indexed", f"index entry {document_id}", "the record is set "
                           "apart or erased, yet searches can still find it" + waiting)
            else:
                self._fail("integrity", "index_orphan", f"index entry {document_id}", "no such record" + waiting)
        if len(indexed) != len(self._searchable_ids):
            self.counts["count_mismatch"] = len(self._searchable_ids) - len(indexed)

    def _check_blob_store(self, referenced: set[str]) -> None:
        keep, cutoff = self.queued_sha256s(), time.time() - _ORPHAN_GRACE_SECONDS
        for sha256 in list(self.blobs.keys()):
            self.counts["originals"] += 1
            if sha256 not in referenced and sha256 not in keep and self.blobs.modified_at(sha256) < cutoff:
                self._fail("integrity", "orphan_original", f"original {sha256}", "no record or queued upload "
                           "refers to it")
        for entry in self.blobs.unexpected_entries():
            self._fail("safety", "unexpected_file", f"blob store {entry}", "not an original stored by docarchive")

    # --- safety ----------------------------------------------------------------------------------------

    def _check_safety(self) -> None:
        result = verify_log(self.audit)
        self.counts["audit_events"] = result.count
        if result.broken:
            self._fail("safety", "audit_chain_broken", f"audit event {result.broken.seq}", str(result.broken))
        for what, n in self.records.reseal_personal_data(dry_run=True).items():
            if n:
                self._fail("safety", "personal_data_not_sealed", f"{what}", f"{n} stored {what} hold personal data "
                           "not encrypted under the current key (run `docarchive keys rotate`)")
        for path, why in self.file_problems():
            self._fail("safety", "permissions", path, why)


def _runs(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:12])
    return shown + (", …" if len(numbers) > 12 else "")
