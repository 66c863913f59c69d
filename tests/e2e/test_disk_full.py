"""A full disk, for real: small tmpfs mounts in an unprivileged user namespace (`unshare -rm`, no root), one
under the originals, one under the database, one under the page cache. The write that finds no room fails
with one line (no traceback); what was stored before reads back intact.

Embedded default only: on the scale deployment the database's disk is MongoDB's."""

from __future__ import annotations

import shutil
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SCALE
from tests.text_pdfs import complaint


def _namespaces_work() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    return probe.returncode == 0


pytestmark = [pytest.mark.skipif(SCALE, reason="the scale deployment's database disk is MongoDB's"),
              pytest.mark.skipif(not _namespaces_work(), reason="no unprivileged user namespaces here")]

DOCARCHIVE = f"{sys.executable} -m docarchive"
# Each original read back through the blob store (which checks its SHA-256) and its first page drawn.
CHECK = """
import sys
from docarchive.bootstrap import bootstrap
from docarchive.domain.principal import LOCAL_ARCHIVIST
from docarchive.services.documents import page_png
c = bootstrap()
with c.records.unit_of_work(readonly=True) as uow:
    documents = uow.documents.scan()
for d in documents:
    assert c.blobs.get(d.sha256)
    assert page_png(c.records, c.blobs, c.page_cache, d.id, 1, width=200, principal=LOCAL_ARCHIVIST)
print(f"intact {len(documents)}")
"""


def _run_full(tmp_path: Path, full: str) -> subprocess.CompletedProcess:
    """Ingest 3 files, fill the disk under `full` (blobs, home or cache), ingest one more file. The database's
    disk keeps 40 KB, so it still opens and only the new record's write finds no room."""
    (tmp_path / "scans").mkdir()
    for i in range(3):  # text PDFs: no OCR, so the three cases stay quick
        (tmp_path / "scans" / f"early-{i}.pdf").write_bytes(complaint(f"KH-2024-0005{i}"))
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "late.pdf").write_bytes(complaint("KH-2024-00077"))
    (tmp_path / "check.py").write_text(CHECK)
    disk, home = tmp_path / "disk", tmp_path / "home"
    outside = {"blobs": "blobs", "cache": "cache"}.get(full)
    script = f"""
set -u
mkdir -p {disk} {home}
mount -t tmpfs -o size=4m tmpfs {disk}
export DOCARCHIVE_HOME={disk / 'home' if full == 'home' else home} DOCARCHIVE_OCR_ENGINE=tesseract
mkdir -p $DOCARCHIVE_HOME
{f'mkdir -p {disk}/{outside} && ln -s {disk}/{outside} $DOCARCHIVE_HOME/{outside}' if outside else ''}
{DOCARCHIVE} ingest {tmp_path / 'scans'} --jobs 1 >/dev/null || exit 9
{DOCARCHIVE} status >/dev/null
avail=$(df -k {disk} | tail -1 | awk '{{print $4}}')
dd if=/dev/zero of={disk}/filler bs=1k count=$((avail - {40 if full == 'home' else 0})) 2>/dev/null
echo "--- full"
{DOCARCHIVE} ingest {tmp_path / 'more'} --jobs 1
echo "exit $?"
cd {Path(__file__).parents[2]} && {sys.executable} {tmp_path / 'check.py'}
"""
    # the embedded default only: a tmpfs fills up here, not on the scale deployment's servers
    embedded = {k: v for k, v in os.environ.items() if k not in ("DOCARCHIVE_ES_URL", "DOCARCHIVE_MONGO_URL")}
    return subprocess.run(["unshare", "-rm", "bash", "-c", script], capture_output=True, text=True, timeout=300,
                          env=embedded)


@pytest.mark.parametrize("full", ["blobs", "home"])
def test_a_full_disk_fails_the_file_in_one_line_and_harms_nothing_stored(tmp_path, full):
    done = _run_full(tmp_path, full)
    out = done.stdout.split("--- full\n", 1)[-1]
    assert "Traceback" not in done.stderr + done.stdout, done.stderr[-3000:]
    assert "FAILED" in out and "the disk is full" in out and "exit 1" in out, done.stdout + done.stderr
    assert "intact 3" in out, done.stderr[-3000:]


def test_a_page_cache_on_a_full_disk_still_serves_the_pages(tmp_path):
    """The check script draws each page with the cache's disk full: each is answered, none is kept."""
    done = _run_full(tmp_path, "cache")
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert "intact 4" in done.stdout, done.stdout + done.stderr
