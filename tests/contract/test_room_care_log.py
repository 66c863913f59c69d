"""The RoomCareLog port (库房管理: readings and checks per room), on every backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from docarchive.domain import room_care as care
from docarchive.domain.errors import Conflict

NOW = datetime(2026, 5, 6, 9, 30, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "mongo"])
def care_log(request, tmp_path):
    if request.param == "sqlite":
        from docarchive.adapters.room_care.sqlite import SqliteRoomCareLog

        log = SqliteRoomCareLog(tmp_path / "records.sqlite3")
    else:
        url, database = request.getfixturevalue("mongo_database")
        from docarchive.adapters.room_care.mongo import MongoRoomCareLog

        log = MongoRoomCareLog(url, database=database)
    yield log
    log.close()


def reading(id="R1", *, room="L-000001", hours=0, temperature=20.5, humidity=52):
    return care.new_reading(id=id, room=room, at=NOW + timedelta(hours=hours), temperature=temperature,
                            humidity=humidity, by="wang", source="sensor-a1", note="北墙", now=NOW + timedelta(days=1))


def check(id="C1", *, room="L-000001", kind="fire", days=0, ok=True, findings=""):
    return care.new_check(id=id, room=room, kind=kind, at=NOW + timedelta(days=days), by="wang", ok=ok,
                          findings=findings, actions="更换" if findings else "", now=NOW + timedelta(days=99))


def test_a_reading_and_a_check_read_back_as_stored(care_log):
    care_log.add_reading(reading())
    care_log.add_check(check(ok=False, findings="灭火器压力不足"))
    assert care_log.readings("L-000001") == [reading()]
    assert care_log.checks("L-000001") == [check(ok=False, findings="灭火器压力不足")]


def test_an_entry_id_is_taken_once(care_log):
    care_log.add_reading(reading())
    care_log.add_check(check())
    with pytest.raises(Conflict):
        care_log.add_reading(reading())
    with pytest.raises(Conflict):
        care_log.add_check(check())


def test_readings_are_the_rooms_newest_first_within_a_period(care_log):
    for n, hours in enumerate((0, 2, 1)):
        care_log.add_reading(reading(f"R{n}", hours=hours))
    care_log.add_reading(reading("OTHER", room="L-000009"))
    assert [r.id for r in care_log.readings("L-000001")] == ["R1", "R2", "R0"]
    assert [r.id for r in care_log.readings("L-000001", limit=1)] == ["R1"]
    window = care_log.readings("L-000001", since=NOW + timedelta(hours=1), until=NOW + timedelta(hours=2))
    assert [r.id for r in window] == ["R2"]
    assert care_log.readings("L-000404") == []


def test_the_latest_check_of_each_kind(care_log):
    care_log.add_check(check("C1", kind="fire", days=0))
    care_log.add_check(check("C2", kind="fire", days=3))
    care_log.add_check(check("C3", kind="locks", days=1, ok=False, findings="后门锁坏"))
    care_log.add_check(check("C4", kind="pests", room="L-000009"))
    latest = care_log.latest_checks("L-000001")
    assert {kind: c.id for kind, c in latest.items()} == {"fire": "C2", "locks": "C3"}
    assert [c.id for c in care_log.checks("L-000001", kind="fire")] == ["C2", "C1"]
    assert [c.id for c in care_log.checks("L-000001")] == ["C2", "C3", "C1"]


def test_the_newest_reading_and_checks_a_rooms_flags_stand_on(care_log):
    assert care_log.newest("L-000001") == (None, {})
    care_log.add_reading(reading("R1", hours=0))
    care_log.add_reading(reading("R2", hours=3, temperature=30))
    care_log.add_check(check("C1", kind="locks"))
    newest, checks = care_log.newest("L-000001")
    assert newest.id == "R2" and newest.temperature == 30 and list(checks) == ["locks"]


def test_a_log_reopened_reads_what_another_wrote(care_log, request, tmp_path):
    care_log.readings("L-000001")  # a read connection is open now
    if "sqlite" in request.node.callspec.id:
        from docarchive.adapters.room_care.sqlite import SqliteRoomCareLog

        other = SqliteRoomCareLog(tmp_path / "records.sqlite3")
    else:
        from docarchive.adapters.room_care.mongo import MongoRoomCareLog

        url, database = request.getfixturevalue("mongo_database")
        other = MongoRoomCareLog(url, database=database)
    try:
        other.add_reading(reading("R9"))
    finally:
        other.close()
    assert [r.id for r in care_log.readings("L-000001")] == ["R9"]


def test_the_store_counts_a_period_and_finds_the_readings_out_of_range(care_log):
    values = [(20, 50), (24, 60), (24.5, 50), (14, 44), (10, 70)]
    for n, (temperature, humidity) in enumerate(values):
        care_log.add_reading(reading(f"R{n}", hours=n, temperature=temperature, humidity=humidity))
    period = {"since": NOW, "until": NOW + timedelta(hours=4)}
    assert care_log.count_readings("L-000001", **period) == 4
    outside = care_log.readings_outside("L-000001", care.ClimateRange(), **period)
    assert [r.id for r in outside] == ["R3", "R2"]  # R4 is after the period; 24 °C and 60 % are in range
    assert [r.id for r in care_log.readings_outside("L-000001", care.ClimateRange(), since=NOW,
                                                    until=NOW + timedelta(days=1), limit=1)] == ["R4"]
