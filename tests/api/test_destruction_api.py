"""保管期限, 鉴定 and 销毁 over HTTP on both deployments, end to end with the controllable clock: what is due, a
destruction list drafted, appraised, approved by the right person, set apart six months, scheduled, refused
under a legal hold and before its time, destroyed on the supervisor's confirmation — content gone from every
store, the register permanent — and what each user sees at each step."""

from __future__ import annotations

import io

import pytest

from docarchive.domain.documents import Confidentiality
from tests.api.disposal_fixtures import (
    APPRAISER, ARCHIVIST, AUDITOR, DIRECTOR, OTHER_MANAGER, STAFF, SUPERVISOR, WORD, customer_of_department,
    png_record, searched, stored_text, volume_of_2015, with_level,
)
from tests.api.signin import as_user


@pytest.fixture
def settings(settings):
    # 5 years for communication records counted from the customer becoming former; the rest 30 years.
    return settings.model_copy(update={"retention_by_category": {"沟通记录": "5:customer_former"}})


@pytest.fixture
def archive(client, container):
    customer_of_department(container, "KH-D")
    filed = png_record(container, "KH-D", title="二〇一五年对账单", category="财务往来")
    kept = png_record(container, "KH-D", title="拜访记录")
    archive_no = volume_of_2015(client, "KH-D", [filed.id])
    return {"filed": filed, "kept": kept, "volume": archive_no}


def post(client, path, who, **body):
    return client.post(path, json=body, headers=as_user(client, *who))


def due_keys(client, before="2026-12-31", who=ARCHIVIST):
    response = client.get("/api/retention/due", params={"before": before}, headers=as_user(client, *who))
    assert response.status_code == 200, response.text
    return [(m["month"], i["key"], i["retention"]) for m in response.json()["months"] for i in m["items"]]


def drafted(client, archive, before="2026-12-31"):
    response = post(client, "/api/destruction/lists", ARCHIVIST, before=before, reason="2026年到期档案鉴定")
    assert response.status_code == 201, response.text
    return response.json()


def approved_list(client, archive):
    lst = drafted(client, archive)
    assert post(client, f"/api/destruction/lists/{lst['id']}/appraise", APPRAISER, key=archive["volume"],
                opinion="destroy", reason="已无保存价值").status_code == 200
    assert post(client, f"/api/destruction/lists/{lst['id']}/submit", ARCHIVIST).status_code == 200
    decided = post(client, f"/api/destruction/lists/{lst['id']}/approve", APPRAISER, reason="同意销毁")
    assert decided.status_code == 200 and decided.json()["decided"] == 1, decided.text
    return lst["id"]


def test_what_is_due_is_listed_by_month_and_follows_the_retention_period(client, container, archive):
    assert due_keys(client) == [("2026-01", archive["volume"], "D10")]
    assert due_keys(client, before="2025-12-31") == []
    # The customer becomes former in 2026: its communication records (5 years) are due on 2032-01-01.
    with container.records.unit_of_work() as uow:
        customer = uow.customers.get("KH-D")
        customer.profile = {**customer.profile, "status": "former", "former_since": "2026-03-01"}
        uow.customers.update(customer)
        uow.commit()
    assert due_keys(client, before="2032-01-01")[-1] == ("2032-01", archive["kept"].id, "D10（5年）")
    assert client.get("/api/retention/due", headers=as_user(client, *STAFF)).status_code == 403
    assert client.get("/api/retention/due", params={"before": "soon"}).status_code == 422


