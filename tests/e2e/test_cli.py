"""The `docarchive` command as a user runs it: JSON lines, summaries, exit codes, readable errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.bad_files import bad_files
from tests.conftest import deployment_env
from tests.ingest.scans import write_text_scans


def docarchive(*args: str, home) -> subprocess.CompletedProcess:
    env = deployment_env(home)
    return subprocess.run([sys.executable, "-m", "docarchive", *args], env=env, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture
def scans(tmp_path):
    return write_text_scans(tmp_path / "scans", count=3)


def test_ingest_json_prints_one_object_per_file_and_show_reads_one_back(tmp_path, scans):
    result = docarchive("ingest", str(tmp_path / "scans"), "--json", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    outcomes = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(outcomes) == 3
    for outcome in outcomes:
        assert set(outcome) >= {"path", "id", "sha256", "status", "doc_type", "customer_no", "pages", "fields", "error"}
        assert outcome["status"] == "ingested" and outcome["pages"] == 1
    assert json.loads(result.stderr.splitlines()[-1])["summary"]["ingested"] == 3

    shown = docarchive("show", outcomes[0]["id"], "--json", home=tmp_path / "home")
    record = json.loads(shown.stdout)
    assert set(record) >= {"id", "sha256", "doc_type", "customer_no", "fields", "pages", "text", "created_at"}
    assert "客户沟通记录" in record["text"]


def test_a_second_run_reports_duplicates_with_the_existing_ids(tmp_path, scans):
    first = docarchive("ingest", str(tmp_path / "scans"), "--json", home=tmp_path / "home")
    second = docarchive("ingest", str(tmp_path / "scans"), "--json", home=tmp_path / "home")
    ids = {json.loads(line)["id"] for line in first.stdout.splitlines()}
    again = [json.loads(line) for line in second.stdout.splitlines()]
    assert {o["status"] for o in again} == {"duplicate"} and {o["id"] for o in again} == ids


def test_bad_files_fail_one_by_one_and_the_rest_of_the_batch_goes_on(tmp_path, scans):
    folder = tmp_path / "scans"
    for name, data in bad_files().items():
        (folder / name).write_bytes(data)
    (folder / "x\\..\\..\\evil\nname\u202e.png").write_bytes(bad_files()["notes.jpg"])
    result = docarchive("ingest", str(folder), "--json", "--jobs", "2", home=tmp_path / "home")
    assert result.returncode == 1
    outcomes = [json.loads(line) for line in result.stdout.splitlines()]
    failed = [o for o in outcomes if o["status"] == "failed"]
    assert len(failed) == len(bad_files()) + 1
    assert all(o["error"] and "\n" not in o["error"] for o in failed)
    assert sum(o["status"] == "ingested" for o in outcomes) == 3


def test_a_missing_path_is_reported_and_fails_the_run(tmp_path):
    result = docarchive("ingest", str(tmp_path / "nowhere"), "--json", home=tmp_path / "home")
    assert result.returncode == 1
    assert json.loads(result.stdout)["error"] == "no such file or folder"


def test_showing_an_unknown_record_is_one_readable_line(tmp_path):
    result = docarchive("show", "NOPE", home=tmp_path / "home")
    assert result.returncode == 2
    assert result.stderr.strip() == "docarchive: error: no document with id NOPE"


def test_a_search_nested_247_deep_is_one_readable_line_not_a_traceback(tmp_path):
    result = docarchive("search", "(" * 247 + "合同" + ")" * 247, home=tmp_path / "home")
    assert result.returncode == 2
    assert result.stderr.startswith("docarchive: error: parentheses are nested more than")
    assert len(result.stderr.splitlines()) == 1


def test_records_without_a_customer_are_listed_as_unassigned(tmp_path, scans):
    docarchive("ingest", str(tmp_path / "scans"), home=tmp_path / "home")
    listed = docarchive("list", "--unassigned", "--json", home=tmp_path / "home")
    assert len(listed.stdout.splitlines()) == 3


def test_search_finds_what_ingest_just_stored(tmp_path, scans):
    docarchive("ingest", str(tmp_path / "scans"), home=tmp_path / "home")
    found = json.loads(docarchive("search", "沟通内容", "--json", home=tmp_path / "home").stdout)
    assert found["total"] == 3 and all("<mark>" in h["snippets"][0] for h in found["hits"])
    bad = docarchive("search", '"unclosed', home=tmp_path / "home")
    assert bad.returncode == 2 and bad.stderr.startswith("docarchive: error: unbalanced quote")
    rebuilt = docarchive("reindex", home=tmp_path / "home")
    assert rebuilt.returncode == 0 and "reindexed 3 records" in rebuilt.stderr
