"""Cheap steps run in the parent before any OCR: read, identify, hash, and skip what is already stored."""

from __future__ import annotations

import hashlib
from pathlib import Path

from docarchive.domain.errors import Conflict, UnsupportedFile
from docarchive.ingest.context import IngestContext, StopPipeline
from docarchive.ingest.env import StepEnv
from docarchive.ingest.formats import count_pages, sniff_media_type


class LoadFile:
    name = "load"
    stage = "prepare"

    def run(self, ctx: IngestContext, env: StepEnv) -> None:
        ctx.data = ctx.request.data if ctx.request.data is not None else _read(ctx.request.path, env)
        if len(ctx.data) > env.max_file_bytes:
            raise UnsupportedFile(f"file is {len(ctx.data):,} bytes, over the {env.max_file_bytes:,}-byte limit")
        ctx.media_type = sniff_media_type(ctx.data)
        ctx.page_count = count_pages(ctx.data, ctx.media_type, env.limits)


class HashContent:
    name = "hash"
    stage = "prepare"

    def run(self, ctx: IngestContext, env: StepEnv) -> None:
        # A queued upload was hashed on arrival and is read back from the store that keys it by that hash.
        ctx.sha256 = ctx.request.sha256 or hashlib.sha256(ctx.data).hexdigest()


class CheckDuplicate:
    name = "dedupe"
    stage = "prepare"

    def run(self, ctx: IngestContext, env: StepEnv) -> None:
        with env.records.unit_of_work(readonly=True) as uow:
            existing = uow.documents.find_by_sha256(ctx.sha256)
        if existing is None:
            return
        refuse_if_disposed(existing.id, existing.disposal)
        ctx.status = "duplicate"
        ctx.document_id = existing.id
        ctx.doc_type = existing.doc_type
        ctx.customer_no = existing.customer_no
        ctx.fields = existing.fields
        ctx.page_count = existing.page_count
        raise StopPipeline


# A file whose record was deleted or destroyed is not a "duplicate" of a record nobody can open, nor ingested
# anew: that would undo, without its approval, a deletion or destruction someone approved (the policies ask
# deletion to be approved, destruction to be thorough and recorded). The uploader is told why, and what to do.
_DISPOSED = {
    "recycled": "was deleted and waits in the recycle area: restore it there (within 30 days) instead",
    "quarantined": "is set apart for destruction: the archive room takes it back from its destruction list instead",
    "purged": "was deleted on an approved request and purged: a purged file is not ingested again",
    "destroyed": "was destroyed under the destruction register (销毁清册): a destroyed file is not ingested again",
}


def refuse_if_disposed(document_id: str, disposal: str) -> None:
    if disposal in _DISPOSED:
        raise Conflict(f"the same file (record {document_id}) {_DISPOSED[disposal]}")


def _read(path: str | None, env: StepEnv) -> bytes:
    if path is None:
        raise UnsupportedFile("nothing to read: no path and no data")
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > env.max_file_bytes:
            raise UnsupportedFile(f"file is {size:,} bytes, over the {env.max_file_bytes:,}-byte limit")
        return file.read_bytes()
    except OSError as exc:
        raise UnsupportedFile(f"cannot read file: {exc.strerror or exc}") from None
