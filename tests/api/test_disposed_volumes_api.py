"""A volume on its way to the shredder, over HTTP on both deployments: the inventory (盘点) accounts for a volume
set apart for destruction (kept apart: not "missing" from its shelf, not "found" there, not "misplaced" where
it is kept apart) and for a destroyed one (listed with its register entry, never "missing"; scanned, it is
paper that should no longer exist). And a file whose record was destroyed or purged is not ingested again."""

from __future__ import annotations

import pytest

from tests.api.disposal_fixtures import (
    APPRAISER, ARCHIVIST, SHELF, STAFF, SUPERVISOR, customer_of_department, png_bytes, png_record, volume_of_2015,
)
from tests.api.signin import as_user
from tests.api.uploads import upload

KEPT_APART = "A库房/待销毁区/1架"


def post(client, url, who=ARCHIVIST, **body):
    return client.post(url, json=body, headers=as_user(client, *who))


@pytest.fixture
def shelf(client, container):
    """Box B-0099 on SHELF with two volumes of KH-V: one of 2015 (due), one of 2024 (not due)."""
    customer_of_department(container, "KH-V")
    record = png_record(container, "KH-V", title="二〇一五年对账单", category="财务往来")
    due = volume_of_2015(client, "KH-V", [record.id])
    kept = post(client, "/api/volumes", reason="归档", customer_no="KH-V", box="B-0099", year=2024, retention="D30")
    assert kept.status_code == 201, kept.text
    assert post(client, "/api/locations", reason="待销毁区", path=KEPT_APART).status_code == 201
    return {"due": due, "kept": kept.json()["archive_no"], "record": record}


def destruction_list(client, archive_no: str) -> str:
    lst = post(client, "/api/destruction/lists", before="2026-12-31", reason="到期鉴定").json()
    path = f"/api/destruction/lists/{lst['id']}"
    post(client, f"{path}/appraise", APPRAISER, key=archive_no, opinion="destroy", reason="已无保存价值")
    post(client, f"{path}/submit")
    assert post(client, f"{path}/approve", APPRAISER, reason="同意销毁").json()["decided"] == 1
    assert post(client, f"{path}/quarantine", reason="单独存放").status_code == 200
    assert post(client, f"{path}/schedule", at="2026-11-10T09:00:00+08:00", supervisor="zheng",
                place="碎纸室").status_code == 200
    return lst["id"]


def inventory(client, place: str, *codes: str) -> dict:
    response = post(client, "/api/inventory", location=place, codes=list(codes))
    assert response.status_code == 200, response.text
    return response.json()


def codes(report: dict, key: str) -> list[str]:
    return [row["code"] for row in report[key]]


def test_a_volume_set_apart_is_accounted_for_on_its_shelf_and_where_it_is_kept_apart(client, shelf):
    list_id = destruction_list(client, shelf["due"])

    on_shelf = inventory(client, SHELF, "B-0099", shelf["kept"])
    assert codes(on_shelf, "found") == ["B-0099", shelf["kept"]]  # its box scanned does not make it "found"
    assert on_shelf["missing"] == [] and codes(on_shelf, "set_apart") == [shelf["due"]]
    (row,) = on_shelf["set_apart"]
    assert (row["scanned"], row["list_id"], row["label"]) == (False, list_id, "待销毁（单独存放）")
    assert "not expected on its shelf" in row["note"] and row["recorded_box"] == "B-0099"
    assert on_shelf["counts"]["set_apart"] == 1 and on_shelf["counts"]["missing"] == 0

    still_there = inventory(client, SHELF, "B-0099", shelf["kept"], shelf["due"])
    assert shelf["due"] not in codes(still_there, "found")
    assert still_there["set_apart"][0]["scanned"] and "keep it apart" in still_there["set_apart"][0]["note"]

    kept_apart = inventory(client, KEPT_APART, shelf["due"])
    assert kept_apart["misplaced"] == [] and kept_apart["unknown"] == []
    assert kept_apart["set_apart"][0]["scanned"] and "where it should be" in kept_apart["set_apart"][0]["note"]


