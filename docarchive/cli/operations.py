"""`docarchive status` and `docarchive worker`: what is waiting, and the processes that do it."""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import sys
import threading

from docarchive.allocator import keep_memory_flat
from docarchive.bootstrap import bootstrap
from docarchive.cli.output import print_json
from docarchive.lifetime import die_with_parent
from docarchive.services.indexing import indexing_status, run_indexer
from docarchive.services.jobs import run_worker as run_job_loop


def register(sub) -> None:
    status = sub.add_parser("status", help="records, search-index work and ingest jobs waiting or failed")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=run_status)

    worker = sub.add_parser("worker", help="ingest queued uploads and send pending changes to the search index")
    worker.add_argument("--concurrency", type=int,
                        help="worker processes on this host, one per core (default: DOCARCHIVE_JOBS, else the cores)")
    worker.add_argument("--stop-with-parent", type=int, metavar="PID",
                        help="end when process PID, the one that started this one, ends (serve's own pool)")
    worker.set_defaults(handler=run_worker)


def run_status(args) -> int:
    container = bootstrap()
    status = {**indexing_status(container.records), "jobs": container.jobs.counts() if container.jobs else {}}
    if args.json:
        print_json(status)
    else:
        jobs = ", ".join(f"{state} {count}" for state, count in status["jobs"].items()) or "none (embedded)"
        print(f"records {status['records']}; search index: pending {status['index_pending']}, "
              f"failed {status['index_failed']}; jobs: {jobs}")
    return 0


RESPAWN_SECONDS = 5.0  # how soon a dead worker is replaced: also the least time between two restarts
# One OCR process per core: a thread pool inside each (OpenMP, OpenBLAS, OpenCV) would only contend with the
# other processes — measured: 2 workers went from 0.82x to 1.22x one worker with the env limits alone.
SINGLE_THREADED = {"OMP_NUM_THREADS": "1", "OMP_THREAD_LIMIT": "1", "OPENBLAS_NUM_THREADS": "1",
                   "MKL_NUM_THREADS": "1"}


def run_worker(args) -> int:
    if args.stop_with_parent:  # serve's pool: a server killed outright takes it (and so its workers) along
        die_with_parent(args.stop_with_parent)  # its pid, not getppid(): the server may be gone already
    os.environ.update(SINGLE_THREADED)  # before the spawned children import numpy, onnxruntime, cv2
    container = bootstrap()
    concurrency = args.concurrency or container.settings.jobs
    container.close()
    # Every worker is a spawned process and this one only supervises them: it imported the whole application
    # (numpy among it) before the thread limits applied, so as a worker it ran slower than its children.
    children = [_spawn(n) for n in range(max(1, concurrency))]
    print(f"docarchive worker: {len(children)} process(es) on {socket.gethostname()}; Ctrl-C stops",
          file=sys.stderr)
    _supervise(children)
    return 0


def _spawn(n: int):
    child = multiprocessing.get_context("spawn").Process(target=_work, args=(n, os.getpid()), daemon=True)
    child.start()
    return child


def _supervise(children: list) -> None:
    """Replace a worker that died (its job's lease brings the job back) until a signal, which is passed on.
    Each worker dies with this process: a supervisor killed outright leaves none behind."""
    stop = _stopped_by_signals()
    while not stop.wait(RESPAWN_SECONDS):
        for n, child in enumerate(children):
            if not child.is_alive():
                print(f"docarchive worker: process {n} ended ({child.exitcode}); starting another", file=sys.stderr)
                children[n] = _spawn(n)
    for child in children:
        child.terminate()
    for child in children:
        child.join(timeout=30)  # the job in hand is finished, or its lease brings it back to another worker
        if child.is_alive():
            child.kill()


def _work(n: int, parent: int) -> None:
    """One worker process: ingest jobs in this thread, drain the index outbox in another. It ends at once with
    its supervisor (a job in hand comes back to another worker when its lease runs out)."""
    die_with_parent(parent)
    keep_memory_flat()  # page images of every scan pass through it
    import cv2

    cv2.setNumThreads(1)
    container = bootstrap()
    stop = _stopped_by_signals()
    if container.indexing is not None:
        threading.Thread(target=run_indexer, args=(container.indexing,), kwargs={"stop": stop}, daemon=True).start()
    if n == 0:  # one purger per host: records past their 30 days in the recycle area are erased
        from docarchive.services.recycling import run_purger

        threading.Thread(target=run_purger, args=(container.disposal_desk,), kwargs={"stop": stop},
                         daemon=True).start()
    if container.jobs is not None:
        run_job_loop(container, worker=f"{socket.gethostname()}:{os.getpid()}:{n}", stop=stop)
    else:
        stop.wait()


def _stopped_by_signals() -> threading.Event:
    """An event SIGINT or SIGTERM sets. Set from another thread: a handler runs in the main thread between two
    bytecodes, possibly inside that same event's wait, and taking its lock there again would deadlock (seen
    with a supervisor's SIGTERM and a process-group SIGTERM arriving together)."""
    stop = threading.Event()

    def on_signal(*_: object) -> None:
        threading.Thread(target=stop.set, daemon=True).start()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, on_signal)
    return stop
