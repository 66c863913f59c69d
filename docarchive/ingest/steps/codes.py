"""Labels and separator sheets on scanned pages: find their codes while the pages stream past, choose the volume
they name, and file the record into it in the same unit of work that stores the record."""

from __future__ import annotations

import logging
import time
from typing import Iterator

from docarchive.domain.paper.scanned import PageCode, choose_volume
from docarchive.ingest.barcodes import find_codes
from docarchive.ingest.context import IngestContext
from docarchive.ingest.env import StepEnv
from docarchive.ingest.formats import PageInput, iter_pages
from docarchive.services.paper.filing import file_into_volume

log = logging.getLogger(__name__)


class FindCodes:
    """Wraps the page stream so each page image is decoded once, as ReadPages reads it: no second render.
    Pages taken from a PDF's text layer are born digital, not scanned, and are not searched."""

    name = "find_codes"
    stage = "analyse"

    def run(self, ctx: IngestContext, env: StepEnv) -> None:
        pages = ctx.page_inputs if ctx.page_inputs is not None else iter_pages(ctx.data, ctx.media_type, env.limits)
        ctx.page_inputs = _decoding(pages, ctx)


def _decoding(pages: Iterator[PageInput], ctx: IngestContext) -> Iterator[PageInput]:
    seconds = 0.0
    for page in pages:
        if page.image is not None:
            started = time.perf_counter()
            ctx.codes.extend(_codes_on(page, ctx))
            seconds += time.perf_counter() - started
            ctx.seconds["codes"] = seconds
        yield page


def _codes_on(page: PageInput, ctx: IngestContext) -> list[PageCode]:
    try:
        return [PageCode(page.n, found.symbology, found.text) for found in find_codes(page.image)]
    except Exception as exc:  # a decoder failing on one odd page must not cost the record its OCR
        log.warning("code search failed on page %d of %s: %s", page.n, ctx.request.filename, exc)
        ctx.warnings.append(f"page {page.n}: barcodes could not be searched ({exc.__class__.__name__})")
        return []


class ChooseVolume:
    """Which volume the codes name (none, one, or a conflict to report); runs after every page was read."""

    name = "choose_volume"
    stage = "analyse"

    def run(self, ctx: IngestContext, env: StepEnv) -> None:
        verdict = choose_volume(ctx.codes, env.volume_rule)
        ctx.file_into = verdict.archive_no
        ctx.warnings.extend(verdict.warnings)


class CheckVolume:
    """Before the record is stored: a volume code for a volume not in the archive is reported on the record
    (a label from another archive, or a volume not entered yet), and the record is stored unfiled."""

    name = "check_volume"
    stage = "commit"

    def run(self, ctx: IngestContext, env: StepEnv) -> None:
        if ctx.file_into and env.uow.volumes.find(ctx.file_into) is None:
            ctx.warnings.append(f"the pages name volume {ctx.file_into}, which is not in the archive; not filed")
            ctx.file_into = None


class FileIntoVolume:
    """After the record is stored, in the same unit of work: item N+1 of the volume, on the next free pages."""

    name = "file_into_volume"
    stage = "commit"

    def run(self, ctx: IngestContext, env: StepEnv) -> None:
        if not ctx.file_into:
            return
        item = file_into_volume(env.uow, document_id=ctx.document_id, archive_no=ctx.file_into,
                                principal=ctx.request.principal, clock=env.clock,
                                reason="a code on the scanned pages names this volume")
        ctx.filed = {"archive_no": ctx.file_into, "item": item.n, "pages": [item.first_page, item.last_page]}
