"""The JobQueue port on every backend: oldest first, one claimer per attempt, leases that run out, and only
the attempt holding a job settles it."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from docarchive.domain.errors import NotFound
from docarchive.domain.principal import Principal
from docarchive.ports.jobs import Job

NOW = datetime(2026, 5, 6, 9, 30, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "mongo"])
def queue(request, tmp_path):
    if request.param == "sqlite":
        from docarchive.adapters.jobs.sqlite import SqliteJobQueue

        jobs = SqliteJobQueue(tmp_path / "records.sqlite3")
    else:
        url, database = request.getfixturevalue("mongo_database")
        from docarchive.adapters.jobs.mongo import MongoJobQueue

        jobs = MongoJobQueue(url, database=database)
    yield jobs
    jobs.close()


def job(n: int, **extra) -> Job:
    return Job(id=f"job-{n}", sha256=f"{n:064d}", filename=f"{n}.png", created_at=NOW + timedelta(seconds=n),
               updated_at=NOW, **extra)


def test_a_queued_job_reads_back_with_who_sent_it(queue):
    queue.enqueue(job(1, customer_no="KH-1", submitted_by=Principal("王芳", ("archivist",), "档案室")))
    found = queue.get("job-1")
    assert (found.state, found.customer_no, found.submitted_by.user) == ("queued", "KH-1", "王芳")
    with pytest.raises(NotFound):
        queue.get("job-0")


def test_jobs_are_claimed_oldest_first_and_once(queue):
    for n in (2, 1, 3):
        queue.enqueue(job(n))
    assert queue.waiting() == 3
    claimed = [queue.claim(worker="w", now=NOW, lease_seconds=60) for _ in range(4)]
    assert [c.id if c else None for c in claimed] == ["job-1", "job-2", "job-3", None]
    assert claimed[0].state == "running" and claimed[0].attempts == 1 and claimed[0].worker == "w"
    assert queue.counts() == {"queued": 0, "running": 3, "done": 0, "failed": 0} and queue.waiting() == 0


def test_racing_workers_never_claim_the_same_job(queue):
    for n in range(12):
        queue.enqueue(job(n))
    won: list[str] = []

    def work(name):
        while (claimed := queue.claim(worker=name, now=NOW, lease_seconds=60)) is not None:
            won.append(claimed.id)

    threads = [threading.Thread(target=work, args=(f"w{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) == sorted(f"job-{n}" for n in range(12))


def test_a_job_whose_lease_ran_out_goes_to_another_worker_and_the_first_cannot_settle_it(queue):
    queue.enqueue(job(1))
    first = queue.claim(worker="w1", now=NOW, lease_seconds=10)
    assert queue.claim(worker="w2", now=NOW + timedelta(seconds=5), lease_seconds=10) is None
    assert queue.renew(first, now=NOW + timedelta(seconds=5), lease_seconds=10)
    second = queue.claim(worker="w2", now=NOW + timedelta(seconds=16), lease_seconds=10)
    assert second.attempts == 2 and not queue.renew(first, now=NOW + timedelta(seconds=16), lease_seconds=10)
    queue.fail(first, now=NOW, reason="too late")
    assert queue.get("job-1").state == "running"
    queue.finish(second, now=NOW, result={"id": "doc-1", "status": "ingested"})
    done = queue.get("job-1")
    assert (done.state, done.result["id"], done.lease_until) == ("done", "doc-1", None)


def test_pending_uploads_are_known_until_settled(queue):
    queue.enqueue(job(1))
    queue.enqueue(job(2))
    claimed = queue.claim(worker="w", now=NOW, lease_seconds=60)
    assert queue.pending_sha256s() == {f"{1:064d}", f"{2:064d}"}
    queue.fail(claimed, now=NOW, reason="damaged")
    assert queue.pending_sha256s() == {f"{2:064d}"} and queue.get("job-1").error == "damaged"
