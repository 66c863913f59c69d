"""A file arrives → a record in the right customer's file. The one ingest use case: the CLI, the API and the
worker call it, whether the file is read at once or queued for a worker (scale deployment).

prepare (load, hash, dedupe) → analyse (read pages, classify, extract; in worker processes) → commit
(services/arrival.py: link, re-link, store, file), one unit of work per file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from docarchive.domain.personal_data import mask_personal_data
from docarchive.domain.errors import Conflict, DuplicateDocument, QueueFull
from docarchive.ingest.steps.prepare import refuse_if_disposed
from docarchive.domain.ids import new_id
from docarchive.ingest.context import IngestContext, IngestRequest
from docarchive.ingest.env import StepEnv
from docarchive.ingest.pipeline import OnResult, Pipeline
from docarchive.ingest.steps import DEFAULT_STEPS
from docarchive.ports.blobs import BlobStore
from docarchive.ports.clock import Clock
from docarchive.ports.jobs import Job, JobQueue
from docarchive.ports.records import RecordStore
from docarchive.services.access import require
from docarchive.services.arrival import LinkPolicy, commit_arrival


@dataclass
class IngestService:
    records: RecordStore
    blobs: BlobStore
    clock: Clock
    policy: LinkPolicy
    step_env: Callable[[str | None], StepEnv]  # the steps' environment for an engine (None: the default)
    jobs: JobQueue | None = None  # uploads are queued for workers; without a queue they are ingested at once
    lease_seconds: float = 120.0
    queue_limit: int = 200

    def pipeline(self, engine: str | None = None) -> Pipeline:
        env = self.step_env(engine)
        return Pipeline(DEFAULT_STEPS, env, commit=lambda ctx: self._commit(ctx, env.engine_name))

    def ingest(self, requests: Iterable[IngestRequest], *, engine: str | None = None, jobs: int = 1,
               on_result: OnResult | None = None) -> list[IngestContext]:
        """A batch: analysed in `jobs` worker processes, committed here one file at a time."""
        return self.pipeline(engine).run(requests, jobs=jobs, on_result=on_result)

    def ingest_one(self, request: IngestRequest, *, engine: str | None = None) -> IngestContext:
        return self.pipeline(engine).run_one(request)

    def accept(self, request: IngestRequest, *, engine: str | None = None) -> IngestContext | Job:
        """An upload: queued for a worker where there is a queue (both deployments' servers), else ingested now.
        Only the archive room ingests (archivists): others ask them to."""
        require(request.principal, "ingest", "add records (ask the archive room)")
        if self.jobs is not None:
            return self.queue(request, engine=engine)
        return self.ingest_one(request, engine=engine)

    def queue(self, request: IngestRequest, *, engine: str | None = None) -> IngestContext | Job:
        """The cheap checks run now (format, damage, limits, duplicate), so a bad upload is refused at once; the
        original is stored once, under the hash taken here, and a worker reads it. Returns the failed or
        duplicate context, or the queued job."""
        waiting = self.jobs.waiting()
        if waiting >= self.queue_limit:
            raise QueueFull(f"{waiting} uploads are waiting for the OCR workers; try again shortly",
                            retry_after=30)
        ctx = IngestContext(request)
        if not self.pipeline(engine).prepare(ctx):
            return ctx
        self.blobs.put(ctx.data)
        now = self.clock.now()
        job = Job(id=new_id(), sha256=ctx.sha256, filename=request.filename, customer_no=request.customer_no,
                  engine=engine, created_at=now, updated_at=now, submitted_by=request.principal)
        return self.jobs.enqueue(job)

    def process_next_job(self, *, worker: str, keep_lease: Callable[[Job], object]) -> Job | None:
        """Claim one queued upload and ingest it; None when there is nothing to do."""
        job = self.jobs.claim(worker=worker, now=self.clock.now(), lease_seconds=self.lease_seconds)
        if job is None:
            return None
        with keep_lease(job):
            ctx = self.ingest_one(_stored_request(job, self.blobs.get(job.sha256)), engine=job.engine)
        if ctx.status == "failed":
            self.jobs.fail(job, now=self.clock.now(), reason=ctx.error or "failed")
        else:
            # The outcome is kept with the job: its ID numbers masked, as the record keeps them encrypted.
            self.jobs.finish(job, now=self.clock.now(), result=mask_personal_data(ctx.outcome()))
        return job

    def _commit(self, ctx: IngestContext, engine_name: str) -> None:
        try:
            with self.records.unit_of_work() as uow:
                commit_arrival(uow, ctx, policy=self.policy, blobs=self.blobs, clock=self.clock,
                               engine_name=engine_name)
                uow.commit()
        except Conflict:
            # Another copy of the same bytes committed meanwhile (on MongoDB its new customer file may be what
            # collided first): the file is that record's duplicate, as a later upload would be told.
            with self.records.unit_of_work(readonly=True) as uow:
                existing = uow.documents.find_by_sha256(ctx.sha256)
            if existing is None:
                raise
            refuse_if_disposed(existing.id, existing.disposal)
            raise DuplicateDocument(existing.id, ctx.sha256) from None


def _stored_request(job: Job, data: bytes) -> IngestRequest:
    return IngestRequest(filename=job.filename, data=data, customer_no=job.customer_no, principal=job.submitted_by,
                         sha256=job.sha256, stored=True)
