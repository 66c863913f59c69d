"""Where the lending desk meets retention and the reports, over HTTP on both deployments (the two hooks
bootstrap wires): destruction asks the desk whether a volume is out and refuses it, naming the loan, until it
is scanned back; the use report counts each volume handed over as a use, by month, category and kind, for
those who may see reports and only over volumes they may know of."""

from __future__ import annotations

from io import BytesIO
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from tests.api.disposal_fixtures import (
    APPRAISER, ARCHIVIST, AUDITOR, DIRECTOR, STAFF, SUPERVISOR, customer_of_department, png_record, volume_of_2015,
)
from tests.api.signin import as_user

OTHER_DEPARTMENT_MANAGER = ("sun", ("manager",), "销售二部")


def post(client, path, who, **body):
    return client.post(path, json=body, headers=as_user(client, *who))


@pytest.fixture
def volume(client, container):
    """KH-L of 销售一部 (li's): a 2015 volume kept 10 years, due 2026-01-01, holding one record."""
    customer_of_department(container, "KH-L")
    record = png_record(container, "KH-L", title="二〇一五年对账单", category="财务往来")
    return volume_of_2015(client, "KH-L", [record.id])


def lend(client, archive_no: str, mode: str = "out") -> dict:
    """li asks, her department manager approves, the desk scans the volume out."""
    asked = post(client, "/api/loans", STAFF, volumes=[archive_no], purpose="核对对账单", mode=mode)
    assert asked.status_code == 201 and asked.json()["status"] == "pending", asked.text
    assert post(client, f"/api/loans/{asked.json()['id']}/approve", APPRAISER, reason="同意").status_code == 200
    out = post(client, "/api/loans/checkout", ARCHIVIST, code=archive_no)
    assert out.status_code == 200 and out.json()["status"] == "lent", out.text
    return out.json()


def approved_list(client, archive_no: str) -> str:
    """Drafted, appraised and approved by the department manager (not yet set apart)."""
    drafted = post(client, "/api/destruction/lists", ARCHIVIST, before="2026-12-31", reason="2026年到期档案鉴定")
    assert drafted.status_code == 201, drafted.text
    path = f"/api/destruction/lists/{drafted.json()['id']}"
    assert post(client, f"{path}/appraise", APPRAISER, key=archive_no, opinion="destroy",
                reason="已无保存价值").status_code == 200
    assert post(client, f"{path}/submit", ARCHIVIST).status_code == 200
    assert post(client, f"{path}/approve", APPRAISER, reason="同意销毁").json()["decided"] == 1
    return drafted.json()["id"]


def set_apart_and_scheduled(client, list_id: str) -> str:
    path = f"/api/destruction/lists/{list_id}"
    assert post(client, f"{path}/quarantine", ARCHIVIST, reason="单独存放").status_code == 200
    assert post(client, f"{path}/schedule", ARCHIVIST, at="2026-11-10T09:00:00+08:00", supervisor="zheng",
                place="碎纸室").status_code == 200
    return list_id


def test_a_volume_out_on_loan_is_not_destroyed_until_it_is_scanned_back(client, container, volume):
    list_id = approved_list(client, volume)
    loan = lend(client, volume)  # handed over while the list waited to be set apart
    set_apart_and_scheduled(client, list_id)
    container.clock.advance(days=190)  # past the time named, the loan long overdue

    refused = post(client, f"/api/destruction/lists/{list_id}/destroy", SUPERVISOR, method="粉碎")
    assert refused.status_code == 409
    detail = refused.json()["detail"]
    assert volume in detail and "on loan" in detail and "借出：li" in detail and loan["text"][:18] in detail
    shown = client.get(f"/api/destruction/lists/{list_id}", headers=as_user(client, *SUPERVISOR)).json()
    assert shown["state"] == "scheduled"  # nothing destroyed, nothing registered
    assert client.get("/api/destruction/register").json()["entries"] == []
    overdue = client.get("/api/loans", params={"overdue": "true"}, headers=as_user(client, *ARCHIVIST)).json()
    assert [row["id"] for row in overdue["loans"]] == [loan["id"]]

    back = post(client, "/api/loans/return", ARCHIVIST, code=volume, condition="完好")
    assert back.status_code == 200 and back.json()["status"] == "returned"
    done = post(client, f"/api/destruction/lists/{list_id}/destroy", SUPERVISOR, method="粉碎")
    assert done.status_code == 200 and done.json()["state"] == "destroyed", done.text
    (entry,) = client.get("/api/destruction/register", headers=as_user(client, *AUDITOR)).json()["entries"]
    assert entry["archive_nos"] == [volume] and entry["supervisor"] == "zheng"


