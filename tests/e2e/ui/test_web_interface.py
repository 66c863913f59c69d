"""The web interface's main tasks, as a person does them in the browser: sign in, search in Chinese and open a
hit, find the paper original, see a customer's file; and what must not happen: a 机密 record offered for
download, markup in a scanned page run as markup. Each screen is photographed and checked with axe-core."""

from __future__ import annotations

import re

import httpx

from tests.e2e.ui.conftest import screenshot, serious_violations, sign_in
from tests.e2e.ui.seed import HOSTILE, PASSWORD

expect = __import__("playwright.sync_api", fromlist=["expect"]).expect


def token_of(page) -> str:
    return page.evaluate("sessionStorage.getItem('docarchive.token')")


def test_signing_in_survives_a_reload_and_signing_out_revokes_the_token(page, site):
    page.goto(site.base + "/")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "01-sign-in")
    sign_in(page, site, "wang")
    token = token_of(page)
    page.reload()
    expect(page.get_by_test_id("who")).to_contain_text("wang")
    page.get_by_test_id("sign-out").click()
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    assert token_of(page) is None
    me = httpx.get(f"{site.base}/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 401


def test_a_wrong_password_is_refused_with_the_reason_next_to_the_form(page, site):
    page.goto(site.base + "/login")
    page.get_by_label("用户名").fill("wang")
    page.get_by_label("密码").fill("not-" + PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_contain_text("登录失败")


def test_a_chinese_search_shows_marked_snippets_and_facets_and_opens_the_hit_at_its_paper_place(page, site):
    sign_in(page, site, "wang")
    page.get_by_role("search").locator("input").fill("投诉")
    page.get_by_role("button", name="检索", exact=True).click()
    expect(page.get_by_test_id("hit")).to_have_count(2)
    assert re.search(r"[?&]q=%E6%8A%95%E8%AF%89", page.url)  # the query is in the address: shareable
    expect(page.get_by_test_id("snippet").first.locator("mark").first).to_have_text("投诉")
    expect(page.get_by_role("button", name=re.compile("投诉与处理 2"))).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "02-search")

    page.get_by_test_id("hit").filter(has_text="华东机电").get_by_role("link", name="客户投诉处理记录").click()
    expect(page.get_by_test_id("paper")).to_contain_text("A库房 / 03密集架 2列4节3层 / 盒 B-0012 / 卷 Z001-KH·2024")
    expect(page.get_by_test_id("ocr-text").locator("mark").first).to_have_text("投诉")
    expect(page.get_by_test_id("page-stage")).to_have_attribute("data-quality", "full")
    assert serious_violations(page) == []
    screenshot(page, "03-record")

    page.go_back()  # back to the same results
    expect(page.get_by_test_id("hit")).to_have_count(2)


def test_a_search_that_finds_nothing_says_why(page, site):
    sign_in(page, site, "wang", then="/search?q=%E4%B8%8D%E5%AD%98%E5%9C%A8%E7%9A%84%E8%AF%8D&doc_type=contract")
    empty = page.get_by_test_id("empty")
    expect(empty).to_contain_text("没有与「不存在的词」匹配")
    expect(empty).to_contain_text("已启用筛选")


def test_staff_are_not_offered_a_confidential_record_and_cannot_fetch_it_by_its_address(page, site):
    secret = site.records.secret
    sign_in(page, site, "li", then=f"/records/{secret}")
    expect(page.get_by_test_id("withheld")).to_contain_text("机密")
    expect(page.get_by_test_id("download")).to_have_count(0)
    expect(page.get_by_test_id("ocr-text")).to_have_count(0)
    screenshot(page, "04-record-withheld")
    headers = {"Authorization": f"Bearer {token_of(page)}"}
    assert httpx.get(f"{site.base}/api/documents/{secret}/file", headers=headers).status_code == 403
    assert httpx.get(f"{site.base}/api/documents/{secret}/file").status_code == 401  # the bare address

    page.goto(f"{site.base}/records/{site.records.complaint}")  # their own open record: offered
    expect(page.get_by_test_id("download")).to_be_visible()


def test_an_archivist_reads_a_confidential_record_without_a_download_or_print(page, site):
    sign_in(page, site, "wang", then=f"/records/{site.records.secret}")
    expect(page.get_by_test_id("ocr-text")).to_contain_text("客户财务报表")
    expect(page.get_by_test_id("no-download")).to_contain_text("不可下载")
    expect(page.get_by_test_id("download")).to_have_count(0)


def test_markup_in_a_scanned_page_is_shown_as_text_and_never_runs(page, site):
    sign_in(page, site, "wang", then="/search?q=%E5%A4%87%E6%B3%A8")  # 备注
    expect(page.get_by_test_id("snippet").first).to_contain_text("<script>")
    page.goto(f"{site.base}/records/{site.records.hostile}")
    expect(page.get_by_test_id("ocr-text")).to_contain_text(HOSTILE)
    assert page.evaluate("window.pwned") is None
    assert page.locator("img[src='x']").count() == 0 and page.locator("main script").count() == 0


def test_a_customer_file_shows_the_profile_records_by_category_completeness_and_volumes(page, site):
    sign_in(page, site, "wang", then="/customers/KH-2024-00001")
    expect(page.get_by_test_id("profile")).to_contain_text("制造业")
    expect(page.get_by_test_id("records")).to_contain_text("投诉与处理 (1)")
    expect(page.get_by_test_id("completeness")).to_contain_text("合同")
    expect(page.get_by_test_id("volumes")).to_contain_text("B-0012")
    expect(page.get_by_test_id("volumes")).to_contain_text("A库房")
    assert serious_violations(page) == []
    screenshot(page, "05-customer")
    page.get_by_role("link", name="客户档案卡 华东机电有限公司").click()
    expect(page.get_by_test_id("ocr-text")).to_contain_text("华东机电有限公司")


def test_the_menu_offers_only_what_the_role_may_do_and_english_is_one_click_away(page, site):
    sign_in(page, site, "sun")  # the administrator sees no content at all: accounts and settings only
    expect(page.get_by_role("menuitem")).to_have_text(["用户与角色", "系统设置"])
    page.goto(f"{site.base}/search?q=%E6%8A%95%E8%AF%89")
    expect(page.get_by_role("search")).to_have_count(0)
    page.get_by_test_id("sign-out").click()
    sign_in(page, site, "li")
    expect(page.get_by_role("menuitem")).to_have_text(["检索", "客户"])
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("menuitem")).to_have_text(["Search", "Customers"])
