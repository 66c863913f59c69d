"""The paper archive over HTTP, on both deployments: places, volumes, filing, cross-reference, moves,
scan-to-find, inventory and the mismatch report."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.paper_fixtures import store_records
from tests.api.signin import as_user, signed_in_client

SHELF = "A库房/03密集架/2列/4节/3层"
OTHER_SHELF = "A库房/04密集架/1列/1节/1层"


@pytest.fixture
def client(container):
    with signed_in_client(container) as test_client:
        yield test_client


@pytest.fixture
def records(container):
    return store_records(container.records)


@pytest.fixture
def volume(client):
    for path in (SHELF, OTHER_SHELF):
        assert client.post("/api/locations", json={"reason": "归档", "path": path}).status_code == 201
    assert client.post("/api/boxes", json={"reason": "归档", "code": "B-0012", "location": SHELF}).status_code == 201
    created = client.post("/api/volumes", json={"reason": "归档", "customer_no": "KH-1", "box": "B-0012",
                                                "title": "华东机电 2026", "year": 2026, "retention": "D30",
                                                "secrecy": "秘密"})
    assert created.status_code == 201, created.text
    return created.json()["archive_no"]


def url(archive_no: str) -> str:
    return f"/api/volumes/{quote(archive_no)}"


def test_adding_a_location_creates_every_missing_node_with_a_code(client):
    first = client.post("/api/locations", json={"reason": "归档", "path": SHELF, "capacity": 2}).json()
    assert [node["path"] for node in first["created"]][0] == "A库房" and len(first["created"]) == 5
    assert first["kind"] == "shelf" and first["capacity"] == 2 and first["code"].startswith("L-")
    second = client.post("/api/locations", json={"reason": "归档", "path": OTHER_SHELF}).json()
    assert len(second["created"]) == 4  # the room was there
    assert [row["path"] for row in client.get("/api/locations", params={"under": "A库房/03密集架"}).json()] == [
        "A库房/03密集架", "A库房/03密集架/2列", "A库房/03密集架/2列/4节", SHELF]


@pytest.mark.parametrize("body", [{"path": "A库房//3层"}, {"path": ""}, {"path": "A库房", "code": "X-1"}])
def test_a_bad_location_gets_a_4xx_with_a_reason(client, body):
    response = client.post("/api/locations", json=body)
    assert 400 <= response.status_code < 500 and response.json()["detail"]
    assert client.get("/api/locations").json() == []


def test_boxes_need_a_well_formed_code_a_known_place_and_room_on_the_shelf(client):
    client.post("/api/locations", json={"reason": "归档", "path": SHELF, "capacity": 1})
    assert client.post("/api/boxes", json={"reason": "归档", "code": "B-1", "location": SHELF}).status_code == 201
    assert client.post("/api/boxes", json={"reason": "归档", "code": "box 2", "location": SHELF}).status_code == 400
    assert client.post("/api/boxes", json={"reason": "归档", "code": "B-2", "location": "B库房"}).status_code == 404
    assert client.post("/api/boxes", json={"reason": "归档", "code": "B-2", "location": SHELF}).status_code == 409
    assert client.post("/api/boxes", json={"reason": "归档", "code": "B-1", "location": SHELF}).status_code == 409
    assert [box["code"] for box in client.get("/api/boxes", params={"location": "A库房"}).json()] == ["B-1"]


def test_volumes_get_unique_da_t_13_archive_numbers(client, volume):
    again = client.post("/api/volumes", json={"reason": "归档", "customer_no": "KH-1", "box": "B-0012", "year": 2026,
                                              "retention": "D30"}).json()
    assert volume == "Z001-KH·2026-D30-DAS-0001" and again["archive_no"] == "Z001-KH·2026-D30-DAS-0002"
    shown = client.get("/api/volumes", params={"customer_no": "KH-1"}).json()
    assert [v["archive_no"] for v in shown] == [volume, again["archive_no"]]
    assert shown[0]["secrecy"] == "秘密" and shown[0]["box"] == "B-0012"
    assert client.post("/api/volumes", json={"reason": "归档", "customer_no": "KH-1", "box": "B-0012",
                                             "retention": "D5"}).status_code == 422


def test_a_filed_record_names_its_paper_original_and_the_volume_names_the_record(client, volume, records):
    filed = client.put(f"/api/documents/{records[0]}/paper", json={"reason": "归档", "archive_no": volume, "pages": "1-2"})
    assert filed.status_code == 200, filed.text
    paper = client.get(f"/api/documents/{records[0]}/paper").json()["paper"]
    assert paper["archive_no"] == volume and paper["item"] == 1 and paper["pages"] == [1, 2]
    assert paper["box"] == "B-0012" and paper["location"]["path"] == SHELF
    assert paper["location_path"] == "A库房 / 03密集架 2列4节3层 / 盒 B-0012"
    catalogue = client.get(url(volume)).json()
    assert catalogue["catalogue"][0]["electronic_code"] == records[0]
    assert catalogue["catalogue"][0]["storage_address"].startswith("docarchive://originals/sha256/")


def test_an_unfiled_record_has_no_paper_with_a_reason_and_an_unknown_one_is_404(client, records):
    assert client.get(f"/api/documents/{records[0]}/paper").json() == {
        "document_id": records[0], "paper": None, "reason": "not filed in any paper volume"}
    assert client.get("/api/documents/01ARZ3NDEKTSV4RRFFQ69G5FAV/paper").status_code == 404


def test_bulk_filing_keeps_scan_order_and_runs_the_pages_on(client, volume, records):
    items = client.post(f"{url(volume)}/items", json={"reason": "归档", "document_ids": records}).json()
    assert [(i["item"], i["pages"]) for i in items] == [(1, [1, 2]), (2, [3, 4]), (3, [5, 6])]
    inserted = client.put(f"/api/documents/{records[2]}/paper", json={"reason": "归档", "archive_no": volume, "item": 1}).json()
    assert inserted["paper"]["item"] == 1 and inserted["paper"]["pages"] == [1, 2]
    assert [i["pages"] for i in client.get(url(volume)).json()["catalogue"]] == [[1, 2], [3, 4], [5, 6]]


def test_refiling_moves_the_record_and_keeps_its_history(client, volume, records):
    # as secret as the first (out to a lower level needs the security officer: test_change_approvals_api)
    other = client.post("/api/volumes", json={"reason": "归档", "customer_no": "KH-2", "box": "B-0012",
                                              "secrecy": "秘密"}).json()["archive_no"]
    client.post(f"{url(volume)}/items", json={"reason": "归档", "document_ids": records[:2]})
    moved = client.put(f"/api/documents/{records[0]}/paper", json={"archive_no": other, "reason": "wrong customer"})
    assert moved.status_code == 200, moved.text
    assert [i["document_id"] for i in client.get(url(volume)).json()["catalogue"]] == [records[1]]
    assert client.get(url(volume)).json()["catalogue"][0]["pages"] == [1, 2]
    history = client.get(f"/api/documents/{records[0]}/paper/history").json()
    assert [h["action"] for h in history] == ["refile", "file"]
    assert history[0]["from"]["archive_no"] == volume and history[0]["reason"] == "wrong customer"


def test_filing_errors_are_4xx_and_change_nothing(client, volume, records):
    client.put(f"/api/documents/{records[0]}/paper", json={"reason": "归档", "archive_no": volume, "pages": "1-4"})
    overlap = client.put(f"/api/documents/{records[1]}/paper", json={"reason": "归档", "archive_no": volume, "pages": "3-5"})
    bad_pages = client.put(f"/api/documents/{records[1]}/paper", json={"reason": "归档", "archive_no": volume, "pages": "five"})
    no_volume = client.put(f"/api/documents/{records[1]}/paper", json={"reason": "归档", "archive_no": "Z001-KH·2026-Y-DAS-0099"})
    assert (overlap.status_code, bad_pages.status_code, no_volume.status_code) == (409, 422, 404)
    assert client.get(f"/api/documents/{records[1]}/paper").json()["paper"] is None
    assert len(client.get(url(volume)).json()["catalogue"]) == 1


def test_a_scanned_code_says_what_it_is_where_it_is_and_what_it_holds(client, volume, records):
    client.post(f"{url(volume)}/items", json={"reason": "归档", "document_ids": records[:1]})
    as_volume = client.get("/api/locate", params={"code": volume}).json()
    assert as_volume["kind"] == "volume" and as_volume["where"]["box"] == "B-0012"
    assert as_volume["holds"][0]["document_id"] == records[0]
    as_box = client.get("/api/locate", params={"code": "B-0012"}).json()
    assert as_box["kind"] == "box" and as_box["holds"][0]["archive_no"] == volume
    shelf = as_box["where"]["location"]["code"]
    as_location = client.get("/api/locate", params={"code": shelf}).json()
    assert as_location["kind"] == "location" and as_location["holds"]["boxes"] == ["B-0012"]
    as_record = client.get("/api/locate", params={"code": records[0]}).json()
    assert as_record["kind"] == "record" and as_record["paper"]["archive_no"] == volume


@pytest.mark.parametrize("code, status", [("hello world", 400), ("B-", 400), ("B-9999", 404),
                                          ("Z001-KH·2026-Y-DAS-0077", 404), ("L-999999", 404)])
def test_malformed_codes_are_400_and_unknown_ones_404(client, volume, code, status):
    response = client.get("/api/locate", params={"code": code})
    assert response.status_code == status and response.json()["detail"]


def test_a_moved_box_takes_its_volumes_and_the_past_stays_answerable(client, container, clock, volume):
    before = clock.now()
    clock.advance(days=2)
    moved = client.post("/api/boxes/B-0012/move", json={"to": OTHER_SHELF, "reason": "reshelving"})
    assert moved.status_code == 200
    then = client.get(f"{url(volume)}/location", params={"at": before.isoformat()}).json()
    now = client.get(f"{url(volume)}/location").json()
    assert then["location_path"] == "A库房 / 03密集架 2列4节3层"
    assert now["location_path"] == "A库房 / 04密集架 1列1节1层"
    history = client.get(f"{url(volume)}/history").json()
    assert history[0]["by"] == "local" and history[0]["reason"] == "reshelving"
    assert history[0]["from"]["location_path"] == then["location_path"]
    assert client.get(f"{url(volume)}/location", params={"at": "2000-01-01"}).status_code == 404
    assert client.get(f"{url(volume)}/location", params={"at": "yesterday"}).status_code == 422


def test_moving_a_whole_unit_moves_every_box_and_volume_inside(client, clock, volume):
    unit = client.get("/api/locations", params={"under": "A库房/03密集架"}).json()[0]["code"]
    client.post("/api/locations", json={"reason": "归档", "path": "B库房"})
    clock.advance(hours=1)
    moved = client.post(f"/api/locations/{unit}/move", json={"reason": "归档", "to": "B库房"}, headers=as_user(client, "wang.fang"))
    assert moved.json()["path"] == "B库房/03密集架"
    now = client.get(f"{url(volume)}/location").json()
    assert now["location_path"] == "B库房 / 03密集架 2列4节3层" and now["box"] == "B-0012"
    assert client.get(f"{url(volume)}/history").json()[0]["by"] == "wang.fang"
    box = client.get("/api/locate", params={"code": "B-0012"}).json()
    assert box["where"]["location"]["path"] == "B库房/03密集架/2列/4节/3层"


def test_inventory_sorts_scanned_codes_into_found_missing_misplaced_and_unknown(client, volume):
    client.post("/api/boxes", json={"reason": "归档", "code": "B-0013", "location": SHELF})
    client.post("/api/boxes", json={"reason": "归档", "code": "B-0020", "location": OTHER_SHELF})
    scanned = ["B-0012", "B-0020", "B-0099", "not a code"]
    report = client.post("/api/inventory", json={"location": SHELF, "codes": scanned}).json()
    assert {e["code"] for e in report["found"]} == {"B-0012", volume}
    assert [e["code"] for e in report["missing"]] == ["B-0013"]
    assert report["misplaced"][0]["code"] == "B-0020"
    assert report["misplaced"][0]["recorded_location_path"] == "A库房 / 04密集架 1列1节1层"
    assert {e["code"] for e in report["unknown"]} == {"B-0099", "not a code"}
    assert client.post("/api/inventory", json={"location": "C库房", "codes": []}).status_code == 404


def test_the_mismatch_report_finds_every_kind_of_disagreement(client, container, volume, records):
    from docarchive.domain.paper.model import Volume

    client.put(f"/api/documents/{records[0]}/paper", json={"reason": "归档", "archive_no": volume, "pages": "1-5"})
    with container.records.unit_of_work() as uow:  # a paper item whose record is gone
        stray = Volume(archive_no="Z001-KH·2026-Y-DAS-0900", customer_no="KH-1", box_code="B-0012")
        stray.file("01ARZ3NDEKTSV4RRFFQ69G5FAV", page_count=1)
        uow.volumes.add(stray)
        uow.commit()
    report = client.get("/api/reports/mismatches").json()
    assert {r["document_id"] for r in report["unfiled_records"]} == set(records[1:])
    assert report["missing_records"][0]["document_id"] == "01ARZ3NDEKTSV4RRFFQ69G5FAV"
    assert report["page_count_differences"][0].items() >= {"paper_pages": 5, "scanned_pages": 2}.items()
    assert {v["archive_no"] for v in report["unprinted_catalogues"]} == {volume, stray.archive_no}
    client.post(f"{url(volume)}/printed", json={})
    after = client.get("/api/reports/mismatches").json()
    assert {v["archive_no"] for v in after["unprinted_catalogues"]} == {stray.archive_no}
