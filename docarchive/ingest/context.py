"""The one object every ingest step reads and writes."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Iterator, Literal

from docarchive.domain.documents import Document, DocType, Page
from docarchive.domain.paper.scanned import PageCode
from docarchive.domain.principal import LOCAL_ARCHIVIST, Principal
from docarchive.ingest.formats import PageInput

Status = Literal["pending", "ingested", "duplicate", "failed", "skipped"]


class StopPipeline(Exception):
    """Ends a file's run early and cleanly (e.g. a duplicate); the status is already set."""


@dataclass
class IngestRequest:
    """One file to ingest: a path on disk (CLI) or bytes already in memory (upload)."""

    filename: str
    path: str | None = None
    data: bytes | None = None
    customer_no: str | None = None
    principal: Principal = LOCAL_ARCHIVIST  # who ingests: files the record when a page names its volume
    sha256: str | None = None  # known already: a queued upload was hashed when it arrived
    stored: bool = False  # the original is in the blob store already (a queued upload)

    def __post_init__(self) -> None:
        self.filename = safe_filename(self.filename)


def safe_filename(name: str) -> str:
    """Keep a file's name as a label only: no directories, no control characters, bounded length."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    printable = "".join(ch for ch in base if ch.isprintable()).strip()[:255]
    return printable if printable.strip(".") else "unnamed"  # "." and ".." name directories, not files


@dataclass
class IngestContext:
    request: IngestRequest
    data: bytes | None = None
    sha256: str = ""
    media_type: str = ""
    page_count: int = 0
    page_inputs: Iterator[PageInput] | None = None
    pages: list[Page] = field(default_factory=list)
    doc_type: DocType = DocType.OTHER
    category: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    codes: list[PageCode] = field(default_factory=list)  # QR / Code 128 found on the page images
    file_into: str | None = None  # the volume a code on the pages names; filed at commit
    filed: dict[str, Any] | None = None  # {"archive_no", "item", "pages"} once filed
    customer_no: str | None = None
    customer_created: bool = False
    document: Document | None = None
    document_id: str | None = None
    status: Status = "pending"
    error: str | None = None
    http_status: int = 200  # what an upload of this file alone answers when it fails
    seconds: dict[str, float] = field(default_factory=dict)
    # CPU seconds by stage (decode, prepare, detect, classify, recognise, extract, commit), for bench.ocr
    cpu: dict[str, float] = field(default_factory=dict)

    def add_cpu(self, stage: str, seconds: float) -> None:
        self.cpu[stage] = self.cpu.get(stage, 0.0) + seconds

    def fail(self, reason: str, *, http_status: int = 422) -> None:
        self.status = "failed"
        self.error = " ".join(reason.split())  # one readable line, whatever the source said
        self.http_status = http_status

    def outcome(self) -> dict[str, Any]:
        """The per-file result the CLI prints and the API returns for a batch."""
        return {
            "path": self.request.path or self.request.filename,
            "id": self.document_id,
            "sha256": self.sha256 or None,
            "status": self.status,
            "doc_type": self.doc_type.value if self.status in ("ingested", "duplicate") else None,
            "customer_no": self.customer_no,
            "pages": self.page_count,
            "fields": self.fields,
            "warnings": self.warnings,
            "paper": self.filed,
            "link": self.document.link if self.document else None,
            "review": self.document.review_reasons if self.document else [],
            "error": self.error if self.status != "skipped" else None,
            **({"reason": self.error} if self.status == "skipped" else {}),
        }


def cpu_now() -> float:
    """CPU seconds of this process and of the children it has waited for (Tesseract runs one per call)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system
