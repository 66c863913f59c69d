"""A corpus of files made to hurt a reader — bombs, lying page trees, deep nesting, polyglots, hostile names,
oversized files — through the ingest pipeline in its worker processes: each is refused with a one-line reason
or ingested as what its bytes are, no worker dies, and the next good file is ingested."""

from __future__ import annotations

import pytest

from docarchive.ingest.context import IngestRequest
from tests.bad_files import HOSTILE_NAMES, bad_files, hostile_files
from tests.text_pdfs import complaint


@pytest.fixture
def small_limits(settings):
    return settings.model_copy(update={"max_file_bytes": 2 * 2**20, "max_pages": 50})


def test_every_hostile_file_fails_with_a_reason_or_is_ingested_as_what_it_is(small_limits, clock):
    from docarchive.bootstrap import bootstrap

    container = bootstrap(small_limits, clock=clock)
    try:
        corpus = {**bad_files(), **hostile_files(), "oversized.pdf": b"%PDF-1.7\n" + b" " * (3 * 2**20)}
        requests = [IngestRequest(filename=name, data=data) for name, data in corpus.items()]
        requests += [IngestRequest(filename=name, data=complaint("KH-2024-00001", f"名字{n}"))
                     for n, name in enumerate(HOSTILE_NAMES)]
        outcomes = container.ingest.ingest(requests, jobs=2)
        statuses = {}
        for ctx in outcomes:
            statuses[ctx.request.filename] = ctx.status
            if ctx.status == "failed":
                assert ctx.error and "\n" not in ctx.error and "Traceback" not in ctx.error, ctx.error
            else:
                assert ctx.status == "ingested", (ctx.request.filename, ctx.status, ctx.error)
                assert "/" not in ctx.request.filename and "\\" not in ctx.request.filename
                assert "\x00" not in ctx.request.filename and len(ctx.request.filename) <= 255
                assert ctx.request.filename.strip(".")
        assert len(outcomes) == len(requests)
        for name in ("page-tree-loop.pdf", "giant.tif", "png-then-pdf.png", "pdf-in-png-head.png", "html.pdf",
                     "gif.png", "svg.png", "oversized.pdf", "bomb.png", "thousand-pages.pdf"):
            assert statuses.get(name) == "failed", (name, statuses.get(name))
        after = container.ingest.ingest([IngestRequest(filename="good.pdf", data=complaint("KH-2024-00002"))], jobs=2)
        assert after[0].status == "ingested"  # the workers live on
        print(f"\n{len(requests)} hostile inputs: {sum(s == 'failed' for s in statuses.values())} refused with a "
              f"reason, {sum(s == 'ingested' for s in statuses.values())} ingested as what they are")
    finally:
        container.close()
