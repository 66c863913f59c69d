"""Scale deployment: uploads are queued, workers claim them under a lease, a killed worker's job is finished
by another, and every upload becomes exactly one record."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager

import pytest

from docarchive.bootstrap import bootstrap
from docarchive.domain.ids import new_id
from docarchive.ports.jobs import Job
from docarchive.services.jobs import process_next_job, queue_upload
from tests.conftest import TEST_DATA_KEYS
from tests.contract.conftest import require_backend
from tests.ingest.scans import write_text_scans

pytestmark = pytest.mark.slow


@pytest.fixture
def scale(settings, clock, tmp_path):
    mongo_url = require_backend("DOCARCHIVE_MONGO_URL")
    database = f"test_{uuid.uuid4().hex[:12]}"
    scaled = settings.model_copy(update={"mongo_url": mongo_url, "mongo_database": database, "es_url": None,
                                         "job_lease_seconds": 3.0, "ocr_engine": "tesseract",
                                         "data_keys": json.loads(TEST_DATA_KEYS)})
    container = bootstrap(scaled)
    yield container
    container.close()


def queue_scans(container, folder, count):
    paths = sorted(write_text_scans(folder, count=count))
    return [queue_upload(container, filename=p.name, data=p.read_bytes(), customer_no=None, engine=None)
            for p in paths]


def worker_process(container) -> subprocess.Popen:
    settings = container.settings
    env = {**os.environ, "DOCARCHIVE_HOME": str(settings.home), "DOCARCHIVE_MONGO_URL": settings.mongo_url,
           "DOCARCHIVE_MONGO_DATABASE": settings.mongo_database, "DOCARCHIVE_JOB_LEASE_SECONDS": "3",
           "DOCARCHIVE_OCR_ENGINE": "tesseract", "DOCARCHIVE_JOBS": "1", "DOCARCHIVE_DATA_KEYS": TEST_DATA_KEYS}
    env.pop("DOCARCHIVE_ES_URL", None)
    return subprocess.Popen([sys.executable, "-m", "docarchive", "worker"], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@contextmanager
def running_worker(container):
    process = worker_process(container)
    try:
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def wait_until(predicate, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_queued_uploads_are_ingested_by_a_worker_and_reported_done(scale, tmp_path):
    jobs = queue_scans(scale, tmp_path / "scans", 2)
    assert all(isinstance(job, Job) and job.state == "queued" for job in jobs)
    assert scale.jobs.counts()["queued"] == 2
    while process_next_job(scale, worker="w1"):
        pass
    done = [scale.jobs.get(job.id) for job in jobs]
    assert {job.state for job in done} == {"done"}
    with scale.records.unit_of_work(readonly=True) as uow:
        assert {uow.documents.get(job.result["id"]).sha256 for job in done} == {job.sha256 for job in jobs}


def test_a_worker_killed_mid_job_loses_its_lease_and_another_finishes_the_job_once(scale, tmp_path):
    jobs = queue_scans(scale, tmp_path / "scans", 3)
    first = worker_process(scale)
    assert wait_until(lambda: scale.jobs.counts()["running"] >= 1), first.stderr.read1().decode()
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    stuck = scale.jobs.counts()
    assert stuck["done"] < 3
    time.sleep(3.2)  # the dead worker's lease runs out
    with running_worker(scale):
        assert wait_until(lambda: scale.jobs.counts()["done"] == 3, timeout=180)
    with scale.records.unit_of_work(readonly=True) as uow:
        assert uow.documents.count() == 3
        assert sorted(uow.documents.sha256s()) == sorted(job.sha256 for job in jobs)


def test_a_job_that_cannot_be_read_fails_with_its_reason(scale):
    sha256 = scale.blobs.put(b"%PDF-1.7 this is not really a pdf")
    job = scale.jobs.enqueue(Job(id=new_id(), sha256=sha256, filename="broken.pdf", created_at=scale.clock.now(),
                                 updated_at=scale.clock.now()))
    process_next_job(scale, worker="w1")
    failed = scale.jobs.get(job.id)
    assert failed.state == "failed" and "damaged" in failed.error


def test_a_bad_or_duplicate_upload_is_answered_at_once_not_queued(scale, tmp_path):
    (job,) = queue_scans(scale, tmp_path / "scans", 1)
    while process_next_job(scale, worker="w1"):
        pass
    again = queue_upload(scale, filename="again.png", data=(tmp_path / "scans" / "scan-000.png").read_bytes(),
                         customer_no=None, engine=None)
    assert again.status == "duplicate" and again.document_id == scale.jobs.get(job.id).result["id"]
    bad = queue_upload(scale, filename="x.jpg", data=b"not an image", customer_no=None, engine=None)
    assert bad.status == "failed" and "not a" in bad.error
    assert scale.jobs.counts()["queued"] == 0


def worker_children(parent: int) -> list[int]:
    """The supervisor's worker processes (not multiprocessing's resource tracker)."""
    found = subprocess.run(["pgrep", "-P", str(parent), "-f", "spawn_main"], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


def test_a_worker_process_that_dies_is_replaced_and_its_job_finished(scale, tmp_path):
    queue_scans(scale, tmp_path / "scans", 2)
    with running_worker(scale) as supervisor:
        assert wait_until(lambda: scale.jobs.counts()["running"] >= 1), supervisor.stderr.read1().decode()
        (child,) = worker_children(supervisor.pid)
        os.kill(child, signal.SIGKILL)
        assert wait_until(lambda: worker_children(supervisor.pid) not in ([], [child]), timeout=30)
        assert wait_until(lambda: scale.jobs.counts()["done"] == 2, timeout=180)
    with scale.records.unit_of_work(readonly=True) as uow:
        assert uow.documents.count() == 2


def test_workers_whose_supervisor_is_killed_end_by_themselves(scale):
    supervisor = worker_process(scale)
    assert wait_until(lambda: len(worker_children(supervisor.pid)) == 1, timeout=30)
    (child,) = worker_children(supervisor.pid)
    supervisor.kill()  # the supervisor alone: its child is orphaned
    supervisor.wait()
    assert wait_until(lambda: not os.path.exists(f"/proc/{child}") or _zombie(child), timeout=30)


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1].startswith("Z")
    except FileNotFoundError:
        return True


def test_a_queued_scan_is_ingested_on_behalf_of_whoever_uploaded_it(scale):
    from docarchive.domain.principal import Principal
    from docarchive.services.printouts import labels_pdf
    from tests.ingest.labelled_scans import ARCHIVIST, add_volume, as_file, scanned

    archive_no = add_volume(scale)
    (label,) = scanned(labels_pdf(scale.records, [archive_no], rule=scale.archive_no_rule, principal=ARCHIVIST))
    job = queue_upload(scale, filename="label.png", data=as_file([label], "PNG"), customer_no=None, engine=None,
                       principal=Principal("wang.fang", ("archivist",)))
    assert scale.jobs.get(job.id).submitted_by.user == "wang.fang"
    process_next_job(scale, worker="w1")
    done = scale.jobs.get(job.id)
    with scale.records.unit_of_work(readonly=True) as uow:
        history = uow.paper_history.of(f"document:{done.result['id']}")
    assert done.state == "done" and [(h.by, h.action) for h in history] == [("wang.fang", "file")]


def test_signals_to_the_whole_process_group_stop_every_worker(scale):
    supervisor = worker_process(scale)
    assert wait_until(lambda: len(worker_children(supervisor.pid)) == 1, timeout=30)
    children = worker_children(supervisor.pid)
    for _ in range(3):  # the supervisor passes each on as well: every child gets several at once
        os.killpg(supervisor.pid, signal.SIGTERM)
        time.sleep(0.01)
    supervisor.wait(timeout=60)
    assert wait_until(lambda: all(_zombie(child) for child in children), timeout=60)


def test_a_queued_upload_is_hashed_and_stored_once(scale, monkeypatch):
    """Ingest hashes an upload when it arrives and stores it once; the worker reads it back by that hash (the
    blob store's own check of the bytes it returns is fixity, not ingest work)."""
    from types import SimpleNamespace

    from docarchive.ingest.steps import prepare
    from tests.text_pdfs import complaint

    data = complaint("KH-2024-00042")
    puts, hashes = [], []
    real_put = scale.blobs.put
    monkeypatch.setattr(scale.blobs, "put", lambda blob: puts.append(len(blob)) or real_put(blob))
    counting = SimpleNamespace(sha256=lambda blob: hashes.append(len(blob)) or hashlib.sha256(blob))
    monkeypatch.setattr(prepare, "hashlib", counting)
    job = queue_upload(scale, filename="complaint.pdf", data=data, customer_no=None, engine=None)
    while process_next_job(scale, worker="w1"):
        pass
    assert scale.jobs.get(job.id).state == "done"
    assert puts == [len(data)] and hashes == [len(data)]
