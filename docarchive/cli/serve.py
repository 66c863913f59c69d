"""`docarchive serve`: the HTTP API (and later the web UI) on the configured deployment."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from docarchive.lifetime import killed_with_this_process


def register(sub) -> None:
    parser = sub.add_parser("serve", help="serve the HTTP API")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.set_defaults(handler=run)


def run(args) -> int:
    import uvicorn

    from docarchive.allocator import keep_memory_flat
    from docarchive.api.app import create_app
    from docarchive.bootstrap import bootstrap

    keep_memory_flat()  # before any thread: the request threads share two arenas
    container = bootstrap()
    if container.accounts.count_users() == 0:  # no default password, ever: the operator adds the first user
        print("docarchive: no users yet; add the first administrator on this server with\n"
              "  docarchive user add NAME --role admin --password-stdin\n"
              "and the people who work with the archive (--role archivist|staff|manager|director|auditor|security).",
              file=sys.stderr)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    workers = _worker_pool(container)
    try:
        uvicorn.run(create_app(container), host=args.host, port=args.port, log_level="info")
    finally:
        if workers is not None:
            _stop(workers)
    return 0


def _exit_on_sigterm(*_: object) -> None:
    # uvicorn handles SIGTERM while it serves, then raises it again with the handler it found: without this one
    # the default would end the process there, before the pool is stopped.
    raise SystemExit(0)


def _stop(workers: subprocess.Popen) -> None:
    """The pool finishes its jobs in hand (its own 30 s grace); one that does not end by then is killed, and its
    workers with it (they die with their supervisor)."""
    workers.terminate()
    try:
        workers.wait(timeout=45)
    except subprocess.TimeoutExpired:
        workers.kill()
        workers.wait()


def _worker_pool(container):
    """The embedded default's fixed pool of ingest workers (DOCARCHIVE_JOBS processes), ended with the server;
    the scale deployment runs its workers apart (`docarchive worker`)."""
    if container.settings.mongo_url:
        return None
    command = [sys.executable, "-m", "docarchive", "worker", "--stop-with-parent", str(os.getpid())]
    return subprocess.Popen(command, env={**os.environ, "DOCARCHIVE_HOME": str(container.settings.home)},
                            preexec_fn=killed_with_this_process())
