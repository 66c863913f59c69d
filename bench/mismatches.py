"""Mismatch-report benchmark: the archive room's 两套制 check over bench.search's API store.

    python -m bench.mismatches [--docs 1000000] [--filed 0.9] [--calls 5] [--workdir /tmp/docarchive-bench]

The store is the one `python -m bench.search --only-api --api-docs N --bulk` builds (built here when missing,
which takes ~45 min at 1M); opening it applies any pending migration. That store has no paper archive, so the
benchmark files the first `--filed` of the records, in id order, eight to a volume (one volume in 125 with a
page count that disagrees), commits, times `mismatch_report` (GET /api/reports/mismatches) `--calls` times for
an archivist, and then takes its volumes out again (they are named BENCH-…; a run that was killed leaves them,
and the next run removes them first).
"""

from __future__ import annotations

import argparse
import time

from bench.search import _ingested_store, percentile, table
from bench.search import parse_args as search_args
from docarchive.domain.paper.model import Volume
from docarchive.domain.principal import LOCAL_ARCHIVIST
from docarchive.services.paper.mismatches import mismatch_report

PER_VOLUME = 8


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    search = search_args(["--backends", "fts5", "--api-docs", str(args.docs), "--workdir", args.workdir,
                          "--seed", str(args.seed), "--reuse", "--bulk", "--no-warm"])
    started = time.perf_counter()
    container, _ = _ingested_store("fts5", search)
    opened = time.perf_counter() - started
    store = container.records
    _remove_bench_volumes(store)
    try:
        started = time.perf_counter()
        volumes = _file_volumes(store, args.filed)
        filing = time.perf_counter() - started
        timings = [_timed(lambda: mismatch_report(store, principal=LOCAL_ARCHIVIST)) for _ in range(args.calls)]
    finally:
        _remove_bench_volumes(store)
    counts = timings[-1][2]["counts"]
    print(f"### Mismatch report over {args.docs:,} records, {volumes:,} volumes (embedded default)\n")
    table(["step", "wall", "CPU"], [
        ["open the store (pending migrations included)", f"{opened:.1f} s", ""],
        [f"file {volumes:,} volumes (setting up, not the report)", f"{filing:.1f} s", ""],
        [f"GET /api/reports/mismatches, p50 of {args.calls}", f"{percentile([t[0] for t in timings], 50):.2f} s",
         f"{percentile([t[1] for t in timings], 50):.2f} s"],
    ])
    print(f"\ncounts: {counts}")
    container.close()


def _file_volumes(store, filed: float) -> int:
    with store.unit_of_work() as uow:
        pages = dict(uow.conn.execute("SELECT id, pages FROM document_summaries ORDER BY id"))
        chosen = list(pages)[: int(len(pages) * filed)]
        for start in range(0, len(chosen), PER_VOLUME):
            volume = Volume(archive_no=f"BENCH-{start // PER_VOLUME:07d}", customer_no="KH-1", box_code="BENCH")
            for document_id in chosen[start:start + PER_VOLUME]:
                volume.file(document_id, page_count=pages[document_id] + (start % (125 * PER_VOLUME) == 0))
            uow.volumes.add(volume)
        uow.commit()
    return -(-len(chosen) // PER_VOLUME)


def _remove_bench_volumes(store) -> None:
    with store.unit_of_work() as uow:
        uow.conn.execute("DELETE FROM paper_filings WHERE archive_no LIKE 'BENCH-%'")
        uow.conn.execute("DELETE FROM paper_volumes WHERE archive_no LIKE 'BENCH-%'")
        uow.commit()


def _timed(call) -> tuple[float, float, dict]:
    started, cpu = time.perf_counter(), time.process_time()
    result = call()
    return time.perf_counter() - started, time.process_time() - cpu, result


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1_000_000, help="records in bench.search's API store")
    parser.add_argument("--filed", type=float, default=0.9, help="share of the records filed in volumes")
    parser.add_argument("--calls", type=int, default=5, help="timed reports")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", default="/tmp/docarchive-bench")
    return parser.parse_args(argv)


if __name__ == "__main__":
    main()
