"""The retention forecast (保管期限到期预测) as a file over HTTP, on both deployments: GET /api/retention/due with
format=xlsx|pdf gives what the JSON lists, by month, under Chinese headings and a title line saying the date it
runs to and when it was made; the same roles as the list, and an audited export."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.api.disposal_fixtures import (
    ARCHIVIST, AUDITOR, STAFF, customer_of_department, png_record, volume_of_2015,
)
from tests.api.signin import as_user
from tests.printing.pages import page_texts

MANAGER = ("qian", ("manager",), "销售一部")


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"retention_by_category": {"沟通记录": "5:customer_former"}})


@pytest.fixture
def archive(client, container):
    """A volume of 2015 kept 10 years (due 2026-01-01, under a legal hold) and a communication record of a
    customer who became former in 2026 (5 years: due 2032-01-01), with a title a spreadsheet would run."""
    customer_of_department(container, "KH-D")
    filed = png_record(container, "KH-D", title="二〇一五年对账单", category="财务往来")
    visit = png_record(container, "KH-D", title="=HYPERLINK(\"http://x\")")
    volume = volume_of_2015(client, "KH-D", [filed.id])
    with container.records.unit_of_work() as uow:
        customer = uow.customers.get("KH-D")
        customer.profile = {**customer.profile, "status": "former", "former_since": "2026-03-01"}
        uow.customers.update(customer)
        uow.commit()
    held = client.post("/api/holds", json={"kind": "volume", "subject": volume, "reason": "合同纠纷诉讼保全"},
                       headers=as_user(client, *ARCHIVIST))
    assert held.status_code == 201, held.text
    return {"volume": volume, "visit": visit}


def forecast(client, format, before="2032-12-31", who=ARCHIVIST):
    return client.get("/api/retention/due", params={"before": before, "format": format},
                      headers=as_user(client, *who))


def test_the_forecast_workbook_lists_each_month_what_comes_due_under_a_title_line(client, archive):
    response = forecast(client, "xlsx")
    assert response.status_code == 200, response.text
    assert "spreadsheetml" in response.headers["content-type"]
    assert "retention-due-2032-12-31.xlsx" in response.headers["content-disposition"]
    totals, items = load_workbook(io.BytesIO(response.content)).worksheets
    title = items["A1"].value
    assert title.startswith("保管期限到期预测") and "到期截至 2032-12-31" in title and "制表时间：2026-05-06" in title
    rows = list(items.iter_rows(min_row=2, values_only=True))
    assert rows[0] == ("月份", "类型", "档号", "记录号", "题名", "保管期限", "起算", "到期日", "法律保全")
    assert rows[1] == ("2026-01", "案卷", archive["volume"], None, "华东机电 2015", "10年", "2015 年归档", "2026-01-01",
                       "是")
    assert rows[2][:4] == ("2032-01", "文件", None, archive["visit"].id)
    assert rows[2][4] == "'=HYPERLINK(\"http://x\")" and rows[2][5:8] == ("D10（5年）", "客户终止合作 2026-03-01",
                                                                        "2032-01-01")
    assert list(totals.iter_rows(min_row=3, values_only=True)) == [("2026-01", 1), ("2032-01", 1), ("合计", 2)]
    assert all(cell.data_type != "f" for row in items.rows for cell in row)


def test_the_forecast_prints_as_a_pdf_with_the_archive_numbers_and_the_date_it_runs_to(client, archive):
    response = forecast(client, "pdf", who=AUDITOR)
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = "".join(page_texts(response.content))
    for shown in ("保管期限到期预测", "到期截至 2032-12-31", "2026-01 到期（1）", archive["volume"], "法律保全"):
        assert shown in text.replace("\r\n", "").replace("\n", ""), shown


def test_the_file_holds_what_the_json_lists_for_the_same_date(client, archive):
    listed = client.get("/api/retention/due", params={"before": "2026-12-31"}).json()
    assert [i["key"] for m in listed["months"] for i in m["items"]] == [archive["volume"]]
    items = load_workbook(io.BytesIO(forecast(client, "xlsx", before="2026-12-31").content)).worksheets[1]
    assert [row[2] for row in items.iter_rows(min_row=3, values_only=True)] == [archive["volume"]]


def test_only_the_roles_that_see_the_whole_archive_get_the_file_and_every_export_is_audited(client, container,
                                                                                              archive):
    for who in (STAFF, MANAGER):
        for format in ("xlsx", "pdf"):
            refused = forecast(client, format, who=who)
            assert refused.status_code == 403 and archive["volume"].encode() not in refused.content
    assert forecast(client, "pdf").status_code == 200
    exports = [(e.user, e.outcome, e.detail.get("format")) for e in container.audit.list(limit=100)
               if e.action == "export" and e.subject == "retention-forecast"]
    assert sorted(exports) == sorted([("li", "denied", "xlsx"), ("li", "denied", "pdf"), ("qian", "denied", "xlsx"),
                                      ("qian", "denied", "pdf"), ("wu", "ok", "pdf")])


def test_a_format_it_does_not_make_is_refused_with_the_ones_it_does(client, archive):
    refused = forecast(client, "docx")
    assert refused.status_code == 422 and "xlsx" in refused.text and "pdf" in refused.text
    assert forecast(client, "json").json()["total"] == 2
