"""The archive-room care rules (库房管理): plausible readings, the JGJ 25 ranges, check intervals and flags."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from docarchive.domain import room_care as care
from docarchive.domain.accounts import check_roles
from docarchive.domain.errors import InvalidInput
from tests.conftest import FixedClock

NOW = datetime(2026, 5, 6, 9, 30, tzinfo=UTC)


def reading(temperature=20, humidity=50, at=NOW):
    return care.new_reading(id="R", room="L-1", at=at, temperature=temperature, humidity=humidity, by="wang", now=NOW)


def check(kind="fire", at=NOW, ok=True, findings=""):
    return care.new_check(id="C", room="L-1", kind=kind, at=at, by="wang", ok=ok, findings=findings, now=NOW)


@pytest.mark.parametrize("temperature, humidity, flagged", [
    (14, 45, set()), (24, 60, set()), (13.9, 50, {"temperature"}), (24.1, 50, {"temperature"}),
    (20, 44.9, {"humidity"}), (25, 61, {"temperature", "humidity"})])
def test_the_default_ranges_are_the_jgj_25_norm_for_paper_stacks_ends_included(temperature, humidity, flagged):
    assert {flag.kind for flag in care.reading_flags(reading(temperature, humidity), care.ClimateRange())} == flagged


def test_a_narrower_range_from_the_settings_flags_more():
    limits = care.ClimateRange(temperature=(16, 20), humidity=(45, 55))
    assert [f.text for f in care.reading_flags(reading(21, 50), limits)] == ["温度 21°C 超出 16–20°C"]
    with pytest.raises(InvalidInput):
        care.ClimateRange(temperature=(24, 14))


@pytest.mark.parametrize("temperature, humidity", [
    (71, 50), (-41, 50), (20, 101), (20, -0.1), ("warm", 50), (20, ""), (math.nan, 50), (math.inf, 50),
    (True, 50), (None, 50)])
def test_impossible_or_non_numeric_readings_are_refused(temperature, humidity):
    with pytest.raises(InvalidInput):
        reading(temperature, humidity)


def test_numbers_typed_as_text_are_read_and_future_readings_refused():
    assert reading(" 19.5 ", "52").temperature == 19.5
    with pytest.raises(InvalidInput):
        reading(at=NOW + timedelta(hours=1))
    with pytest.raises(InvalidInput):
        reading(at=datetime(2026, 5, 6, 9, 0))  # no time zone: the service gives one


def test_a_check_is_of_a_known_kind_and_a_failed_one_says_what_it_found():
    with pytest.raises(InvalidInput):
        check(kind="ghosts")
    with pytest.raises(InvalidInput):
        check(ok=False, findings="  ")
    assert check(ok=False, findings="灭火器过期").findings == "灭火器过期"


def test_a_check_falls_overdue_one_interval_after_the_last_or_after_the_rooms_care_began():
    clock, intervals = FixedClock(NOW), care.intervals_from({"fire": 30})
    last = {"fire": check("fire", at=NOW)}
    overdue = lambda: {f.detail["check"] for f in care.check_flags(last, intervals, since=NOW, now=clock.now())  # noqa: E731
                       if f.kind == "check_overdue"}
    assert overdue() == set()
    clock.advance(days=7, seconds=1)
    assert overdue() == {"moisture", "locks"}
    clock.advance(days=23)
    assert overdue() == {"moisture", "locks", "fire", "pests", "dust"}


def test_interval_settings_name_known_kinds_and_whole_days():
    assert care.intervals_from({"locks": 1})["locks"] == timedelta(days=1)
    for bad in ({"ghosts": 3}, {"fire": 0}, {"fire": 1.5}):
        with pytest.raises(InvalidInput):
            care.intervals_from(bad)


def test_a_sensor_account_holds_the_sensor_role_alone():
    assert check_roles(["sensor"]) == ("sensor",)
    with pytest.raises(InvalidInput):
        check_roles(["sensor", "archivist"])
