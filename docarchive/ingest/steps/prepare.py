"""Cheap steps run in the parent before any OCR: read, identify, hash, and skip what is already stored."""

from __future__ import annotations

import hashlib
from pathlib import Path

from docarchive.domain.errors import UnsupportedFile
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
        ctx.status = "duplicate"
        ctx.document_id = existing.id
        ctx.doc_type = existing.doc_type
        ctx.customer_no = existing.customer_no
        ctx.fields = existing.fields
        ctx.page_count = existing.page_count
        raise StopPipeline


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
