"""`docarchive ingest PATH...`: scanned files in, electronic records out, with progress and a summary."""

from __future__ import annotations

import contextlib
import sys
import time

from docarchive.bootstrap import bootstrap
from docarchive.cli.ingest_paths import expand_paths
from docarchive.cli.output import print_json
from docarchive.cli.principal import acting_principal
from docarchive.ingest.context import IngestContext, IngestRequest
from docarchive.services.documents import sweep_orphan_blobs

def register(sub) -> None:
    parser = sub.add_parser("ingest", help="ingest scanned files, folders (recursive) or globs")
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--customer-no", help="file every record under this customer")
    parser.add_argument("--engine", choices=("tesseract", "rapidocr"), help="OCR engine (default from settings)")
    parser.add_argument("--jobs", type=int, help="worker processes (default: one per core)")
    parser.add_argument("--json", action="store_true", help="one JSON object per file on stdout")
    parser.set_defaults(handler=run)


def run(args) -> int:
    container = bootstrap()
    found = expand_paths(args.paths)
    queued = container.jobs.pending_sha256s() if container.jobs else set()
    sweep_orphan_blobs(container.records, container.blobs, keep=queued)
    jobs = max(1, min(args.jobs or container.settings.jobs, len(found.files) or 1))
    report = _Report(total=len(found.files) + len(found.missing) + len(found.skipped), as_json=args.json)
    for path in found.missing:
        report.add_missing(path)
    for path, reason in found.skipped:
        report.add_skipped(path, reason)

    principal = acting_principal()
    requests = (IngestRequest(filename=path.name, path=str(path), customer_no=args.customer_no, principal=principal)
                for path in found.files)
    with _batch_indexing(container):
        container.ingest.ingest(requests, engine=args.engine, jobs=jobs, on_result=report.add)
    return report.finish()


def _batch_indexing(container):
    """An external index gets the whole batch in bulk at the end (one refresh), not a request per file."""
    return container.indexing.deferred() if container.indexing else contextlib.nullcontext()


class _Report:
    def __init__(self, *, total: int, as_json: bool):
        self.as_json = as_json
        self.counts = {"ingested": 0, "duplicate": 0, "failed": 0, "skipped": 0}
        self.pages = 0
        self.started = time.monotonic()
        self.bar = None
        if not as_json and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True)

    def add_missing(self, path: str) -> None:
        ctx = IngestContext(IngestRequest(filename=path, path=path))
        ctx.fail("no such file or folder")
        self.add(ctx)

    def add_skipped(self, path: str, reason: str) -> None:
        ctx = IngestContext(IngestRequest(filename=path, path=path))
        ctx.status, ctx.error = "skipped", reason
        self.add(ctx)

    def add(self, ctx: IngestContext) -> None:
        self.counts[ctx.status] = self.counts.get(ctx.status, 0) + 1
        self.pages += ctx.page_count if ctx.status == "ingested" else 0
        outcome = ctx.outcome()
        if self.as_json:
            print_json(outcome)
        elif self.bar is not None:
            self._advance_bar(outcome)
        else:
            print(_describe(outcome), flush=True)

    def finish(self) -> int:
        if self.bar is not None:
            self.bar.close()
        seconds = round(time.monotonic() - self.started, 2)
        summary = {**self.counts, "pages": self.pages, "seconds": seconds}
        if self.as_json:
            print_json({"summary": summary}, stream=sys.stderr)
        else:
            rate = self.pages / seconds if seconds else 0.0
            print(
                f"ingested {summary['ingested']}, duplicate {summary['duplicate']}, failed {summary['failed']}, "
                f"skipped {summary['skipped']}; "
                f"{self.pages} pages in {seconds:.1f} s ({rate:.2f} pages/s)",
                file=sys.stderr,
            )
        return 1 if self.counts["failed"] else 0

    def _advance_bar(self, outcome: dict) -> None:
        elapsed = time.monotonic() - self.started
        self.bar.set_postfix(pages=self.pages, pages_per_s=f"{self.pages / elapsed:.2f}" if elapsed else "0")
        if outcome["status"] in ("failed", "skipped"):
            self.bar.write(_describe(outcome), file=sys.stderr)
        self.bar.update(1)


def _describe(outcome: dict) -> str:
    if outcome["status"] == "failed":
        return f"FAILED     {outcome['path']}: {outcome['error']}"
    if outcome["status"] == "skipped":
        return f"skipped    {outcome['path']}: {outcome['reason']}"
    customer = outcome["customer_no"] or "unassigned"
    return f"{outcome['status']:<10} {outcome['path']} → {outcome['id']} {outcome['doc_type']} ({customer})"
