"""Distributed ingest (scale deployment): an upload is checked and stored at once, then queued; workers on
any host claim jobs under a lease, so a worker that dies mid-job loses it and another finishes it. Ingest is
idempotent by SHA-256, so a job that runs twice still makes one record."""

from __future__ import annotations

import logging
import threading
from typing import Any

from docarchive.domain.ids import new_id
from docarchive.ingest.context import IngestContext, IngestRequest
from docarchive.domain.principal import LOCAL_ARCHIVIST, Principal
from docarchive.ports.jobs import Job, JobQueue

log = logging.getLogger(__name__)


def queue_upload(container, *, filename: str, data: bytes, customer_no: str | None, engine: str | None,
                 principal: Principal = LOCAL_ARCHIVIST) -> IngestContext | Job:
    """The cheap checks run now (format, damage, limits, duplicate), so a bad upload is refused at once;
    the OCR runs on a worker. Returns the failed or duplicate context, or the queued job."""
    pipeline = container.pipeline(engine=engine)
    ctx = IngestContext(IngestRequest(filename=filename, data=data, customer_no=customer_no))
    if not pipeline.prepare(ctx):
        return ctx
    container.blobs.put(data)
    now = container.clock.now()
    job = Job(id=new_id(), sha256=ctx.sha256, filename=ctx.request.filename, customer_no=customer_no, engine=engine,
              created_at=now, updated_at=now, submitted_by=principal)
    return container.jobs.enqueue(job)


def process_next_job(container, *, worker: str) -> Job | None:
    """Claim one job and ingest it; None when there is nothing to do."""
    jobs: JobQueue = container.jobs
    job = jobs.claim(worker=worker, now=container.clock.now(), lease_seconds=container.settings.job_lease_seconds)
    if job is None:
        return None
    with _LeaseKeeper(container, job):
        ctx = _ingest(container, job)
    if ctx.status == "failed":
        jobs.fail(job, now=container.clock.now(), reason=ctx.error or "failed")
    else:
        jobs.finish(job, now=container.clock.now(), result=ctx.outcome())
    return job


def run_worker(container, *, worker: str, stop: threading.Event, idle_seconds: float = 1.0) -> None:
    while not stop.is_set():
        try:
            job = process_next_job(container, worker=worker)
        except Exception:  # the loop outlives any one job; the job's lease returns it to the queue
            log.exception("worker %s: job failed unexpectedly", worker)
            job = None
        if job is None:
            stop.wait(idle_seconds)


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


def _ingest(container, job: Job) -> IngestContext:
    data = container.blobs.get(job.sha256)
    request = IngestRequest(filename=job.filename, data=data, customer_no=job.customer_no, principal=job.submitted_by)
    return container.pipeline(engine=job.engine).run_one(request)


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
