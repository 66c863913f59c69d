"""A batch killed with SIGKILL mid-way, then re-run, ends with every file stored once and no orphans."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import deployment_env
from tests.ingest.scans import write_text_scans

pytestmark = pytest.mark.slow


def _stored_count(database: Path) -> int:
    if not database.exists():
        return 0
    try:
        with sqlite3.connect(database, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _ingest(folder: Path, home: Path) -> subprocess.Popen:
    env = deployment_env(home, DOCARCHIVE_OCR_ENGINE="tesseract")
    return subprocess.Popen(
        [sys.executable, "-m", "docarchive", "ingest", str(folder), "--json", "--jobs", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )


def test_a_killed_batch_finishes_on_rerun_without_duplicates_or_orphans(tmp_path):
    folder = tmp_path / "scans"
    truths = write_text_scans(folder, count=12)
    home = tmp_path / "home"
    first = _ingest(folder, home)
    deadline = time.monotonic() + 240
    while _stored_count(home / "docarchive.sqlite3") < 2 and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    stored_before = _stored_count(home / "docarchive.sqlite3")
    assert 0 < stored_before < len(truths), "the kill should land mid-batch"

    second = _ingest(folder, home)
    out, err = second.communicate(timeout=600)
    assert second.returncode == 0, err.decode()[-2000:]

    from docarchive.adapters.blobs.filesystem import FilesystemBlobStore
    from docarchive.adapters.records.sqlite import SqliteRecordStore

    store = SqliteRecordStore(home / "docarchive.sqlite3")
    with store.unit_of_work(readonly=True) as uow:
        hashes = list(uow.documents.sha256s())
        assert uow.documents.count() == len(truths)
    assert len(set(hashes)) == len(truths)
    assert set(FilesystemBlobStore(home / "blobs").keys()) == set(hashes)


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(child) for child in found]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"  # a zombie has ended; it waits to be reaped
    except FileNotFoundError:
        return False


def test_the_workers_of_a_batch_killed_outright_end_with_it(tmp_path):
    """`kill -9` of the ingest process alone (not its group, as a user's kill does): its pool workers end too."""
    folder = tmp_path / "scans"
    write_text_scans(folder, count=8)
    batch = _ingest(folder, tmp_path / "home")
    deadline = time.monotonic() + 120
    while len(workers := _children(batch.pid)) < 2 and time.monotonic() < deadline and batch.poll() is None:
        time.sleep(0.1)
    assert len(workers) >= 2, "the batch should have started its pool"
    time.sleep(2)  # the workers are initialised and reading
    os.kill(batch.pid, signal.SIGKILL)
    batch.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:  # leave nothing behind for the next test, whatever the outcome
        os.kill(pid, signal.SIGKILL)
    assert not left, f"pool workers {left} outlived their parent"
