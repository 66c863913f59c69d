"""The ingest job queue of the embedded default, in the records database: uploads are stored and queued, and
`serve`'s worker processes claim them (an UPDATE … RETURNING in a write transaction: one claimer wins)."""

from __future__ import annotations

import json
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from docarchive.adapters.records.sqlite import connect, migrate
from docarchive.domain.errors import NotFound
from docarchive.adapters.jobs.codec import job_from_dict, job_to_dict
from docarchive.ports.jobs import Job

MIGRATIONS = [
    """
    CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL,
        lease_until TEXT,
        attempts INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        body TEXT NOT NULL
    );
    CREATE INDEX jobs_ready ON jobs (state, created_at, id);
    """,
]
STATES = ("queued", "running", "done", "failed")


class SqliteJobQueue:
    def __init__(self, path: Path):
        self.path = Path(path)
        with closing(connect(self.path)) as conn:
            migrate(conn, MIGRATIONS, component="jobs")

    def enqueue(self, job: Job) -> Job:
        self._write(lambda conn: conn.execute("INSERT INTO jobs VALUES (?, ?, ?, ?, ?, ?, ?)", _row(job)))
        return job

    def get(self, job_id: str) -> Job:
        with closing(connect(self.path)) as conn:
            row = conn.execute("SELECT body FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            raise NotFound(f"no job with id {job_id}")
        return _job(row[0])

    def claim(self, *, worker: str, now: datetime, lease_seconds: float) -> Job | None:
        stamp, lease = now.isoformat(), (now + timedelta(seconds=lease_seconds)).isoformat()

        def take(conn):
            row = conn.execute(
                "SELECT body FROM jobs WHERE state = 'queued' OR (state = 'running' AND lease_until <= ?) "
                "ORDER BY created_at, id LIMIT 1", (stamp,)).fetchone()
            if row is None:
                return None
            job = _job(row[0])
            job.state, job.attempts, job.worker = "running", job.attempts + 1, worker
            job.lease_until, job.updated_at = datetime.fromisoformat(lease), now
            conn.execute("UPDATE jobs SET state = ?, lease_until = ?, attempts = ?, body = ? WHERE id = ?",
                         (job.state, lease, job.attempts, _body(job), job.id))
            return job

        return self._write(take)

    def renew(self, job: Job, *, now: datetime, lease_seconds: float) -> bool:
        lease = (now + timedelta(seconds=lease_seconds)).isoformat()
        changed = self._write(lambda conn: conn.execute(
            "UPDATE jobs SET lease_until = ?, body = json_set(body, '$.lease_until', ?) "
            "WHERE id = ? AND attempts = ? AND state = 'running'", (lease, lease, job.id, job.attempts)).rowcount)
        return changed == 1

    def finish(self, job: Job, *, now: datetime, result: dict[str, Any]) -> None:
        self._settle(job, now, state="done", result=result, error=None)

    def fail(self, job: Job, *, now: datetime, reason: str) -> None:
        self._settle(job, now, state="failed", error=reason[:500])

    def pending_sha256s(self) -> set[str]:
        with closing(connect(self.path)) as conn:
            rows = conn.execute("SELECT sha256 FROM jobs WHERE state IN ('queued', 'running')").fetchall()
        return {sha256 for (sha256,) in rows}

    def counts(self) -> dict[str, int]:
        with closing(connect(self.path)) as conn:
            found = dict(conn.execute("SELECT state, count(*) FROM jobs GROUP BY state").fetchall())
        return {state: found.get(state, 0) for state in STATES}

    def waiting(self) -> int:
        with closing(connect(self.path)) as conn:
            return conn.execute("SELECT count(*) FROM jobs WHERE state = 'queued'").fetchone()[0]

    def close(self) -> None:
        pass  # each call opens and closes its own connection

    def _settle(self, job: Job, now: datetime, **values: Any) -> None:
        """Only the attempt that holds the job may settle it: a worker that lost its lease changes nothing."""
        def settle(conn):
            row = conn.execute("SELECT body FROM jobs WHERE id = ? AND attempts = ?", (job.id, job.attempts)).fetchone()
            if row is None:
                return
            stored = _job(row[0])
            for key, value in values.items():
                setattr(stored, key, value)
            stored.updated_at, stored.lease_until = now, None
            conn.execute("UPDATE jobs SET state = ?, lease_until = NULL, body = ? WHERE id = ?",
                         (stored.state, _body(stored), job.id))

        self._write(settle)

    def _write(self, work):
        with closing(connect(self.path)) as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = work(conn)
                conn.execute("COMMIT")
                return result
            except BaseException:
                conn.execute("ROLLBACK")
                raise


def _row(job: Job) -> tuple:
    return (job.id, job.state, job.created_at.isoformat(), job.lease_until.isoformat() if job.lease_until else None,
            job.attempts, job.sha256, _body(job))


def _body(job: Job) -> str:
    return json.dumps(job_to_dict(job), ensure_ascii=False, separators=(",", ":"))


def _job(body: str) -> Job:
    return job_from_dict(json.loads(body))
