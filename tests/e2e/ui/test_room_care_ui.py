"""The archive-room care panel (库房) in a real browser: a sensor's out-of-range reading and a failed check are
flagged on the room, the checks due are listed; only the roles that read the log are offered it."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

from tests.e2e.ui.conftest import screenshot, serious_violations, sign_in
from tests.e2e.ui.seed import PASSWORD

sync_api = __import__("playwright.sync_api", fromlist=["expect"])
expect = sync_api.expect


def call(site, path: str, body: dict, user: str = "wang") -> dict:
    form = urllib.parse.urlencode({"username": user, "password": PASSWORD}).encode()
    token = json.load(urllib.request.urlopen(site.base + "/api/auth/token", form))["access_token"]
    request = urllib.request.Request(site.base + urllib.parse.quote(path), json.dumps(body).encode(),
                                     {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request))


def test_the_room_panel_flags_an_out_of_range_reading_and_a_failed_check(page, site):
    call(site, "/api/rooms/A库房/readings", {"temperature": 27.5, "humidity": 55, "source": "A1"})
    call(site, "/api/rooms/A库房/checks", {"kind": "pests", "ok": False, "findings": "3层发现蠹虫", "actions": "熏蒸"})
    sign_in(page, site, "wang", then="/rooms")
    # other screens' tests add rooms to the same archive: look at A库房's card
    room = page.get_by_test_id("room-care").filter(has=page.get_by_role("heading", name="A库房"))
    flags = room.get_by_test_id("room-flags")
    expect(flags).to_contain_text("温度 27.5°C 超出 14–24°C")
    expect(flags).to_contain_text("3层发现蠹虫")
    expect(room.get_by_test_id("room-readings")).to_contain_text("27.5 °C")
    expect(room.get_by_test_id("room-checks")).to_contain_text("防虫防霉")
    assert serious_violations(page) == []
    screenshot(page, "20-room-care")


def test_the_room_panel_is_not_offered_to_staff(page, site):
    sign_in(page, site, "li")
    expect(page.get_by_role("menuitem", name="库房")).to_have_count(0)
    page.goto(site.base + "/rooms")
    expect(page.get_by_test_id("room-care")).to_have_count(0)
