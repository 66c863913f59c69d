"""Statistics benchmark: the 统计 screen's two reads over bench.search's API store.

    python -m bench.stats [--docs 1000000] [--calls 20] [--workdir /tmp/docarchive-bench]

The store is the one `python -m bench.search --only-api --api-docs N --bulk` builds (built here when missing,
which takes ~45 min at 1M). Opening it applies any pending migration (the kept day counts are backfilled
once); the first statistics call rechecks every customer file whose kept completeness state is missing or
under other rules (after an upgrade: every file). Then `customer_statistics` (GET /api/stats) and
`trend_statistics` (GET /api/stats/trends) are timed `--calls` times each, as the service calls the routes
make, for an archivist (who sees the whole archive).
"""

from __future__ import annotations

import argparse
import time

from bench.search import _ingested_store, percentile, table
from bench.search import parse_args as search_args
from docarchive.domain.principal import LOCAL_ARCHIVIST
from docarchive.services.stats import customer_statistics
from docarchive.services.stats_trends import trend_statistics


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    search = search_args(["--backends", "fts5", "--api-docs", str(args.docs), "--workdir", args.workdir,
                          "--seed", str(args.seed), "--reuse", "--bulk", "--no-warm"])  # the statistics read no record
    started = time.perf_counter()
    container, _ = _ingested_store("fts5", search)
    opened = time.perf_counter() - started

    def composition():
        return customer_statistics(container.records, LOCAL_ARCHIVIST, completeness_rate=container.completeness_rate)

    def trends():
        return trend_statistics(container.records, LOCAL_ARCHIVIST, rules=container.completeness_rules,
                                clock=container.clock)

    first = _timed(composition)
    rows = [["open the store (pending migrations included)", f"{opened:.1f} s", ""],
            ["first GET /api/stats (rechecks files without a current kept state)", f"{first[0]:.2f} s",
             f"{first[1]:.2f} s"]]
    for name, call in (("GET /api/stats", composition), ("GET /api/stats/trends", trends)):
        timings = [_timed(call) for _ in range(args.calls)]
        rows.append([f"{name}, p50 of {args.calls}", f"{percentile([t[0] for t in timings], 50) * 1000:.0f} ms",
                     f"{percentile([t[1] for t in timings], 50) * 1000:.0f} ms"])
    print(f"### Statistics over {args.docs:,} pages (embedded default)\n")
    table(["call", "wall", "CPU"], rows)
    container.close()


def _timed(call) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - started, time.process_time() - cpu


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1_000_000, help="pages in bench.search's API store")
    parser.add_argument("--calls", type=int, default=20, help="timed calls of each read")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", default="/tmp/docarchive-bench")
    return parser.parse_args(argv)


if __name__ == "__main__":
    main()
