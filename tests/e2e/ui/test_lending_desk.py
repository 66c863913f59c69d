"""The lending desk (借阅台) in a real browser: a staff member's request waits for their department manager,
who approves it on the screen; the archivist hands the volume over and takes it back by typing its barcode and
Enter, as a keyboard-wedge scanner does; each step shows who has the volume. Photographed, checked with axe."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import urlencode

from playwright.sync_api import expect

from tests.e2e.ui.conftest import screenshot, serious_violations, sign_in
from tests.e2e.ui.seed import PASSWORD

VOLUME = "Z001-KH·2024-D10-DAS-0001"  # the seeded volume on the shelf


def api(site, path: str, *, user: str, body: dict) -> dict:
    """A request as `user` straight to the API (what li would do from their own screen)."""
    signed = urllib.request.urlopen(urllib.request.Request(
        site.base + "/api/auth/token", data=urlencode({"username": user, "password": PASSWORD}).encode()))
    token = json.load(signed)["access_token"]
    request = urllib.request.Request(site.base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request))


def test_a_request_is_approved_on_the_desk_then_lent_and_taken_back_by_scanning(page, site):
    loan = api(site, "/api/loans", user="li", body={"volumes": [VOLUME], "purpose": "核对投诉原件", "mode": "out"})
    assert loan["status"] == "pending"

    sign_in(page, site, "qian", "/lending")  # the department manager: decides, no scanner
    expect(page.get_by_role("menuitem", name="借阅")).to_be_visible()
    expect(page.get_by_test_id("scan")).to_have_count(0)
    expect(page.get_by_test_id("pending")).to_contain_text("核对投诉原件")
    page.get_by_test_id(f"approve-{loan['id']}").click()
    expect(page.get_by_test_id("outcome")).to_contain_text("已批准 li 的借阅申请")
    expect(page.get_by_test_id("pending")).not_to_contain_text("核对投诉原件")
    page.get_by_test_id("sign-out").click()

    sign_in(page, site, "wang", "/lending")  # the archivist at the desk
    scan = page.get_by_test_id("scan")
    scan.fill(VOLUME)
    scan.press("Enter")  # what a scanner sends after the code
    expect(page.get_by_test_id("outcome")).to_contain_text("借出：li，自 ")
    expect(page.get_by_test_id("lent")).to_contain_text(VOLUME)
    expect(scan).to_be_focused()  # ready for the next scan
    screenshot(page, "20-lending-desk")
    assert serious_violations(page) == []

    scan.fill(VOLUME)
    scan.press("Enter")  # the same volume again: refused with the reason, nothing changes
    expect(page.get_by_test_id("outcome")).to_contain_text("on loan already")
    page.get_by_role("radio", name="归还").check(force=True)
    page.get_by_test_id("condition").fill("完好")
    scan.fill(VOLUME)
    scan.press("Enter")
    expect(page.get_by_test_id("outcome")).to_contain_text(f"{VOLUME} 已归还（借阅人 li）")
    expect(page.get_by_test_id("lent")).not_to_contain_text(VOLUME)
