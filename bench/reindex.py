"""`docarchive reindex` on the embedded store: pages per second with text analysis in 1 and in N processes.

    python -m bench.reindex [--docs 5000] [--jobs 2] [--rounds 2]

A store of generated pages (bench._corpus) is ingested once; then `services.search.reindex` runs with
jobs=1 and jobs=N in turn, `--rounds` times each, so drifting load from other processes hits both alike.
The rate counts everything reindex does: reading the records, analysing the text, writing the index.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

from bench._corpus import Corpus
from bench.search import _ingest, table
from docarchive.bootstrap import bootstrap
from docarchive.config import Settings
from docarchive.services.search import reindex


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", default="/tmp/docarchive-bench")
    args = parser.parse_args(argv)
    print(f"$ python -m bench.reindex {' '.join(sys.argv[1:])}\n# {time.strftime('%Y-%m-%d %H:%M:%S')}; "
          f"{os.cpu_count()} CPUs; load average {_load()}\n", flush=True)
    home = Path(args.workdir) / f"reindex-{args.docs}-s{args.seed}"
    shutil.rmtree(home, ignore_errors=True)
    container = bootstrap(Settings(home=home, es_url=None))
    _ingest(container, Corpus(args.seed), args.docs, 500)
    rows = []
    for round_ in range(args.rounds):
        for jobs in (1, args.jobs):
            started, load = time.perf_counter(), _load()
            count = reindex(index=container.index, records=container.records, hasher=container.hasher, jobs=jobs)
            seconds = time.perf_counter() - started
            rows.append([round_ + 1, jobs, f"{count:,}", f"{seconds:.1f}", f"{count / seconds:,.0f}", load])
    table(["round", "jobs", "records", "seconds", "records/s", "load average before"], rows)
    container.close()


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
