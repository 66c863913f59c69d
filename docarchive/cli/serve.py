"""`docarchive serve`: the HTTP API (and later the web UI) on the configured deployment."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from docarchive.lifetime import killed_with_this_process

RESTART_SECONDS = 5.0


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
    pool = None if container.settings.mongo_url else WorkerPool(container.settings.home)
    try:
        uvicorn.run(create_app(container), host=args.host, port=args.port, log_level="info")
    finally:
        if pool is not None:
            pool.stop()
    return 0


def _exit_on_sigterm(*_: object) -> None:
    # uvicorn handles SIGTERM while it serves, then raises it again with the handler it found: without this one
    # the default would end the process there, before the pool is stopped.
    raise SystemExit(0)


class WorkerPool:
    """The embedded default's fixed pool of ingest workers (`docarchive worker`, DOCARCHIVE_JOBS processes),
    killed with the server from its first instruction, started again if it ends on its own (a crash, the
    out-of-memory killer: uploads would otherwise wait for ever), stopped with the server. The scale deployment
    runs its workers apart."""

    def __init__(self, home: Path):
        self.command = [sys.executable, "-m", "docarchive", "worker", "--stop-with-parent", str(os.getpid())]
        self.env = {**os.environ, "DOCARCHIVE_HOME": str(home)}
        self.stopping, self.stopped, self.lock = threading.Event(), threading.Event(), threading.Lock()
        self.process = self._start()
        threading.Thread(target=self._restart_when_ended, name="worker-pool", daemon=True).start()

    def stop(self) -> None:
        """The pool finishes its jobs in hand (its own 30 s grace); one that does not end by then is killed,
        and its workers with it (they die with their supervisor)."""
        with self.lock:
            self.stopping.set()
        self.process.terminate()
        try:
            self.process.wait(timeout=45)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.stopped.set()

    def _start(self) -> subprocess.Popen:
        return subprocess.Popen(self.command, env=self.env, preexec_fn=killed_with_this_process())

    def _restart_when_ended(self) -> None:
        # This thread lives until the pool has stopped: a pool it started is killed when it ends (the kernel's
        # parent-death signal follows the thread that started the child, not the process).
        while not self.stopped.wait(RESTART_SECONDS):
            with self.lock:
                if self.process.poll() is not None and not self.stopping.is_set():
                    print(f"docarchive serve: the worker pool ended ({self.process.returncode}); starting another",
                          file=sys.stderr)
                    self.process = self._start()
