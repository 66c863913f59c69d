"""Distributed ingest (scale deployment): an upload is checked and stored at once, then queued; workers on
any host claim jobs under a lease, so a worker that dies mid-job loses it and another finishes it. Ingest is
idempotent by SHA-256, so a job that runs twice still makes one record. The ingest itself is the ingest
service's (services/ingest.py); this module is the worker loop, the lease and the job's JSON."""

from __future__ import annotations

import logging
import threading
from typing import Any

from docarchive.ingest.context import IngestContext, IngestRequest
from docarchive.domain.principal import LOCAL_ARCHIVIST, Principal
from docarchive.ports.jobs import Job
from docarchive.services.audit import current_source
from docarchive.services.access import require

log = logging.getLogger(__name__)


def queue_upload(container, *, filename: str, data: bytes, customer_no: str | None, engine: str | None,
                 principal: Principal = LOCAL_ARCHIVIST) -> IngestContext | Job:
    """Store and queue an upload (the ingest service's queue); the failed or duplicate context, or the job."""
    request = IngestRequest(filename=filename, data=data, customer_no=customer_no, principal=principal)
    return container.ingest.queue(request, engine=engine)


def process_next_job(container, *, worker: str) -> Job | None:
    """Claim one job and ingest it; None when there is nothing to do."""
    return container.ingest.process_next_job(worker=worker, keep_lease=lambda job: _LeaseKeeper(container, job))


def run_worker(container, *, worker: str, stop: threading.Event, idle_seconds: float = 1.0) -> None:
    current_source.set(f"worker {worker}")  # what the audit trail says a queued ingest's changes came from
    while not stop.is_set():
        try:
            job = process_next_job(container, worker=worker)
        except Exception:  # the loop outlives any one job; the job's lease returns it to the queue
            log.exception("worker %s: job failed unexpectedly", worker)
            job = None
        if job is None:
            stop.wait(idle_seconds)


def show_job(jobs, *, principal: Principal, job_id: str) -> Job:
    """An upload's job, for whoever may upload (the archive room); NotFound for anyone else's eyes."""
    require(principal, "ingest", "follow uploads")
    return jobs.get(job_id)


def job_json(job: Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "state": job.state,
        "filename": job.filename,
        "sha256": job.sha256,
        "customer_no": job.customer_no,
        "submitted_by": job.submitted_by.user,
        "attempts": job.attempts,
        "document_id": job.result.get("id"),
        "result": job.result or None,
        "error": job.error,
        "created_at": job.created_at.isoformat() if job.created_at else None,
        "updated_at": job.updated_at.isoformat() if job.updated_at else None,
    }


class _LeaseKeeper:
    """Renews the job's lease while a long file is being read."""

    def __init__(self, container, job: Job):
        self.container, self.job = container, job
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._renew, daemon=True)

    def __enter__(self) -> None:
        self.thread.start()

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def _renew(self) -> None:
        lease = self.container.settings.job_lease_seconds
        while not self.stop.wait(lease / 3):
            self.container.jobs.renew(self.job, now=self.container.clock.now(), lease_seconds=lease)
