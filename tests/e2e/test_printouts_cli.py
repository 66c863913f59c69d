"""`docarchive label` and `docarchive volume print` as a user runs them, and the printed label scanned back in
through `docarchive ingest`; on both deployments."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from docarchive.ingest.barcodes import find_codes
from tests.conftest import deployment_env
from tests.ingest.labelled_scans import as_file, scanned
from tests.printing.pages import page_images, page_texts

SHELF = "A库房/03密集架/2列/4节/3层"


def docarchive(*args: str, home, user: str = "王档案") -> subprocess.CompletedProcess:
    env = deployment_env(home, DOCARCHIVE_USER=user)
    return subprocess.run([sys.executable, "-m", "docarchive", *args], env=env, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture
def home(tmp_path):
    return tmp_path / "home"


@pytest.fixture
def archive_no(home):
    for args in (("location", "add", "--reason", "整理归档", SHELF),
                 ("box", "add", "--reason", "整理归档", "B-0012", "--location", SHELF)):
        assert docarchive(*args, home=home).returncode == 0
    added = docarchive("volume", "add", "--reason", "整理归档", "--customer-no", "KH-1", "--box", "B-0012",
                       "--retention", "D30",
                       "--year", "2026", "--json", home=home)
    assert added.returncode == 0, added.stderr
    return json.loads(added.stdout)["archive_no"]


def test_label_writes_one_pdf_with_a_label_per_code(home, tmp_path, archive_no):
    out = tmp_path / "labels.pdf"
    result = docarchive("label", archive_no, "B-0012", "--out", str(out), home=home)
    assert result.returncode == 0, result.stderr
    (page,) = page_images(out.read_bytes(), dpi=150)
    assert sorted(found.text for found in find_codes(page)) == sorted([archive_no, "B-0012"])


def test_a_scanned_label_ingested_from_the_command_line_is_filed_and_located(home, tmp_path, archive_no):
    out = tmp_path / "label.pdf"
    assert docarchive("label", archive_no, "--out", str(out), home=home).returncode == 0
    scan = tmp_path / "scans" / "label.png"
    scan.parent.mkdir()
    scan.write_bytes(as_file(scanned(out.read_bytes()), "PNG"))
    ingested = docarchive("ingest", str(scan), "--json", home=home)
    assert ingested.returncode == 0, ingested.stderr
    outcome = json.loads(ingested.stdout)
    assert outcome["paper"] == {"archive_no": archive_no, "item": 1, "pages": [1, 1]}
    located = json.loads(docarchive("locate", outcome["id"], "--json", home=home).stdout)
    assert located["paper"]["archive_no"] == archive_no and located["paper"]["box"] == "B-0012"


def test_volume_print_writes_the_catalogue_and_can_mark_it_printed(home, tmp_path, archive_no):
    out = tmp_path / "catalogue.pdf"
    result = docarchive("volume", "print", archive_no, "--catalogue", "--out", str(out), "--mark-printed", home=home)
    assert result.returncode == 0, result.stderr
    assert "卷内目录" in "".join(page_texts(out.read_bytes())[0].split())
    shown = json.loads(docarchive("volume", "show", archive_no, "--json", home=home).stdout)
    assert shown["printed_version"] == shown["catalogue_version"]


def test_volume_print_notes_writes_the_notes_sheet(home, tmp_path, archive_no):
    out = tmp_path / "notes.pdf"
    assert docarchive("volume", "print", archive_no, "--notes", "--out", str(out), home=home).returncode == 0
    text = "".join(page_texts(out.read_bytes())[0].split())
    assert "备考表" in text and "王档案" in text  # 立卷人: who opened the volume


def test_a_bad_code_or_unwritable_file_fails_with_one_readable_line_and_no_file(home, tmp_path, archive_no):
    out = tmp_path / "label.pdf"
    for args, says in ((("label", "B-9999", "--out", str(out)), "B-9999"),
                       (("label", "nonsense!", "--out", str(out)), "not a volume archive number"),
                       (("label", archive_no, "--out", str(tmp_path / "missing" / "x.pdf")), "cannot write")):
        result = docarchive(*args, home=home)
        assert result.returncode == 2 and says in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not out.exists() and not list(tmp_path.glob("**/*.partial"))
