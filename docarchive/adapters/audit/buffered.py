"""An AuditLog that writes in batches: events wait in memory at most `max_delay` seconds (or until
`max_events` are waiting) and are then appended in one write by a background thread.

Why: a record view costs ~0.1 ms on the embedded store, and one SQLite write transaction per event
tripled it (bench/audit.py); a batch costs one commit for many events. What it gives up: events still
waiting when the process is killed outright are lost (at most `max_delay` of them); a clean exit, `close`
and `flush` write them. Reads (list, count, scan) flush first, so this process's own events are in them.
If the store cannot be written, events are kept and retried; once `max_pending` wait, `append` writes
itself and raises the store's error, so actions stop being answered rather than go unaudited.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from typing import Iterator

from docarchive.domain.audit import AuditEvent, AuditFilter
from docarchive.domain.errors import DocarchiveError
from docarchive.ports.audit import AuditLog

log = logging.getLogger(__name__)


class BufferedAuditLog:
    def __init__(self, inner: AuditLog, *, max_delay: float = 0.05, max_events: int = 256,
                 max_pending: int = 10_000):
        self.inner = inner
        self._max_delay, self._max_events, self._max_pending = max_delay, max_events, max_pending
        self._pending: list[AuditEvent] = []
        self._changed = threading.Condition()
        self._write_lock = threading.Lock()  # one batch at a time, so batches keep the order events came in
        self._flusher: threading.Thread | None = None
        self._flusher_pid = 0
        self._closed = False
        atexit.register(self.flush)

    def append(self, event: AuditEvent) -> AuditEvent:
        """Queue `event`; it is returned unsealed (seq 0) — it is sealed when its batch is written."""
        with self._changed:
            self._pending.append(event)
            waiting = len(self._pending)
            self._start_flusher()
            if waiting >= self._max_events:
                self._changed.notify()
        if waiting >= self._max_pending:
            self.flush(raise_errors=True)
        return event

    def append_many(self, events: list[AuditEvent]) -> list[AuditEvent]:
        return [self.append(event) for event in events]

    def list(self, where: AuditFilter = AuditFilter(), *, limit: int = 50, offset: int = 0) -> list[AuditEvent]:
        self.flush(raise_errors=True)
        return self.inner.list(where, limit=limit, offset=offset)

    def count(self, where: AuditFilter = AuditFilter()) -> int:
        self.flush(raise_errors=True)
        return self.inner.count(where)

    def scan(self) -> Iterator[AuditEvent]:
        self.flush(raise_errors=True)
        return self.inner.scan()

    def flush(self, *, raise_errors: bool = False) -> None:
        """Write every waiting event now."""
        with self._write_lock:
            with self._changed:
                batch, self._pending = self._pending, []
            if not batch:
                return
            try:
                self.inner.append_many(batch)
            except DocarchiveError:
                with self._changed:  # keep them, in order, ahead of any queued meanwhile
                    self._pending[:0] = batch
                if raise_errors:
                    raise
                log.exception("%d audit events not written yet; retrying", len(batch))

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify()
        self.flush()
        atexit.unregister(self.flush)
        self.inner.close()

    def _start_flusher(self) -> None:
        """Called holding the condition. A forked child starts its own thread (threads do not survive a fork)."""
        if self._flusher is None or self._flusher_pid != os.getpid():
            self._flusher_pid = os.getpid()
            self._flusher = threading.Thread(target=self._run, name="audit-flusher", daemon=True)
            self._flusher.start()

    def _run(self) -> None:
        while True:
            with self._changed:
                if not self._pending and not self._closed:
                    self._changed.wait()
                if self._closed:
                    return
                if len(self._pending) < self._max_events:
                    self._changed.wait(self._max_delay)
            self.flush()
            time.sleep(0)  # let request threads run between batches
