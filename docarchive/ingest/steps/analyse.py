"""CPU-heavy steps, run in worker processes: read every page, then decide what the document is."""

from __future__ import annotations

import time
from collections.abc import Iterator

from docarchive.domain.classify import classify_document
from docarchive.domain.documents import Page, PageSource
from docarchive.domain.extraction import extract_fields
from docarchive.domain.text import normalize_ocr_text
from docarchive.ingest.context import IngestContext, cpu_now
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
        for page_input in _decoded(pages, ctx):
            started = time.perf_counter()
            ctx.pages.append(_read_page(page_input, env, ctx))
            ocr_seconds += time.perf_counter() - started
        ctx.page_inputs = None
        ctx.page_count = len(ctx.pages)
        ctx.seconds["ocr"] = ocr_seconds


def _decoded(pages: Iterator[PageInput], ctx: IngestContext) -> Iterator[PageInput]:
    """The pages as they are decoded or rendered (and searched for codes, when FindCodes wraps them)."""
    pages = iter(pages)
    while True:
        started = cpu_now()
        page_input = next(pages, None)
        ctx.add_cpu("decode", cpu_now() - started)
        if page_input is None:
            return
        yield page_input


def _read_page(page_input: PageInput, env: StepEnv, ctx: IngestContext) -> Page:
    if page_input.text is not None:
        return Page(n=page_input.n, text=normalize_ocr_text(page_input.text), confidence=None,
                    source=PageSource.TEXT_LAYER)
    engine = env.engine()
    started = cpu_now()
    prepared = prepare_page(page_input.image, orientation_probe=engine)  # the probe's reading counts here
    read_from = cpu_now()
    result = engine.recognize(prepared.image)
    _count_ocr_cpu(ctx, prepare=read_from - started, read=cpu_now() - read_from, by_stage=result.seconds)
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


def _count_ocr_cpu(ctx: IngestContext, *, prepare: float, read: float, by_stage: dict[str, float]) -> None:
    """What the engine does not itemise (an engine without stages, turning boxes into lines) is recognition."""
    ctx.add_cpu("prepare", prepare)
    for stage in ("detect", "classify"):
        ctx.add_cpu(stage, by_stage.get(stage, 0.0))
    ctx.add_cpu("recognise", read - by_stage.get("detect", 0.0) - by_stage.get("classify", 0.0))


class ClassifyDocument:
    name = "classify"
    stage = "analyse"

    def run(self, ctx: IngestContext, env: StepEnv) -> None:
        started = cpu_now()
        text = _full_text(ctx)
        ctx.doc_type = classify_document(text)
        ctx.category = env.categories.file(ctx.doc_type, text)
        ctx.add_cpu("extract", cpu_now() - started)


class ExtractFields:
    name = "extract"
    stage = "analyse"

    def run(self, ctx: IngestContext, env: StepEnv) -> None:
        started = cpu_now()
        extraction = extract_fields(ctx.doc_type, _full_text(ctx))
        ctx.fields = extraction.fields
        ctx.warnings.extend(extraction.warnings)
        ctx.add_cpu("extract", cpu_now() - started)


def _full_text(ctx: IngestContext) -> str:
    return "\n".join(page.text for page in ctx.pages)
