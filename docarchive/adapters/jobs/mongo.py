"""The ingest job queue in MongoDB. A claim is won by a unique-key insert (atomic on every MongoDB-wire
server), not by a conditional update, which FerretDB v1 does not apply atomically."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pymongo import ASCENDING

from docarchive.adapters._mongo import connect, insert_claim, mongo_errors
from docarchive.domain.errors import NotFound
from docarchive.adapters.jobs.codec import job_from_dict, job_to_dict
from docarchive.ports.jobs import Job

INDEXES = [
    ("jobs_ready", [("state", ASCENDING), ("created_at", ASCENDING), ("_id", ASCENDING)]),
    ("jobs_lease", [("state", ASCENDING), ("lease_until", ASCENDING)]),
]


class MongoJobQueue:
    def __init__(self, url: str, *, database: str = "docarchive"):
        self.client, db = connect(url, database)
        self._jobs, self._claims = db["jobs"], db["job_claims"]
        with mongo_errors("create the job indexes"):
            for name, keys in INDEXES:
                self._jobs.create_index(keys, name=name)

    def enqueue(self, job: Job) -> Job:
        with mongo_errors("queue an ingest job"):
            self._jobs.insert_one(_to_row(job))
        return job

    def get(self, job_id: str) -> Job:
        with mongo_errors("read a job"):
            row = self._jobs.find_one({"_id": job_id})
        if row is None:
            raise NotFound(f"no job with id {job_id}")
        return _from_row(row)

    def claim(self, *, worker: str, now: datetime, lease_seconds: float) -> Job | None:
        stamp = now.isoformat()
        ready = {"$or": [{"state": "queued"}, {"state": "running", "lease_until": {"$lte": stamp}}]}
        with mongo_errors("claim a job"):
            for row in self._jobs.find(ready).sort([("created_at", 1), ("_id", 1)]).limit(20):
                attempt = row.get("attempts", 0) + 1
                if not insert_claim(self._claims, f"{row['_id']}:{attempt}"):
                    continue  # another worker won this attempt
                lease = (now + timedelta(seconds=lease_seconds)).isoformat()
                self._jobs.update_one({"_id": row["_id"]}, {"$set": {
                    "state": "running", "attempts": attempt, "worker": worker, "lease_until": lease,
                    "updated_at": stamp}})
                return self.get(row["_id"])
        return None

    def renew(self, job: Job, *, now: datetime, lease_seconds: float) -> bool:
        lease = (now + timedelta(seconds=lease_seconds)).isoformat()
        with mongo_errors("renew a job's lease"):
            renewed = self._jobs.update_one({"_id": job.id, "worker": job.worker, "attempts": job.attempts},
                                            {"$set": {"lease_until": lease}})
        return renewed.modified_count == 1

    def finish(self, job: Job, *, now: datetime, result: dict[str, Any]) -> None:
        self._settle(job, now, {"state": "done", "result": result, "error": None})

    def fail(self, job: Job, *, now: datetime, reason: str) -> None:
        self._settle(job, now, {"state": "failed", "error": reason[:500]})

    def pending_sha256s(self) -> set[str]:
        with mongo_errors("list queued uploads"):
            rows = self._jobs.find({"state": {"$in": ["queued", "running"]}}, {"sha256": 1})
            return {row["sha256"] for row in rows}

    def counts(self) -> dict[str, int]:
        with mongo_errors("count jobs"):
            return {state: self._jobs.count_documents({"state": state})
                    for state in ("queued", "running", "done", "failed")}

    def waiting(self) -> int:
        with mongo_errors("count queued jobs"):
            return self._jobs.count_documents({"state": "queued"})

    def close(self) -> None:
        self.client.close()

    def _settle(self, job: Job, now: datetime, values: dict[str, Any]) -> None:
        # Only the attempt that holds the job may settle it: a worker that lost its lease changes nothing.
        with mongo_errors("settle a job"):
            self._jobs.update_one({"_id": job.id, "attempts": job.attempts},
                                  {"$set": {**values, "updated_at": now.isoformat(), "lease_until": None}})


def _to_row(job: Job) -> dict[str, Any]:
    row = job_to_dict(job)
    row["_id"] = row.pop("id")
    return row


def _from_row(row: dict[str, Any]) -> Job:
    values = dict(row)
    values["id"] = values.pop("_id")
    return job_from_dict(values)
