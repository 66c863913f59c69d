"""The audit trail over HTTP: reads, downloads and changes become events an auditor can list, verify and
export — on either deployment."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from tests.api.signin import PASSWORD, as_user, token_for
from tests.api.uploads import upload
from tests.text_pdfs import archive_card

ZHANG = "zhang.san"


@pytest.fixture
def record(client):
    status, body = upload(client, files={"files": ("card.pdf", archive_card("KH-1", "甲公司"), "application/pdf")})
    assert status == 201, body
    return body


def auditor(client) -> dict[str, str]:
    return as_user(client, "audit.li", roles=("auditor",))


def events(client, **params) -> list[dict]:
    response = client.get("/api/audit", params=params, headers=auditor(client))
    assert response.status_code == 200, response.text
    return response.json()["events"]


def test_a_search_is_recorded_with_its_query_user_and_address(client):
    searched = client.get("/api/search", params={"q": "合同 110105194912310021"}, headers=as_user(client, ZHANG))
    assert searched.status_code == 200
    [event] = events(client, action="search")
    assert event["user"] == ZHANG and event["source"] == "testclient" and event["outcome"] == "ok"
    assert event["detail"]["query"] == "合同 110105********0021"


def test_viewing_a_record_its_page_and_its_original_are_recorded(client, record):
    client.get(f"/api/documents/{record['id']}", headers=as_user(client, ZHANG))
    client.get(f"/api/documents/{record['id']}/pages/1.png", params={"width": 100}, headers=as_user(client, ZHANG))
    client.get(f"/api/documents/{record['id']}/file", headers=as_user(client, ZHANG))
    mine = events(client, user=ZHANG, document_id=record["id"])
    assert [e["action"] for e in mine] == ["download", "page_view", "view"]
    assert {e["customer_no"] for e in mine} == {"KH-1"}


def test_a_view_of_a_missing_record_is_recorded_as_failed(client):
    assert client.get("/api/documents/nope", headers=as_user(client, ZHANG)).status_code == 404
    [event] = events(client, action="view")
    assert (event["outcome"], event["detail"]["error"]) == ("failed", "NotFound")


def test_a_change_is_recorded_with_its_reason_once_committed(client):
    created = client.post("/api/customers", json={"customer_no": "KH-9", "name": "乙公司", "reason": "新客户"},
                          headers=as_user(client, ZHANG))
    assert created.status_code == 201, created.text
    [event] = events(client, action="change", customer_no="KH-9")
    assert event["user"] == ZHANG and event["detail"]["reason"] == "新客户" and event["source"] == "testclient"


def test_list_filters_by_local_days_and_pages(client, container):
    for _ in range(3):
        client.get("/api/search", params={"q": "合同"})
    today = datetime.now(container.timezone).date()
    listing = client.get("/api/audit", params={"action": "search", "from": str(today), "to": str(today), "size": 2},
                         headers=auditor(client)).json()
    assert listing["total"] == 3 and len(listing["events"]) == 2
    tomorrow = str(today + timedelta(days=1))
    assert client.get("/api/audit", params={"from": tomorrow}, headers=auditor(client)).json()["total"] == 0
    assert client.get("/api/audit", params={"from": "yesterday"}, headers=auditor(client)).status_code == 422


def test_verify_reports_an_intact_chain(client):
    client.get("/api/search", params={"q": "合同"})
    verified = client.get("/api/audit/verify", headers=auditor(client)).json()
    assert verified["intact"] and verified["count"] == 1 and verified["broken"] is None


def test_export_as_csv_keeps_formulas_as_text_and_is_itself_audited(client):
    client.get("/api/search", params={"q": "=HYPERLINK(1)"})
    response = client.get("/api/audit/export", params={"format": "csv"}, headers=auditor(client))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["seq", "at", "user", "action"]
    assert '"query": "=HYPERLINK(1)"' in rows[1][9]  # inside the detail JSON, so it does not start the cell
    assert events(client, action="export")[0]["subject"] == "audit"


def test_export_as_xlsx_writes_every_cell_as_text(client):
    client.get("/api/search", params={"q": "合同"})
    response = client.get("/api/audit/export", params={"format": "xlsx"}, headers=auditor(client))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "1" and rows[1][3] == "search"
    assert all(cell is None or isinstance(cell, str) for cell in rows[1])  # text (or empty), never numbers


def test_sign_ins_are_recorded_and_failures_too(client, container):
    token_for(container, ZHANG)
    assert client.post("/api/auth/token", data={"username": ZHANG, "password": "wrong-password-1"}).status_code == 401
    assert client.post("/api/auth/token", data={"username": ZHANG, "password": PASSWORD}).status_code == 200
    signed = events(client, action="sign_in")
    assert [(e["user"], e["outcome"]) for e in signed] == [(ZHANG, "ok"), (ZHANG, "denied")]
    assert "password" not in str(signed)


def test_printouts_are_recorded_with_what_was_printed(client):
    shelf = "A库房/03密集架/2列/4节/3层"
    client.post("/api/locations", json={"reason": "归档", "path": shelf})
    client.post("/api/boxes", json={"reason": "归档", "code": "B-0012", "location": shelf})
    volume = client.post("/api/volumes", json={"reason": "归档", "customer_no": "KH-1", "box": "B-0012", "title": "华东机电 2026",
                                               "year": 2026, "retention": "D30"}).json()
    archive_no = quote(volume["archive_no"])
    for path in (f"/api/labels/{archive_no}.pdf", f"/api/volumes/{archive_no}/catalogue.pdf",
                 f"/api/volumes/{archive_no}/notes.pdf"):
        assert client.get(path, headers=as_user(client, ZHANG)).status_code == 200, path
    printed = events(client, action="print", user=ZHANG)
    assert [e["detail"]["printout"] for e in printed] == ["notes", "catalogue", "labels"]
    assert {e["subject"] for e in printed} == {volume["archive_no"]}
    assert printed[0]["customer_no"] == "KH-1"


def test_only_auditors_read_the_trail_and_a_refusal_is_recorded(client):
    for path in ("/api/audit", "/api/audit/verify", "/api/audit/export"):
        assert client.get(path).status_code == 403, path  # the default user is an archivist
    refused = events(client, user="local")
    assert [(e["action"], e["subject"], e["outcome"]) for e in refused] == [("view", "audit", "denied")] * 3


def test_reading_the_trail_is_itself_recorded(client):
    events(client)
    [read] = events(client, action="view", user="audit.li")
    assert (read["subject"], read["outcome"]) == ("audit", "ok")
