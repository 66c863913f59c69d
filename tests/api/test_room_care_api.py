"""Archive-room care (库房管理) over HTTP, on both deployments: readings typed at the desk or posted by a
sensor's account, periodic checks, flags on the room (its care, the locate output, the location list) and the
report; who may record and read; bad input."""

from __future__ import annotations

import pytest

from docarchive.services.audit import all_matching
from docarchive.domain.audit import AuditFilter
from tests.api.signin import as_user

SHELF = "A库房/03密集架/2列/4节/3层"


@pytest.fixture
def room(client):
    created = client.post("/api/locations", json={"reason": "新库房", "path": SHELF}).json()
    client.post("/api/boxes", json={"reason": "归档", "code": "B-0012", "location": SHELF})
    return created["created"][0]["code"]


def reading(client, room, headers=None, **body):
    return client.post(f"/api/rooms/{room}/readings", json={"temperature": 19.5, "humidity": 52, **body},
                       headers=headers)


def test_a_reading_in_range_is_recorded_unflagged_and_audited(client, container, room):
    response = reading(client, room, note="北墙")
    assert response.status_code == 201, response.text
    assert response.json()["flags"] == [] and response.json()["by"] == "local"
    care = client.get(f"/api/rooms/{room}/care").json()
    assert care["room"]["path"] == "A库房" and care["limits"] == {"temperature": [14, 24], "humidity": [45, 60]}
    assert [r["temperature"] for r in care["readings"]] == [19.5]
    assert not [f for f in care["flags"] if f["kind"] in ("temperature", "humidity")]
    container.audit.flush() if hasattr(container.audit, "flush") else None
    events = [e for e in all_matching(container.audit, AuditFilter(action="change")) if e.subject == f"room:{room}"]
    assert events and events[0].detail["temperature"] == 19.5


def test_an_out_of_range_reading_flags_the_room_wherever_it_is_shown(client, room):
    reading(client, room, temperature=27, humidity=71)
    flags = client.get(f"/api/rooms/{room}/care").json()["flags"]
    assert {"temperature", "humidity"} <= {f["kind"] for f in flags}
    located = client.get("/api/locate", params={"code": "B-0012"}).json()
    assert {"temperature", "humidity"} <= {f["kind"] for f in located["room_care"]["flags"]}
    listed = {row["path"]: row for row in client.get("/api/locations").json()}
    assert {f["kind"] for f in listed["A库房"]["room_care"]["flags"]} >= {"temperature"}
    reading(client, room)  # back in range: the latest reading decides
    assert not [f for f in client.get(f"/api/rooms/{room}/care").json()["flags"] if f["kind"] == "temperature"]


def test_a_sensor_account_posts_readings_and_nothing_else(client, room):
    sensor = as_user(client, "sensor-a1", roles=("sensor",))
    posted = reading(client, room, headers=sensor, source="sensor-a1")
    assert posted.status_code == 201 and posted.json()["source"] == "sensor-a1"
    assert client.post(f"/api/rooms/{room}/checks", json={"kind": "fire", "ok": True}, headers=sensor).status_code == 403
    assert client.get(f"/api/rooms/{room}/care", headers=sensor).status_code == 403
    assert client.get("/api/locations", headers=sensor).status_code == 403


def test_checks_fall_due_after_their_interval_and_a_failed_one_is_flagged(client, container, room):
    assert client.post(f"/api/rooms/{room}/checks", json={"kind": "fire", "ok": True}).status_code == 201
    failed = client.post(f"/api/rooms/{room}/checks", json={"kind": "pests", "ok": False, "findings": "3层发现蠹虫",
                                                           "actions": "隔离并熏蒸"})
    assert failed.status_code == 201
    flags = client.get(f"/api/rooms/{room}/care").json()["flags"]
    assert [f["check"] for f in flags if f["kind"] == "check_failed"] == ["pests"]
    assert not [f for f in flags if f["kind"] == "check_overdue"]
    container.clock.advance(days=8)  # locks and moisture: every 7 days, counted from the room's creation
    overdue = {f["check"] for f in client.get(f"/api/rooms/{room}/care").json()["flags"] if f["kind"] == "check_overdue"}
    assert overdue == {"locks", "moisture"}
    container.clock.advance(days=30)
    due = {row["kind"]: row for row in client.get(f"/api/rooms/{room}/care").json()["checks_due"]}
    assert due["fire"]["overdue"] and due["fire"]["last"]["ok"] and due["fire"]["interval_days"] == 30


def test_the_report_lists_out_of_range_readings_and_overdue_checks_per_room(client, container, room):
    reading(client, room, temperature=12)
    reading(client, room)
    container.clock.advance(days=8)
    report = client.get("/api/reports/room-care").json()
    (row,) = report["rooms"]
    assert row["room"]["code"] == room and row["readings"] == 2
    assert [r["temperature"] for r in row["out_of_range"]] == [12]
    assert {f["check"] for f in row["flags"] if f["kind"] == "check_overdue"} == {"locks", "moisture"}
    assert report["flagged"] == 1
    assert client.get("/api/reports/room-care", params={"since": "2026-05-10"}).json()["rooms"][0]["readings"] == 0


@pytest.mark.parametrize("role, records, reads", [("security", False, True), ("director", False, True),
                                                  ("staff", False, False), ("auditor", False, False)])
def test_who_records_and_who_reads_the_care_log(client, room, role, records, reads):
    headers = as_user(client, f"u-{role}", roles=(role,), department="销售一部")
    assert (reading(client, room, headers=headers).status_code == 201) is records
    assert (client.get(f"/api/rooms/{room}/care", headers=headers).status_code == 200) is reads
    assert (client.get("/api/reports/room-care", headers=headers).status_code == 200) is reads


@pytest.mark.parametrize("body", [{"temperature": 300}, {"temperature": -80}, {"humidity": 120},
                                  {"humidity": -1}, {"temperature": "warm"}, {"at": "yesterday"},
                                  {"at": "2030-01-01T00:00:00+08:00"}])
def test_impossible_or_malformed_readings_get_a_4xx_and_store_nothing(client, room, body):
    response = reading(client, room, **body)
    assert 400 <= response.status_code < 500 and response.json()["detail"]
    assert client.get(f"/api/rooms/{room}/care").json()["readings"] == []


def test_an_unknown_room_a_shelf_and_a_bad_check_are_refused(client, room):
    assert reading(client, "L-999999").status_code == 404
    assert reading(client, "Z库房").status_code == 404
    shelf = reading(client, SHELF.replace("/", "%2F"))
    assert shelf.status_code in (400, 404)
    for body in ({"kind": "ghosts", "ok": True}, {"kind": "fire", "ok": False}, {"kind": "fire"}):
        response = client.post(f"/api/rooms/{room}/checks", json=body)
        assert 400 <= response.status_code < 500 and response.json()["detail"]
    assert client.get(f"/api/rooms/{room}/care").json()["checks"] == []
