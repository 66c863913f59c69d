"""Ingest jobs for the scale deployment: uploads are stored and queued; workers on any host claim them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from docarchive.domain.principal import LOCAL_ARCHIVIST, Principal

JobState = Literal["queued", "running", "done", "failed"]


@dataclass
class Job:
    id: str
    sha256: str  # the upload, already in the blob store
    filename: str
    customer_no: str | None = None
    engine: str | None = None
    state: JobState = "queued"
    attempts: int = 0
    worker: str = ""
    lease_until: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    result: dict[str, Any] = field(default_factory=dict)  # the ingest outcome: document id, status, type…
    error: str | None = None
    submitted_by: Principal = LOCAL_ARCHIVIST  # the worker ingests on their behalf (filing, history)


class JobQueue(Protocol):
    def enqueue(self, job: Job) -> Job: ...

    def get(self, job_id: str) -> Job:
        """Raise NotFound when absent."""
        ...

    def claim(self, *, worker: str, now: datetime, lease_seconds: float) -> Job | None:
        """The oldest queued job, or a running one whose worker's lease ran out (the worker died)."""
        ...

    def renew(self, job: Job, *, now: datetime, lease_seconds: float) -> bool:
        """Extend the lease while working; False when the job was lost to another worker."""
        ...

    def finish(self, job: Job, *, now: datetime, result: dict[str, Any]) -> None: ...

    def fail(self, job: Job, *, now: datetime, reason: str) -> None: ...

    def pending_sha256s(self) -> set[str]:
        """Uploads not yet ingested: their blobs have no record yet and must not be swept."""
        ...

    def counts(self) -> dict[str, int]: ...

    def waiting(self) -> int:
        """Jobs queued and not yet claimed: asked on every upload, so one cheap count."""
        ...
