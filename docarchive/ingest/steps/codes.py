"""Labels and separator sheets on scanned pages: find their codes while the pages stream past and choose the
volume they name (the record is filed into it when it is committed: services/arrival.py)."""

from __future__ import annotations

import logging
import time
from typing import Iterator

from docarchive.domain.paper.scanned import PageCode, choose_volume
from docarchive.ingest.barcodes import find_codes
from docarchive.ingest.context import IngestContext
from docarchive.ingest.env import StepEnv
from docarchive.ingest.formats import PageInput, iter_pages

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
