"""The retention and destruction screen in the browser: what is due (a volume of 2015 kept 10 years), a
destruction list drafted from it by the archive room, and the register; photographed and checked by axe-core.
The auditor sees the due list and the register but is offered no draft."""

from __future__ import annotations

import httpx

from tests.e2e.ui.conftest import screenshot, serious_violations, sign_in
from tests.e2e.ui.seed import PASSWORD

expect = __import__("playwright.sync_api", fromlist=["expect"]).expect


def a_volume_of_2015(site) -> str:
    token = httpx.post(f"{site.base}/api/auth/token", data={"username": "wang", "password": PASSWORD}).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    created = httpx.post(f"{site.base}/api/volumes", headers=headers, json={
        "reason": "归档", "customer_no": "KH-2024-00001", "box": "B-0012", "title": "华东机电 2015年度", "year": 2015,
        "retention": "D10"})
    assert created.status_code == 201, created.text
    return created.json()["archive_no"]


def test_the_archive_room_sees_what_is_due_and_drafts_a_destruction_list(page, site):
    archive_no = a_volume_of_2015(site)
    sign_in(page, site, "wang", then="/destruction")
    page.get_by_label("截至").fill("2026-12-31")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("due")).to_contain_text(archive_no)
    expect(page.get_by_test_id("due")).to_contain_text("D10")
    assert serious_violations(page) == []
    screenshot(page, "destruction-due")
    page.get_by_label("原因").fill("2026年到期档案鉴定")
    page.get_by_role("button", name="起草销毁清册").click()
    expect(page.get_by_test_id("lists")).to_contain_text("起草")
    expect(page.get_by_test_id("list-items")).to_contain_text(archive_no)
    expect(page.get_by_test_id("due")).not_to_contain_text(archive_no)  # on a list now: not due again
    assert serious_violations(page) == []
    screenshot(page, "destruction-list")


def test_an_auditor_reads_the_register_but_is_offered_no_draft(page, site):
    sign_in(page, site, "zhao", then="/destruction")
    expect(page.get_by_test_id("register")).to_be_visible()
    expect(page.get_by_role("button", name="起草销毁清册")).to_have_count(0)
    assert serious_violations(page) == []