def test_a_full_destruction_from_draft_to_register(client, container, archive):
    list_id = approved_list(client, archive)
    filed = archive["filed"]
    assert searched(client) and client.get(f"/api/documents/{filed.id}/pages/1.png").status_code == 200  # cached now
    cached = container.settings.cache_path / "pages" / filed.sha256
    assert cached.exists() and f"{WORD} 二〇一五年对账单" in stored_text(container)

    # Set apart: hidden from search and reads, recoverable; not due again.
    quarantined = post(client, f"/api/destruction/lists/{list_id}/quarantine", ARCHIVIST, reason="单独存放")
    assert quarantined.status_code == 200 and quarantined.json()["state"] == "quarantined"
    assert searched(client) == [archive["kept"].id]
    assert client.get(f"/api/documents/{filed.id}", headers=as_user(client, *DIRECTOR)).status_code == 404
    assert due_keys(client) == []
    located = client.get("/api/locate", params={"code": archive["volume"]}).json()
    assert located["disposal"] == {"state": "quarantined", "label": "待销毁（单独存放）"}

    # The time and supervisor: not before the six months end.
    early = post(client, f"/api/destruction/lists/{list_id}/schedule", ARCHIVIST, at="2026-08-01T09:00:00+08:00",
                 supervisor="zheng", place="碎纸室")
    assert early.status_code == 409 and "quarantine" in early.json()["detail"]
    assert post(client, f"/api/destruction/lists/{list_id}/schedule", ARCHIVIST, at="2026-11-10T09:00:00+08:00",
                supervisor="zheng", place="碎纸室").status_code == 200

    # Before the time, by anyone but the supervisor, under a legal hold: refused, nothing erased.
    container.clock.advance(days=183)
    assert post(client, f"/api/destruction/lists/{list_id}/destroy", SUPERVISOR, method="粉碎").status_code == 409
    container.clock.advance(days=5)
    assert post(client, f"/api/destruction/lists/{list_id}/destroy", DIRECTOR, method="粉碎").status_code == 403
    hold = post(client, "/api/holds", ARCHIVIST, kind="customer", subject="KH-D", reason="合同纠纷诉讼保全")
    assert hold.status_code == 201
    refused = post(client, f"/api/destruction/lists/{list_id}/destroy", SUPERVISOR, method="粉碎")
    assert refused.status_code == 409 and "legal hold" in refused.json()["detail"]
    assert container.blobs.exists(filed.sha256)
    assert post(client, f"/api/holds/{hold.json()['id']}/release", ARCHIVIST, reason="诉讼结案").status_code == 200

    done = post(client, f"/api/destruction/lists/{list_id}/destroy", SUPERVISOR, method="粉碎")
    assert done.status_code == 200, done.text
    assert done.json()["state"] == "destroyed"
    # Gone from every store: the original, the page images, the index, the record's text and fields.
    assert not container.blobs.exists(filed.sha256) and not cached.exists()
    assert searched(client) == [archive["kept"].id]
    assert f"{WORD} 二〇一五年对账单" not in stored_text(container)
    assert client.get(f"/api/documents/{filed.id}").status_code == 404
    again = post(client, f"/api/destruction/lists/{list_id}/destroy", SUPERVISOR, method="粉碎")
    assert again.status_code == 409

    register = client.get("/api/destruction/register", headers=as_user(client, *AUDITOR)).json()
    (entry,) = register["entries"]
    assert register["broken"] == []
    assert (entry["archive_nos"], entry["retention"], entry["supervisor"], entry["method"]) == (
        [archive["volume"]], "D10", "zheng", "粉碎")
    assert entry["appraisal"]["by"] == "qian" and entry["approval"]["by"] == "qian"
    assert entry["records"] == [filed.id]
    pdf = client.get("/api/destruction/register", params={"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get("/api/destruction/register", params={"format": "xlsx"})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["B2"].value == archive["volume"] and sheet["I2"].value == "zheng"
    assert client.get("/api/destruction/register", headers=as_user(client, *STAFF)).status_code == 403
    assert due_keys(client) == []  # destroyed: never due again


def test_approval_follows_the_level_and_the_department(client, container, archive):
    with_level(container, archive["filed"], Confidentiality.NONE)
    lst = drafted(client, archive)
    path = f"/api/destruction/lists/{lst['id']}"
    assert post(client, f"{path}/appraise", ARCHIVIST, key=archive["volume"], opinion="destroy",
                reason="x").status_code == 403  # the drafter does not appraise
    assert post(client, f"{path}/submit", ARCHIVIST).status_code == 409  # not appraised yet
    assert post(client, f"{path}/appraise", APPRAISER, key=archive["volume"], opinion="destroy",
                reason="已无保存价值").status_code == 200
    assert post(client, f"{path}/submit", ARCHIVIST).status_code == 200
    assert post(client, f"{path}/quarantine", ARCHIVIST, reason="单独存放").status_code == 409  # not decided
    assert post(client, f"{path}/approve", OTHER_MANAGER, reason="同意").status_code == 403
    assert post(client, f"{path}/approve", STAFF, reason="同意").status_code == 403
    assert post(client, f"{path}/reject", DIRECTOR, reason="仍有纠纷，暂缓").status_code == 200
    kept = post(client, f"{path}/quarantine", ARCHIVIST, reason="单独存放").json()
    assert kept["items"][0]["outcome"] == "refused"
    assert client.get(f"/api/documents/{archive['filed'].id}").status_code == 200  # refused: nothing set apart


def test_a_secret_volume_needs_the_director(client, container):
    customer_of_department(container, "KH-S")
    record = png_record(container, "KH-S", title="秘密合同", category="合同协议")
    archive_no = volume_of_2015(client, "KH-S", [record.id], secrecy="秘密")
    lst = drafted(client, {"volume": archive_no})
    path = f"/api/destruction/lists/{lst['id']}"
    post(client, f"{path}/appraise", APPRAISER, key=archive_no, opinion="destroy", reason="到期")
    post(client, f"{path}/submit", ARCHIVIST)
    assert post(client, f"{path}/approve", APPRAISER, reason="同意").status_code == 403
    assert post(client, f"{path}/approve", DIRECTOR, reason="同意").json()["decided"] == 1


def test_an_item_set_apart_can_be_taken_back_and_kept_longer_items_wait(client, container, archive):
    list_id = approved_list(client, archive)
    post(client, f"/api/destruction/lists/{list_id}/quarantine", ARCHIVIST, reason="单独存放")
    back = post(client, f"/api/destruction/lists/{list_id}/recover", ARCHIVIST, key=archive["volume"],
                reason="发现仍需保存")
    assert back.status_code == 200 and back.json()["items"][0]["outcome"] == "recovered"
    assert client.get(f"/api/documents/{archive['filed'].id}").status_code == 200
    assert WORD and archive["filed"].id in searched(client)

    second = drafted(client, archive)
    post(client, f"/api/destruction/lists/{second['id']}/appraise", APPRAISER, key=archive["volume"],
         opinion="keep", reason="涉及长期合同", keep_years=3)
    assert due_keys(client, before="2028-12-31") == []
    assert [key for _, key, _ in due_keys(client, before="2029-01-01")] == [archive["volume"]]


def test_a_held_item_is_not_listed_for_destruction(client, archive):
    post(client, "/api/holds", ARCHIVIST, kind="volume", subject=archive["volume"], reason="审计保全")
    response = client.get("/api/retention/due", params={"before": "2026-12-31"}).json()
    assert response["months"][0]["items"][0]["held"] is True
    refused = post(client, "/api/destruction/lists", ARCHIVIST, before="2026-12-31", reason="到期鉴定")
    assert refused.status_code == 409 and "legal hold" in refused.json()["detail"]
    assert post(client, "/api/holds", STAFF, kind="volume", subject="x", reason="y").status_code == 403
    holds = client.get("/api/holds", headers=as_user(client, *DIRECTOR)).json()["holds"]
    assert [(h["kind"], h["reason"]) for h in holds] == [("volume", "审计保全")]


def test_a_manager_sees_only_the_items_of_their_department(client, archive):
    lst = drafted(client, archive)
    mine = client.get("/api/destruction/lists", headers=as_user(client, *APPRAISER)).json()["lists"]
    assert [item["key"] for item in mine[0]["items"]] == [archive["volume"]]
    assert client.get("/api/destruction/lists", headers=as_user(client, *OTHER_MANAGER)).json()["lists"] == []
    assert client.get(f"/api/destruction/lists/{lst['id']}",
                      headers=as_user(client, *OTHER_MANAGER)).status_code == 404
    assert client.get("/api/destruction/lists", headers=as_user(client, *STAFF)).status_code == 403
    assert post(client, f"/api/destruction/lists/{lst['id']}/appraise", OTHER_MANAGER, key=archive["volume"],
                opinion="destroy", reason="到期").status_code == 404


def test_a_destruction_cut_short_is_finished_by_confirming_again(client, container, archive, monkeypatch):
    from docarchive.services import erasure

    list_id = approved_list(client, archive)
    post(client, f"/api/destruction/lists/{list_id}/quarantine", ARCHIVIST, reason="单独存放")
    post(client, f"/api/destruction/lists/{list_id}/schedule", ARCHIVIST, at="2026-11-10T09:00:00+08:00",
         supervisor="zheng", place="碎纸室")
    container.clock.advance(days=190)
    real = erasure.erase

    def crashing(*args, **kwargs):
        raise OSError("disk gone")

    monkeypatch.setattr(erasure, "erase", crashing)
    with pytest.raises(OSError):
        post(client, f"/api/destruction/lists/{list_id}/destroy", SUPERVISOR, method="粉碎")
    assert client.get("/api/destruction/register").json()["entries"] == []
    monkeypatch.setattr(erasure, "erase", real)
    done = post(client, f"/api/destruction/lists/{list_id}/destroy", SUPERVISOR, method="粉碎")
    assert done.status_code == 200, done.text
    assert [e["key"] for e in client.get("/api/destruction/register").json()["entries"]] == [archive["volume"]]
    assert not container.blobs.exists(archive["filed"].sha256)
    assert post(client, f"/api/destruction/lists/{list_id}/destroy", SUPERVISOR, method="粉碎").status_code == 409


def test_a_volume_given_a_period_in_years_carries_the_code_that_keeps_it_long_enough(client, container):
    customer_of_department(container, "KH-P")
    headers = as_user(client, *ARCHIVIST)
    client.post("/api/locations", json={"reason": "归档", "path": "B库房/01柜"}, headers=headers)
    client.post("/api/boxes", json={"reason": "归档", "code": "B-0077", "location": "B库房/01柜"}, headers=headers)
    made = {given: client.post("/api/volumes", headers=headers, json={
        "reason": "归档", "customer_no": "KH-P", "box": "B-0077", "year": 2020, "retention": given})
        for given in ("5", "20", "永久", "D30", "7年")}
    assert [made[g].json()["archive_no"].split("-")[2] for g in ("5", "20", "永久", "D30")] == [
        "D10", "D30", "Y", "D30"]
    assert made["7年"].status_code == 422
