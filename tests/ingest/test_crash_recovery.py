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
