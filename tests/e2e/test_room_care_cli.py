"""`docarchive room` as the archive room runs it (库房管理): a reading typed at the desk, a check with its findings,
the room's flags in `room status`, `locate` and `location list`, the report; bad input in one line."""

from __future__ import annotations

import json

import pytest

from tests.e2e.test_approval_cli import docarchive


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    added = docarchive("location", "add", "A库房/03密集架/2列/4节/3层", "--reason", "新库房", home=home)
    assert added.returncode == 0, added.stderr
    return home


def test_a_reading_and_a_failed_check_flag_the_room_in_status_locate_and_the_location_list(home):
    typed = docarchive("room", "reading", "A库房", "--temperature", "26.5", "--humidity", "58", "--json", home=home)
    assert typed.returncode == 0, typed.stderr
    assert [flag["kind"] for flag in json.loads(typed.stdout)["flags"]] == ["temperature"]
    checked = docarchive("room", "check", "L-000001", "--kind", "pests", "--problem", "--findings", "发现蠹虫",
                         "--actions", "熏蒸", home=home)
    assert checked.returncode == 0 and "发现问题：发现蠹虫" in checked.stdout
    status = json.loads(docarchive("room", "status", "A库房", "--json", home=home).stdout)
    assert {flag["kind"] for flag in status["flags"]} == {"temperature", "check_failed"}
    located = docarchive("locate", "L-000005", home=home)
    assert "库房: 温度 26.5°C 超出 14–24°C" in located.stdout
    assert "[温度 26.5°C" in docarchive("location", "list", home=home).stdout
    report = json.loads(docarchive("room", "report", "--json", home=home).stdout)
    assert report["flagged"] == 1 and report["rooms"][0]["out_of_range"][0]["temperature"] == 26.5


BAD_INPUT = [
    (("reading", "A库房", "--temperature", "warm", "--humidity", "50"), "temperature must be a number"),
    (("reading", "A库房", "--temperature", "500", "--humidity", "50"), "impossible"),
    (("reading", "Z库房", "--temperature", "20", "--humidity", "50"), "no location Z库房"),
    (("reading", "A库房/03密集架", "--temperature", "20", "--humidity", "50"), "is not a room"),
    (("check", "A库房", "--kind", "fire", "--problem"), "says what it found"),
]


def test_bad_input_is_one_readable_line_and_stores_nothing(home):
    for args, says in BAD_INPUT:
        refused = docarchive("room", *args, home=home)
        assert refused.returncode != 0 and says in refused.stderr, (args, refused.stderr)
        assert len(refused.stderr.strip().splitlines()) == 1
    status = json.loads(docarchive("room", "status", "A库房", "--json", home=home).stdout)
    assert status["readings"] == [] and status["checks"] == []