def test_a_destroyed_volume_is_listed_with_its_register_entry_not_missing(client, container, shelf):
    list_id = destruction_list(client, shelf["due"])
    container.clock.advance(days=190)
    assert post(client, f"/api/destruction/lists/{list_id}/destroy", SUPERVISOR, method="粉碎").status_code == 200

    report = inventory(client, SHELF, "B-0099", shelf["kept"])
    assert report["missing"] == [] and codes(report, "destroyed") == [shelf["due"]]
    (row,) = report["destroyed"]
    assert row["scanned"] is False and row["label"] == "已销毁" and row["list_id"] == list_id
    assert (row["register"]["seq"], row["register"]["supervisor"], row["register"]["method"]) == (1, "zheng", "粉碎")
    assert row["note"].startswith("destroyed on 2026-11-12 (销毁清册 #1, 粉碎)")

    # Scanned after all: not "found", but paper the register says is gone — to be looked into.
    scanned = inventory(client, SHELF, shelf["due"], shelf["kept"])
    assert shelf["due"] not in codes(scanned, "found") and scanned["destroyed"][0]["scanned"]
    assert "should no longer exist" in scanned["destroyed"][0]["note"]
    elsewhere = inventory(client, KEPT_APART, shelf["due"])
    assert elsewhere["misplaced"] == [] and elsewhere["destroyed"][0]["recorded_box"] is None
    # Only the archive room takes inventories.
    assert client.post("/api/inventory", json={"location": SHELF, "codes": []},
                       headers=as_user(client, *STAFF)).status_code == 403


def uploaded_again(client, title: str, customer_no: str = "KH-V"):
    return upload(client, files={"files": (f"{title}.png", png_bytes(title), "image/png")},
                  data={"customer_no": customer_no})


def test_a_file_whose_record_was_destroyed_is_not_ingested_again(client, container, shelf):
    list_id = destruction_list(client, shelf["due"])
    status, body = uploaded_again(client, "二〇一五年对账单")
    assert status == 409 and "set apart for destruction" in body["detail"]
    container.clock.advance(days=190)
    assert post(client, f"/api/destruction/lists/{list_id}/destroy", SUPERVISOR, method="粉碎").status_code == 200
    status, body = uploaded_again(client, "二〇一五年对账单")
    assert status == 409, body
    assert body["detail"] == (f"the same file (record {shelf['record'].id}) was destroyed under the destruction "
                              "register (销毁清册): a destroyed file is not ingested again")
    assert client.get(f"/api/documents/{shelf['record'].id}").status_code == 404
    assert not container.blobs.exists(shelf["record"].sha256)  # nothing of the refused upload was kept


def test_a_file_whose_record_was_deleted_is_restored_not_ingested_and_after_purge_refused(client, container):
    customer_of_department(container, "KH-W")
    wrong = png_record(container, "KH-W", title="错误扫描件")
    asked = post(client, "/api/approvals", STAFF, kind="delete", subject=wrong.id, reason="扫描错误").json()
    post(client, f"/api/approvals/{asked['id']}/approve", APPRAISER, reason="同意删除")
    assert post(client, "/api/recycle", STAFF, document_id=wrong.id, approval_id=asked["id"],
                reason="扫描错误").status_code == 201
    status, body = uploaded_again(client, "错误扫描件", "KH-W")
    assert status == 409 and "restore it there" in body["detail"] and wrong.id in body["detail"]
    container.clock.advance(days=30)
    assert post(client, "/api/recycle/purge").json()["purged"] == [wrong.id]
    status, body = uploaded_again(client, "错误扫描件", "KH-W")
    assert status == 409 and "purged: a purged file is not ingested again" in body["detail"]
    # A new scan of the paper (other bytes) is a new record, whatever happened to the old one.
    status, body = uploaded_again(client, "rescan", "KH-W")
    assert status == 201 and body["id"] != wrong.id
