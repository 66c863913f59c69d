"""The archive room's screens in the browser, as an archivist works: a batch of scans dropped on the scanning
desk and followed to the end; a record linked to its customer from the review queue; a pile filed into a paper
volume in scan order and its label printed; a barcode scanned; a box moved; an inventory counted. Each screen is
photographed and checked with axe-core. The archive this file adds to (its own shelf, box, volume and records)
leaves the seeded records' places and counts alone, so the other UI tests see the archive they expect."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import httpx
import pytest

from tests.e2e.ui.conftest import screenshot, serious_violations
from tests.e2e.ui.seed import PASSWORD
from tests.text_pdfs import text_pdf

expect = __import__("playwright.sync_api", fromlist=["expect"]).expect

ROOM = "B库房"
SHELF, SPARE_SHELF = "B库房/01档案柜/1层", "B库房/01档案柜/2层"
BOX = "B-0201"


@dataclass
class Room:
    unassigned: str  # names no customer: waits in the review queue
    visits: list[str]  # two records of KH-2024-00002, in scan order, on no shelf yet
    volume: str
    room_code: str
    spare_shelf_code: str
    stored: bytes  # a scan already in the archive: uploading it again is a duplicate


class Api:
    def __init__(self, base: str, user: str = "wang"):
        self.client = httpx.Client(base_url=base, timeout=60)
        token = self.client.post("/api/auth/token", data={"username": user, "password": PASSWORD})
        self.token = token.json()["access_token"]
        self.client.headers["Authorization"] = f"Bearer {self.token}"

    def post(self, path: str, body: dict) -> dict:
        answer = self.client.post(path, json=body)
        assert answer.status_code < 300, answer.text
        return answer.json()

    def ingest(self, name: str, data: bytes) -> str:
        answer = self.client.post("/api/documents", files={"files": (name, data, "application/pdf")})
        assert answer.status_code == 202, answer.text
        job = answer.json()
        for _ in range(240):
            job = self.client.get(f"/api/jobs/{job['id']}").json()
            if job["state"] in ("done", "failed"):
                break
            time.sleep(0.25)
        assert job["state"] == "done", job
        return job["document_id"]


@pytest.fixture(scope="module")
def api(site):
    return Api(site.base)


def enter(page, site, api: Api, then: str) -> None:
    """Signed in as the archivist with the module's one token: the server lets an address sign in only ten
    times a minute, and the sign-in form has its own tests."""
    page.goto(site.base + "/login")
    page.evaluate("token => sessionStorage.setItem('docarchive.token', token)", api.token)
    page.goto(site.base + then)
    page.get_by_test_id("who").wait_for()


@pytest.fixture(scope="module")
def room(api) -> Room:
    stored = text_pdf("客户来函", "来函单位：某某工程队", "事由：咨询开户手续")
    unassigned = api.ingest("letter.pdf", stored)
    visits = [api.ingest(f"visit-{n}.pdf", text_pdf("客户走访记录", "客户编号：KH-2024-00002", f"走访日期：2024年5月{n}日"))
              for n in (6, 7)]
    room_code = api.post("/api/locations", {"path": SHELF, "capacity": 4, "reason": "新库位"})["created"][0]["code"]
    spare = api.post("/api/locations", {"path": SPARE_SHELF, "capacity": 4, "reason": "新库位"})["code"]
    api.post("/api/boxes", {"code": BOX, "location": SHELF, "reason": "新盒"})
    volume = api.post("/api/volumes", {"customer_no": "KH-2024-00002", "box": BOX, "title": "杭州丝绸走访",
                                       "year": 2024, "retention": "D10", "reason": "立卷"})["archive_no"]
    return Room(unassigned, visits, volume, room_code, spare, stored)


def test_a_folder_dropped_on_the_scanning_desk_is_followed_file_by_file_to_a_tally(page, site, room, api, tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "01-minutes.pdf").write_bytes(text_pdf("会议纪要", "议题：年度走访安排"))
    (folder / "02-memo.pdf").write_bytes(text_pdf("工作备忘", "事项：档案交接"))
    (folder / "03-again.pdf").write_bytes(room.stored)  # already in the archive
    (folder / "04-torn.pdf").write_bytes(b"%PDF-1.4 torn off mid-way")
    (folder / "05-readme.txt").write_text("not a scan")
    (folder / ".06-hidden.pdf").write_bytes(b"%PDF")
    enter(page, site, api, then="/desk")
    expect(page.get_by_role("menuitem")).to_have_text(["检索", "客户", "扫描台", "待处理", "库房", "销毁", "借阅", "库房管理", "统计"])
    assert serious_violations(page) == []

    page.get_by_test_id("pick-folder").set_input_files(folder)
    tally = page.get_by_test_id("summary")
    expect(tally.get_by_test_id("count-done")).to_have_text("已完成 6 / 6")
    expect(tally).to_contain_text("已入库 2")
    expect(tally).to_contain_text("重复 1")
    expect(tally).to_contain_text("失败 1")
    expect(tally).to_contain_text("已跳过 2")
    rows = page.get_by_test_id("files").locator("tbody tr")
    expect(rows.filter(has_text="04-torn.pdf").get_by_test_id("reason")).not_to_be_empty()
    expect(rows.filter(has_text="05-readme.txt").get_by_test_id("reason")).to_have_text("不支持的格式")
    expect(rows.filter(has_text=".06-hidden.pdf").get_by_test_id("reason")).to_have_text("隐藏文件")
    expect(rows.filter(has_text="01-minutes.pdf").get_by_role("link")).to_be_visible()  # the record it made
    assert serious_violations(page) == []
    screenshot(page, "06-scanning-desk")

    dropped = page.evaluate_handle(
        "([name, bytes]) => { const moved = new DataTransfer();"
        " moved.items.add(new File([new Uint8Array(bytes)], name, {type: 'application/pdf'})); return moved }",
        ["dropped.pdf", list(room.stored)])
    page.get_by_test_id("drop").dispatch_event("drop", {"dataTransfer": dropped})  # dragged from the desktop
    expect(tally.get_by_test_id("count-done")).to_have_text("已完成 7 / 7")
    expect(tally).to_contain_text("重复 2")


def test_a_record_is_linked_to_its_customer_from_the_review_queue_with_a_reason(page, site, room, api):
    enter(page, site, api, then="/review?reason=no_customer")
    row = page.get_by_test_id("queue").locator("tbody tr").filter(has_text="letter.pdf")
    expect(row.get_by_test_id("why").filter(has_text="未识别客户")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "07-review-queue")

    row.get_by_test_id("link").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_test_id("confirm").click()
    expect(dialog).to_contain_text("请输入客户编号")  # errors next to their fields, in Chinese
    expect(dialog).to_contain_text("请填写原因")
    dialog.get_by_label("客户编号").fill("KH-2024-00002")
    dialog.get_by_label("原因", exact=True).fill("来函单位为该客户的施工方")
    dialog.get_by_test_id("confirm").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_test_id("queue").locator("tbody tr").filter(has_text="letter.pdf")).to_have_count(0)
    linked = api.client.get(f"/api/documents/{room.unassigned}").json()
    assert linked["customer_no"] == "KH-2024-00002" and linked["link"]["how"] == "manual"


def test_records_are_filed_into_a_volume_in_scan_order_and_its_label_printed(page, site, room, api):
    enter(page, site, api, then="/review?reason=not_filed")
    rows = page.get_by_test_id("queue").locator("tbody tr")
    for name in ("visit-7.pdf", "visit-6.pdf"):  # picked out of order: filing follows the scan order
        rows.filter(has_text=name).locator(".el-checkbox").click()
    page.get_by_test_id("file-selected").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_test_id("file-order").locator("li")).to_have_count(2)
    dialog.get_by_test_id("confirm").click()
    expect(dialog).to_contain_text("请选择案卷")
    dialog.get_by_test_id("volume-select").click()
    page.get_by_role("option", name=re.compile(re.escape(room.volume))).click()
    dialog.get_by_label("原因", exact=True).fill("走访记录归档")
    screenshot(page, "08-file-into-volume")
    dialog.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("filed")).to_contain_text(room.volume)
    catalogue = api.client.get(f"/api/volumes/{room.volume}").json()["catalogue"]
    assert [item["document_id"] for item in catalogue] == room.visits

    with page.expect_popup() as tab, page.expect_response(re.compile(r"/api/labels/.*\.pdf")) as printed:
        page.get_by_test_id("print-volume-label").click()
    assert printed.value.status == 200 and printed.value.headers["content-type"] == "application/pdf"
    expect(tab.value).to_have_url(re.compile("^blob:"))
    with page.expect_popup(), page.expect_response(re.compile(r"/catalogue\.pdf")) as catalogue_pdf:
        page.get_by_test_id("print-catalogue").click()
    assert catalogue_pdf.value.status == 200


def test_a_scanned_code_opens_what_it_names_and_a_box_is_moved_with_a_reason(page, site, room, api):
    enter(page, site, api, then="/room")
    scanner = page.get_by_test_id("scan")
    scanner.press_sequentially("B-02O1")  # a misread: refused with the reason, nothing guessed
    scanner.press("Enter")
    expect(page.get_by_test_id("scan-error")).to_contain_text("B-02O1")
    scanner.press_sequentially(BOX)  # a keyboard-wedge scanner types the code and Enter
    scanner.press("Enter")
    found = page.get_by_test_id("scanned")
    expect(found).to_contain_text(f"档案盒 {BOX}")
    expect(found.get_by_test_id("where")).to_contain_text("B库房 / 01档案柜 1层")
    expect(found).to_contain_text(room.volume)
    expect(scanner).to_be_focused()  # ready for the next scan
    expect(page.get_by_test_id("tree").locator(".is-current > .el-tree-node__content")).to_have_text(f"盒 {BOX}")
    expect(page.get_by_test_id("tree")).to_contain_text("1层 · 容量 1/4 盒")
    assert serious_violations(page) == []
    screenshot(page, "09-archive-room")

    found.get_by_test_id("move-box").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_test_id("confirm").click()
    expect(dialog).to_contain_text("请选择目标库位")
    dialog.get_by_test_id("move-to").click()
    page.get_by_role("option", name=re.compile(re.escape(room.spare_shelf_code))).click()
    dialog.get_by_label("原因", exact=True).fill("1层漏水，临时移库")
    dialog.get_by_test_id("confirm").click()
    expect(dialog).to_be_hidden()
    expect(found.get_by_test_id("where")).to_contain_text("B库房 / 01档案柜 2层")

    found.get_by_role("button", name=room.volume).click()  # what the box holds opens as if scanned
    expect(found).to_contain_text(f"案卷 {room.volume}")


def test_an_inventory_list_is_compared_with_the_shelves_and_the_mismatches_are_listed(page, site, room, api, tmp_path):
    counted = tmp_path / "counted.txt"
    counted.write_text(f"{BOX}\nB-0999\nnot-a-code\n")
    enter(page, site, api, then="/room")
    page.get_by_test_id("inventory-run").click()
    expect(page.get_by_text("请选择盘点库位")).to_be_visible()
    page.get_by_test_id("inventory-place").click()
    page.get_by_role("option", name=f"{ROOM}（{room.room_code}）").click()
    page.get_by_test_id("inventory-file").set_input_files(counted)
    expect(page.get_by_test_id("inventory-codes")).to_have_value(f"{BOX}\nB-0999\nnot-a-code")
    page.get_by_test_id("inventory-run").click()
    report = page.get_by_test_id("inventory-report")
    expect(report).to_contain_text("在位 2")  # the box, and the volume in it
    expect(report).to_contain_text("未知 2")
    expect(report).to_contain_text("no such box on record")
    assert serious_violations(page) == []
    screenshot(page, "10-inventory")

    page.get_by_role("tab", name="差异报告").click()
    expect(page.get_by_test_id("mismatches")).to_contain_text("卷内目录未打印最新版本")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("tab", name="Mismatches")).to_be_visible()


def test_an_auditor_reads_the_archive_room_but_is_offered_no_change(page, site, room):
    enter(page, site, Api(site.base, "zhao"), then="/room")
    expect(page.get_by_role("menuitem", name="库房")).to_be_visible()
    expect(page.get_by_role("menuitem", name="扫描台")).to_have_count(0)
    scanner = page.get_by_test_id("scan")
    scanner.fill(BOX)
    scanner.press("Enter")
    expect(page.get_by_test_id("scanned")).to_contain_text(f"档案盒 {BOX}")
    expect(page.get_by_test_id("move-box")).to_have_count(0)
    expect(page.get_by_role("tab", name="盘点")).to_have_count(0)
    page.goto(site.base + "/desk")  # not theirs: back to where they start
    expect(page.get_by_test_id("drop")).to_have_count(0)
