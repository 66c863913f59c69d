"""The paper archive from the terminal, as the issue's interface lines write it, on either deployment."""

from __future__ import annotations

import json

import pytest

from tests.paper_fixtures import store_records
from tests.e2e.test_cli import docarchive

SHELF = "A库房/03密集架/2列/4节/3层"


@pytest.fixture
def home(tmp_path, container):
    """The `container` fixture's home: records stored through it are what the commands see."""
    return tmp_path / "home"


@pytest.fixture
def records(container):
    return store_records(container.records)


def run_json(*args, home):
    result = docarchive(*args, home=home)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture
def volume(home):
    assert docarchive("location", "add", "--reason", "归档", SHELF, home=home).returncode == 0
    assert docarchive("box", "add", "--reason", "归档", "B-0012", "--location", SHELF, home=home).returncode == 0
    [added] = run_json("volume", "add", "--reason", "归档", "--customer-no", "KH-7", "--box", "B-0012", "--title", "华东机电",
                       "--year", "2025", "--retention", "D10", "--secrecy", "机密", "--json", home=home)
    assert added["archive_no"] == "Z001-KH·2025-D10-DAS-0001" and added["secrecy"] == "机密"
    return added["archive_no"]


def test_a_filed_record_is_located_with_its_whole_paper_address(home, volume, records):
    filed = docarchive("file", "--reason", "归档", records[0], "--volume", volume, "--item", "1", "--pages", "1-2", home=home)
    assert filed.returncode == 0, filed.stderr
    [found] = run_json("locate", records[0], "--json", home=home)
    paper = found["paper"]
    assert found["document_id"] == records[0]
    assert (paper["archive_no"], paper["item"], paper["pages"], paper["box"]) == (volume, 1, [1, 2], "B-0012")
    assert paper["location_path"] == "A库房 / 03密集架 2列4节3层 / 盒 B-0012" and paper["location"]["path"] == SHELF
    text = docarchive("locate", records[0], home=home).stdout.strip()
    assert text == f"A库房 / 03密集架 2列4节3层 / 盒 B-0012 / 卷 {volume} / 第1件 第1–2页"


def test_an_unfiled_record_locates_to_no_paper_with_a_reason(home, records):
    [found] = run_json("locate", records[1], "--json", home=home)
    assert found["paper"] is None and found["reason"]


def test_bulk_filing_from_arguments_and_from_a_list_keeps_scan_order(home, tmp_path, volume, records):
    assert len(run_json("file", "--reason", "归档", "--volume", volume, records[1], records[0], "--json", home=home)) == 2
    (tmp_path / "scan-order.txt").write_text(records[2] + "\n")
    [last] = run_json("file", "--reason", "归档", "--volume", volume, "--from", str(tmp_path / "scan-order.txt"), "--json", home=home)
    assert last["item"] == 3 and last["pages"] == [5, 6]
    [catalogue] = run_json("volume", "show", volume, "--json", home=home)
    assert [i["document_id"] for i in catalogue["catalogue"]] == [records[1], records[0], records[2]]


def test_a_box_move_is_answerable_by_date(home, volume):
    docarchive("location", "add", "--reason", "归档", "B库房/01档案柜/1层", home=home)
    moved = docarchive("box", "move", "B-0012", "--to", "B库房/01档案柜/1层", "--reason", "搬库", home=home)
    assert moved.returncode == 0, moved.stderr
    [now] = run_json("volume", "where", volume, "--json", home=home)
    assert now["location_path"] == "B库房 / 01档案柜 1层"
    [history] = run_json("volume", "history", volume, "--json", home=home)[:1]
    assert history["from"]["location_path"] == "A库房 / 03密集架 2列4节3层" and history["reason"] == "搬库"
    gone = docarchive("volume", "where", volume, "--at", "2001-01-01", home=home)
    assert gone.returncode == 2 and "did not exist yet" in gone.stderr


def test_inventory_reads_the_scanned_codes_from_a_file(home, tmp_path, volume):
    docarchive("box", "add", "--reason", "归档", "B-0013", "--location", SHELF, home=home)
    (tmp_path / "scanned.txt").write_text("B-0012\nB-7777\n")
    [report] = run_json("inventory", "--location", SHELF, str(tmp_path / "scanned.txt"), "--json", home=home)
    assert report["counts"] == {"found": 2, "missing": 1, "misplaced": 0, "unknown": 1, "on_loan": 0, "set_apart": 0,
                                "destroyed": 0, "scanned": 2}


@pytest.mark.parametrize("args, message", [
    (("locate", "B-"), "is not a volume archive number"),
    (("locate", "B-4040"), "no box B-4040"),
    (("box", "add", "--reason", "归档", "B-1", "--location", "无此库房"), "no location 无此库房"),
    (("file", "--reason", "归档", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "--volume", "Z001-KH·2025-Y-DAS-0001"), "no document"),
    (("volume", "add", "--reason", "归档", "--customer-no", "KH-1", "--box", "B-404"), "no box B-404"),
])
def test_mistakes_are_one_readable_line_and_exit_2(home, args, message):
    result = docarchive(*args, home=home)
    assert result.returncode == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
