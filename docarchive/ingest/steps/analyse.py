"""CPU-heavy steps, run in worker processes: read every page, then decide what the document is."""

from __future__ import annotations

import time

from docarchive.domain.classify import classify_document
from docarchive.domain.documents import Page, PageSource
from docarchive.domain.extraction import extract_fields
from docarchive.domain.text import normalize_ocr_text
from docarchive.ingest.context import IngestContext
from docarchive.ingest.env import StepEnv
from docarchive.ingest.formats import PageInput, iter_pages
from docarchive.ingest.preprocess import prepare_page


class ReadPages:
    """Text layer where a PDF page has one, OCR otherwise; pages are streamed so memory stays flat."""

    name = "read_pages"
    stage = "analyse"

    def run(self, ctx: IngestContext, env: StepEnv) -> None:
        ocr_seconds = 0.0
        pages = ctx.page_inputs if ctx.page_inputs is not None else iter_pages(ctx.data, ctx.media_type, env.limits)
        for page_input in pages:
            started = time.perf_counter()
            ctx.pages.append(_read_page(page_input, env))
            ocr_seconds += time.perf_counter() - started
        ctx.page_inputs = None
        ctx.page_count = len(ctx.pages)
        ctx.seconds["ocr"] = ocr_seconds


def _read_page(page_input: PageInput, env: StepEnv) -> Page:
    if page_input.text is not None:
        return Page(n=page_input.n, text=normalize_ocr_text(page_input.text), confidence=None,
                    source=PageSource.TEXT_LAYER)
    engine = env.engine()
    prepared = prepare_page(page_input.image, orientation_probe=engine)
    result = engine.recognize(prepared.image)
    width, height = prepared.image.size
    return Page(
        n=page_input.n,
        text=normalize_ocr_text(result.text),
        confidence=round(result.confidence, 4),
        source=PageSource.OCR,
        width=width,
        height=height,
        rotation=prepared.rotation,
        skew=round(prepared.skew, 2),
        lines=list(result.lines),
    )


class ClassifyDocument:
    name = "classify"
    stage = "analyse"

    def run(self, ctx: IngestContext, env: StepEnv) -> None:
        text = _full_text(ctx)
        ctx.doc_type = classify_document(text)
        ctx.category = env.categories.file(ctx.doc_type, text)


class ExtractFields:
    name = "extract"
    stage = "analyse"

    def run(self, ctx: IngestContext, env: StepEnv) -> None:
        extraction = extract_fields(ctx.doc_type, _full_text(ctx))
        ctx.fields = extraction.fields
        ctx.warnings.extend(extraction.warnings)


def _full_text(ctx: IngestContext) -> str:
    return "\n".join(page.text for page in ctx.pages)
