"""The customer file from the terminal: activity entries, catalogue, moves, completeness and reports."""

from __future__ import annotations

import json

import pytest

from tests.e2e.test_cli import docarchive
from tests.ingest.scans import write_text_scans


@pytest.fixture
def home(tmp_path):
    """A customer KH-5 whose file holds one scanned 客户沟通记录."""
    write_text_scans(tmp_path / "scans", count=1)
    home = tmp_path / "home"
    result = docarchive("ingest", str(tmp_path / "scans"), "--customer-no", "KH-5", "--json", home=home)
    assert result.returncode == 0, result.stderr
    return home


def test_an_activity_added_from_the_terminal_is_listed_and_searchable(home):
    added = docarchive("customer", "activity", "add", "KH-5", "--kind", "complaint", "--at", "2026-01-10",
                       "--content", "发票金额开错", "--handling", "作废重开", "--json", home=home)
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["category"] == "投诉与处理"
    listed = docarchive("customer", "activity", "list", "KH-5", "--json", home=home)
    assert [json.loads(line)["details"]["content"] for line in listed.stdout.splitlines()] == ["发票金额开错"]
    found = json.loads(docarchive("search", "发票金额", "--json", home=home).stdout)
    assert [h["doc_type"] for h in found["hits"]] == ["activity"]
    rebuilt = docarchive("reindex", home=home)
    assert rebuilt.returncode == 0 and "reindexed 2 records" in rebuilt.stderr


def test_a_bad_activity_is_one_readable_line_and_a_failure(home):
    result = docarchive("customer", "activity", "add", "KH-5", "--kind", "transaction", "--at", "2026-01-10",
                        "--product", "机床", "--quantity", "-1", "--amount", "10", home=home)
    assert result.returncode == 2
    assert result.stderr.strip() == "docarchive: error: quantity must be more than 0"


def test_moving_a_record_changes_its_catalogue_and_needs_a_reason(home):
    catalogue = json.loads(docarchive("customer", "catalogue", "KH-5", "--category", "沟通记录", home=home).stdout)
    [item] = catalogue["items"]
    assert item["no"] == 1 and item["pages"] == 1 and item["title"].startswith("客户沟通记录")

    refused = docarchive("record", "move", item["document_id"], "--category", "其他", "--reason", " ", home=home)
    assert refused.returncode == 2 and "reason for the change is required" in refused.stderr
    moved = docarchive("record", "move", item["document_id"], "--category", "投诉与处理", "--reason", "实为投诉",
                       "--json", home=home)
    assert moved.returncode == 0, moved.stderr
    assert json.loads(moved.stdout)["category"] == "投诉与处理"
    after = json.loads(docarchive("customer", "catalogue", "KH-5", "--category", "投诉与处理", home=home).stdout)
    assert [i["document_id"] for i in after["items"]] == [item["document_id"]]
    history = docarchive("record", "history", item["document_id"], "--json", home=home)
    entry, arrival = [json.loads(line) for line in history.stdout.splitlines()]  # newest first
    assert entry["reason"] == "实为投诉" and entry["changes"]["category"] == {"before": "沟通记录", "after": "投诉与处理"}
    assert arrival["reason"].startswith("linked on arrival") and arrival["changes"]["customer_no"]["after"] == "KH-5"


def test_the_catalogue_is_written_as_pdf_or_xlsx(home, tmp_path):
    pdf = docarchive("customer", "catalogue", "KH-5", "--format", "pdf", "--output", str(tmp_path / "c.pdf"),
                     home=home)
    assert pdf.returncode == 0 and (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")
    xlsx = docarchive("customer", "catalogue", "KH-5", "--format", "xlsx", "--output", str(tmp_path / "c.xlsx"),
                      home=home)
    assert xlsx.returncode == 0 and (tmp_path / "c.xlsx").read_bytes().startswith(b"PK")
    missing = docarchive("customer", "catalogue", "KH-5", "--format", "pdf", home=home)
    assert missing.returncode == 2 and "--output" in missing.stderr


def test_completeness_report_and_review_from_the_terminal(home):
    report = json.loads(docarchive("report", "completeness", "--json", home=home).stdout)
    assert (report["customers"], report["complete"]) == (1, 0)
    assert [m["key"] for m in report["files"][0]["missing"]] == ["archive_card", "contract"]
    one = json.loads(docarchive("customer", "completeness", "KH-5", "--json", home=home).stdout)
    assert one["customer_type"] == "default" and one["complete"] is False
    reviewed = docarchive("customer", "review", "KH-5", "--note", "上门回访", home=home)
    assert reviewed.returncode == 0 and "reviewed at" in reviewed.stdout
    due = docarchive("report", "review-due", "--json", home=home)
    assert due.returncode == 0 and due.stdout == ""


def test_refreshing_completeness_rechecks_the_files_only_once(home):
    first = docarchive("report", "refresh-completeness", home=home)
    assert first.returncode == 0 and first.stdout.strip() == "rechecked 0 files", first.stderr  # kept at commit
    rate = json.loads(docarchive("stats", "--json", home=home).stdout)["completeness_rate"]
    assert rate == 0.0