def test_a_volume_set_apart_or_destroyed_is_not_lent_nor_handed_over(client, container, volume):
    list_id = approved_list(client, volume)
    asked = post(client, "/api/loans", STAFF, volumes=[volume], purpose="查阅", mode="read")
    assert post(client, f"/api/loans/{asked.json()['id']}/approve", APPRAISER, reason="同意").status_code == 200
    set_apart_and_scheduled(client, list_id)
    # Approved before the list was set apart: the desk's scan is refused now, and a new request too.
    handed = post(client, "/api/loans/checkout", ARCHIVIST, code=volume)
    assert handed.status_code == 409 and "set apart for destruction" in handed.json()["detail"]
    again = post(client, "/api/loans", STAFF, volumes=[volume], purpose="查阅", mode="read")
    assert again.status_code == 409 and list_id in again.json()["detail"]
    container.clock.advance(days=190)
    assert post(client, f"/api/destruction/lists/{list_id}/destroy", SUPERVISOR, method="粉碎").status_code == 200
    gone = post(client, "/api/loans", STAFF, volumes=[volume], purpose="查阅", mode="read")
    assert gone.status_code == 409 and "was destroyed on 2026-11-12 (销毁清册 #1)" in gone.json()["detail"]
    assert client.get(f"/api/volumes/{quote(volume)}").json()["loan"] is None


def use_of_loans(client, who):
    response = client.get("/api/reports/use", headers=as_user(client, *who))
    return response.status_code, (response.json()["sources"].get("loan") if response.status_code == 200 else None)


def test_the_use_report_counts_each_volume_handed_over_by_month_and_kind(client, container, volume):
    assert use_of_loans(client, ARCHIVIST)[1]["total"] == 0
    lend(client, volume)  # 2026-05-06, taken out
    post(client, "/api/loans/return", ARCHIVIST, code=volume)
    container.clock.advance(days=31)
    lend(client, volume, mode="read")  # 2026-06-06, read in the room; still out: counted when handed over
    container.clock.advance(hours=1)  # the report runs up to now, the hand-over an hour before

    for who in (ARCHIVIST, DIRECTOR, AUDITOR):
        status, loans = use_of_loans(client, who)
        assert status == 200
        assert loans["total"] == 2 and loans["by_month"] == {"2026-05": 1, "2026-06": 1}
        assert loans["by_kind"] == {"out": 1, "read": 1} and loans["by_category"] == {"volume": 2}
        assert loans["by_month_category"] == {"2026-05": {"volume": 1}, "2026-06": {"volume": 1}}
    since_june = client.get("/api/reports/use", params={"since": "2026-06-01"}).json()["sources"]["loan"]
    assert since_june["total"] == 1 and since_june["by_kind"] == {"read": 1}
    # Reports are the archive room's, the directors' and the auditors': the borrower and her manager see none.
    assert use_of_loans(client, STAFF)[0] == 403 and use_of_loans(client, APPRAISER)[0] == 403
    assert use_of_loans(client, OTHER_DEPARTMENT_MANAGER)[0] == 403
    # A refused or merely approved request is no use of the archive.
    post(client, "/api/loans", STAFF, volumes=[volume], purpose="带走", mode="out", hours=1000)
    assert use_of_loans(client, ARCHIVIST)[1]["total"] == 2


def test_the_use_workbook_has_a_sheet_of_loans(client, container, volume):
    lend(client, volume)
    container.clock.advance(hours=1)
    response = client.get("/api/reports/use.xlsx")
    assert response.status_code == 200, response.text
    workbook = load_workbook(BytesIO(response.content))
    kinds = [sheet for sheet in workbook.worksheets if "借阅" in sheet.title and "方式" in sheet.title]
    assert kinds and list(kinds[0].iter_rows(min_row=2, values_only=True)) == [("out", 1)]
    assert client.get(f"/api/volumes/{quote(volume)}").json()["loan"]["borrower"] == "li"
