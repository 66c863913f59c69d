"""The statistics and administration screens, and the record screen's zoom, field corrections and label, as
each role uses them in the browser: a chart with its numbers on hover, an administrator adding a user, a
manager deciding a request, an auditor finding the search they just made, an archivist correcting a field
with a reason; and what must not be offered: a 机密 record's download or print, content to the administrator."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

import httpx

from tests.e2e.ui.conftest import screenshot, serious_violations, sign_in
from tests.e2e.ui.seed import PASSWORD

expect = __import__("playwright.sync_api", fromlist=["expect"]).expect
BLUE_BAR = "path[fill='#1d5fbf']"


def api(site, user: str) -> httpx.Client:
    """A signed-in API client; sign-in allows 10 attempts a minute per address, so a refusal is waited out."""
    for _ in range(3):
        answer = httpx.post(f"{site.base}/api/auth/token", data={"username": user, "password": PASSWORD})
        if answer.status_code != 429:
            break
        time.sleep(int(answer.headers["Retry-After"]) + 1)
    token = answer.json()
    return httpx.Client(base_url=site.base, headers={"Authorization": f"Bearer {token['access_token']}"})


def test_statistics_show_charts_with_the_numbers_on_hover_and_export(page, site):
    sign_in(page, site, "wang", then="/statistics")
    expect(page.get_by_test_id("totals")).to_contain_text("客户 2 户")
    category = page.get_by_test_id("chart-category")
    category.locator(BLUE_BAR).first.hover()  # the tooltip: a bar's name and count (which bar is largest
    expect(category).to_contain_text(re.compile(r"[\u4e00-\u9fff]+\s*\d+\s*$"))  # depends on other tests)
    # every bar's figure, as the chart tells a screen reader: the complaints seeded here are 2
    expect(category).to_have_attribute("aria-label", re.compile(r"投诉与处理的数据是\d+，2"))
    expect(page.get_by_test_id("chart-grade")).to_be_visible()
    years = page.get_by_test_id("chart-category-year")  # a stacked bar per year, the largest category blue
    years.locator(BLUE_BAR).first.hover()
    expect(years).to_contain_text(re.compile(r"20\d\d\D+投诉与处理\D*2"))
    completeness = page.get_by_test_id("chart-completeness-trend")
    completeness.hover()  # the axis tooltip: the month's share and how many of how many files
    expect(completeness).to_contain_text(re.compile(r"完整率 [\d.]+%（\d+ / 2 户）"))
    ingest = page.get_by_test_id("chart-ingest")
    ingest.hover()  # per month: everything was ingested this month, so the middle of the chart is this month
    expect(ingest).to_contain_text(re.compile(r"采集档案（件）\D*[1-9]\d*\D+采集页数（页）\D*[1-9]"))
    assert serious_violations(page) == []
    screenshot(page, "06-statistics")
    page.get_by_test_id("ingest-by").get_by_text("按日").click()
    expect(ingest).to_contain_text(datetime.now(UTC).date().isoformat())  # the last 31 days, up to today
    with page.expect_download() as download:
        page.get_by_test_id("export-csv").click()
    assert download.value.suggested_filename == "statistics.csv"
    exported = open(download.value.path(), encoding="utf-8-sig").read()
    assert "by_industry,制造业,1" in exported and "completeness_per_month," in exported
    assert re.search(r"records_by_category_year,20\d\d / 投诉与处理,2", exported)


def test_an_administrator_adds_a_user_and_sees_no_content(page, site):
    sign_in(page, site, "sun")
    expect(page.get_by_role("menuitem")).to_have_text(["用户与角色", "系统设置"])
    expect(page.get_by_test_id("users")).to_contain_text("wang")
    page.get_by_test_id("add-user").click()
    dialog = page.get_by_test_id("change-dialog")
    dialog.get_by_test_id("confirm").click()
    expect(dialog).to_contain_text("请填写原因")  # the form's errors stand next to their fields, in Chinese
    dialog.get_by_test_id("new-name").fill("chen")
    dialog.locator("label").filter(has_text="客户经理").click()
    dialog.get_by_test_id("new-password").fill(PASSWORD)
    dialog.get_by_test_id("reason").fill("新入职")
    assert serious_violations(page) == []
    screenshot(page, "07-add-user")
    dialog.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("users").get_by_role("row", name=re.compile("chen"))).to_contain_text("客户经理")
    assert serious_violations(page) == []
    screenshot(page, "08-users")
    page.get_by_role("menuitem", name="系统设置").click()
    expect(page.get_by_test_id("settings")).to_contain_text("Asia/Shanghai")
    assert serious_violations(page) == []
    screenshot(page, "09-settings")
    page.goto(f"{site.base}/statistics")  # no content for the administrator: not even the counts
    expect(page.get_by_test_id("totals")).to_have_count(0)


def test_a_manager_approves_a_request_in_the_inbox(page, site):
    with api(site, "sun") as admin:
        admin.post("/api/users", json={"name": "zhou", "roles": ["manager"], "department": "营业部",
                                       "password": PASSWORD, "reason": "部门经理"}).raise_for_status()
    with api(site, "li") as staff:
        staff.post("/api/approvals", json={"kind": "change", "subject": "KH-2024-00001",
                                           "reason": "更新客户联系人"}).raise_for_status()
    sign_in(page, site, "zhou", then="/approvals")
    row = page.get_by_test_id("approvals").get_by_role("row", name=re.compile("更新客户联系人"))
    expect(row).to_contain_text("li")
    assert serious_violations(page) == []
    screenshot(page, "10-approvals")
    row.get_by_test_id("approve").click()
    page.get_by_test_id("change-dialog").get_by_test_id("reason").fill("同意")
    page.get_by_test_id("change-dialog").get_by_test_id("confirm").click()
    expect(page.get_by_test_id("approvals")).to_contain_text("没有待您审批的申请")
    with api(site, "li") as staff:
        mine = staff.get("/api/approvals", params={"mine": "true"}).json()["approvals"]
    assert [(r["state"], r["decided_by"], r["decision_reason"]) for r in mine] == [("approved", "zhou", "同意")]


def test_an_auditor_finds_the_search_they_just_made_in_the_audit_trail(page, site):
    sign_in(page, site, "zhao", then="/search?q=%E8%B4%A6%E6%9C%AC%E6%A0%B8%E5%AF%B9")  # 账本核对
    expect(page.get_by_test_id("empty")).to_be_visible()
    page.get_by_role("menuitem", name="审计日志").click()
    page.get_by_test_id("filter-user").fill("zhao")
    page.get_by_test_id("filter-action").click()
    page.get_by_role("option", name="检索", exact=True).click()
    page.get_by_test_id("find").click()
    expect(page.get_by_test_id("event-detail").first).to_contain_text("query: 账本核对")
    assert serious_violations(page) == []
    screenshot(page, "11-audit")


def test_an_archivist_zooms_rotates_corrects_a_field_with_a_reason_and_prints_the_label(page, site):
    sign_in(page, site, "wang", then=f"/records/{site.records.complaint}?q=%E6%8A%95%E8%AF%89")
    stage = page.get_by_test_id("page-stage")
    expect(stage).to_have_attribute("data-quality", "full")  # the small image first, then the large one
    expect(stage.locator("canvas")).to_have_count(1)
    page.get_by_test_id("zoom-in").click()
    expect(page.get_by_test_id("zoom")).not_to_have_text("100%")
    page.get_by_test_id("rotate").click()
    expect(stage).to_have_attribute("data-rotation", "90")
    expect(page.get_by_test_id("ocr-text").locator("mark").first).to_have_text("投诉")

    page.get_by_test_id("add-field").click()
    dialog = page.get_by_test_id("change-dialog")
    dialog.get_by_test_id("field-name").fill("经办人")
    dialog.get_by_test_id("field-value").fill("张三")
    dialog.get_by_test_id("reason").fill("按原件补录")
    dialog.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("fields")).to_contain_text("张三")
    expect(page.get_by_text("按原件补录")).to_be_visible()  # in the history at once
    assert serious_violations(page) == []
    screenshot(page, "12-record-zoomed")

    with page.expect_download() as label:
        page.get_by_test_id("print-label").click()
    assert label.value.suggested_filename.startswith("label-Z001-KH")
    assert open(label.value.path(), "rb").read(5) == b"%PDF-"


def test_staff_are_offered_neither_download_nor_print_of_a_confidential_record_nor_labels(page, site):
    sign_in(page, site, "li", then=f"/records/{site.records.secret}")
    expect(page.get_by_test_id("withheld")).to_be_visible()
    for control in ("download", "print-label", "add-field", "correct-field"):
        expect(page.get_by_test_id(control)).to_have_count(0)
    page.goto(f"{site.base}/records/{site.records.complaint}")
    expect(page.get_by_test_id("paper")).to_contain_text("B-0012")
    expect(page.get_by_test_id("print-label")).to_have_count(0)  # labels are the archive room's
    expect(page.get_by_test_id("add-field")).to_have_count(0)
