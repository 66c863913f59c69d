"""`docarchive status` and `docarchive worker`: what is waiting, and the processes that do it."""

from __future__ import annotations

import signal
import sys
import threading

from docarchive.bootstrap import bootstrap
from docarchive.cli.output import print_json
from docarchive.services.indexing import indexing_status, run_indexer


def register(sub) -> None:
    status = sub.add_parser("status", help="records, and search-index work waiting or failed")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=run_status)

    worker = sub.add_parser("worker", help="background work: send pending changes to the search index")
    worker.add_argument("--concurrency", type=int, default=1, help="worker threads")
    worker.set_defaults(handler=run_worker)


def run_status(args) -> int:
    container = bootstrap()
    status = {**indexing_status(container.records), "jobs": {}}
    if args.json:
        print_json(status)
    else:
        print(f"records {status['records']}, index pending {status['index_pending']}, "
              f"index failed {status['index_failed']}")
    return 0


def run_worker(args) -> int:
    container = bootstrap()
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    if container.indexing is None:
        print("docarchive worker: the search index commits with the records here; nothing to do", file=sys.stderr)
        return 0
    threads = [threading.Thread(target=run_indexer, args=(container.indexing,), kwargs={"stop": stop}, daemon=True)
               for _ in range(max(1, args.concurrency))]
    for thread in threads:
        thread.start()
    print(f"docarchive worker: indexing with {len(threads)} thread(s); Ctrl-C stops", file=sys.stderr)
    stop.wait()
    for thread in threads:
        thread.join(timeout=10)
    return 0
