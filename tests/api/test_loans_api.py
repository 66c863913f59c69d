"""/api/loans on both deployments: the lending desk's workflow end to end with the test clock — requests and
who approves them, checkout and return by barcode, the 4-hour limit, overdue, renewal — every refusal, and
what each user sees at each step."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import quote

import pytest

from docarchive.services.loans.queries import on_loan
from tests.api.signin import as_user
from tests.paper_fixtures import store_records

SHELF = "A库房/03密集架/2列/4节/3层"
STAFF = ("li", ("staff",), "销售一部")
OTHER_STAFF = ("zhang", ("staff",), "销售二部")
MANAGER = ("qian", ("manager",), "销售一部")
OTHER_MANAGER = ("sun", ("manager",), "销售二部")
DIRECTOR = ("zhao", ("director",), "总经办")
DEPUTY = ("wang", ("director",), "总经办")


@pytest.fixture
def volumes(client, container):
    """Four volumes of li's customer KH-1 in box B-0012, one per level: none, 秘密, 机密, 绝密."""
    assert client.post("/api/locations", json={"reason": "归档", "path": SHELF}).status_code == 201
    assert client.post("/api/boxes", json={"reason": "归档", "code": "B-0012", "location": SHELF}).status_code == 201
    made = {}
    for level in ("none", "秘密", "机密", "绝密"):
        created = client.post("/api/volumes", json={"reason": "归档", "customer_no": "KH-1", "box": "B-0012",
                                                    "year": 2026, "retention": "D30", "secrecy": level})
        assert created.status_code == 201, created.text
        made[level] = created.json()["archive_no"]
    with container.records.unit_of_work() as uow:
        customer = uow.customers.get("KH-1")
        customer.owner, customer.department = "li", "销售一部"
        uow.customers.update(customer)
        uow.commit()
    return made


def ask(client, who, volumes, mode="out", **extra):
    body = {"volumes": volumes, "purpose": "核对合同原件", "mode": mode, **extra}
    return client.post("/api/loans", json=body, headers=as_user(client, *who))


def decide(client, who, loan_id, step="approve", reason="同意"):
    return client.post(f"/api/loans/{loan_id}/{step}", json={"reason": reason}, headers=as_user(client, *who))


def scan(client, step, code, **extra):
    return client.post(f"/api/loans/{step}", json={"code": code, **extra})  # the desk: an archivist


def located(client, code):
    response = client.get("/api/locate", params={"code": code})
    assert response.status_code == 200, response.text
    return response.json()


def seen(client, who):
    return [loan["id"] for loan in client.get("/api/loans", headers=as_user(client, *who)).json()["loans"]]


def test_a_staff_loan_is_approved_by_their_department_manager_then_goes_out_and_comes_back(client, container,
                                                                                            volumes):
    open_volume = volumes["none"]
    asked = ask(client, STAFF, [open_volume])
    assert asked.status_code == 201, asked.text
    loan = asked.json()
    assert (loan["status"], loan["borrower"], loan["department"], loan["hours"]) == ("pending", "li", "销售一部", 168)
    assert "department manager (销售一部)" in loan["reason"]
    # who sees it: the borrower, their manager, the desk, directors; not another department's people
    assert seen(client, STAFF) == [loan["id"]] and seen(client, MANAGER) == [loan["id"]]
    assert seen(client, DIRECTOR) == [loan["id"]] and seen(client, OTHER_STAFF) == []
    assert seen(client, OTHER_MANAGER) == []
    assert client.get(f"/api/loans/{loan['id']}", headers=as_user(client, *OTHER_STAFF)).status_code == 404
    # who decides: not the borrower, not another department's manager
    assert decide(client, STAFF, loan["id"]).status_code == 403
    assert decide(client, OTHER_MANAGER, loan["id"]).status_code == 404  # not theirs to know of
    assert scan(client, "checkout", open_volume).status_code == 409  # not approved yet
    approved = decide(client, MANAGER, loan["id"])
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert decide(client, DIRECTOR, loan["id"]).status_code == 409  # decided already

    out = scan(client, "checkout", open_volume)
    assert out.status_code == 200, out.text
    lent = out.json()
    now = container.clock.now()
    assert lent["status"] == "lent" and lent["since"] == now.isoformat()
    assert lent["due"] == (now + timedelta(days=7)).isoformat() and lent["volumes"][0]["out_by"] == "local"
    assert lent["text"].startswith("借出：li，自 2026-05-06 17:30 起，应还 2026-05-13 17:30")
    where = located(client, open_volume)
    assert where["loan"] == {"id": loan["id"], "borrower": "li", "since": lent["since"], "due": lent["due"],
                             "text": lent["text"]}
    page = client.get(f"/api/volumes/{quote(open_volume)}").json()
    assert page["loan"]["id"] == loan["id"] and "借出：li" in page["location_path"]
    assert located(client, volumes["秘密"])["loan"] is None
    assert on_loan(container.records, open_volume).loan_id == loan["id"]
    assert scan(client, "checkout", open_volume).status_code == 409  # on loan already

    container.clock.advance(days=2)
    back = scan(client, "return", open_volume, condition="完好，无缺页")
    assert back.status_code == 200, back.text
    assert back.json()["status"] == "returned" and back.json()["volumes"][0]["condition"] == "完好，无缺页"
    assert located(client, open_volume)["loan"] is None and on_loan(container.records, open_volume) is None
    assert scan(client, "return", open_volume).status_code == 409  # not on loan
    history = client.get("/api/loans/report", params={"kind": "history", "volume": open_volume}).json()
    assert [row["status"] for row in history["loans"]] == ["returned"]


def test_a_secret_loan_needs_a_director_lasts_at_most_four_hours_and_is_flagged_overdue(client, container,
                                                                                        volumes):
    secret = volumes["秘密"]
    too_long = ask(client, STAFF, [secret], mode="read", hours=5)
    assert too_long.status_code == 201 and too_long.json()["status"] == "refused"
    assert "at most 4 hours" in too_long.json()["reason"]
    loan = ask(client, STAFF, [secret], mode="out").json()
    assert (loan["status"], loan["hours"], loan["level"]) == ("pending", 4, "秘密") and "director" in loan["reason"]
    assert decide(client, MANAGER, loan["id"]).status_code == 403  # a manager does not approve 秘密
    assert decide(client, DIRECTOR, loan["id"]).json()["status"] == "approved"
    lent = client.post(f"/api/loans/{loan['id']}/checkout").json()
    assert lent["due"] == (container.clock.now() + timedelta(hours=4)).isoformat()

    container.clock.advance(hours=3)
    renewal = client.post(f"/api/loans/{loan['id']}/renew", json={"reason": "还没核对完", "hours": 2},
                          headers=as_user(client, *STAFF)).json()
    assert renewal["renewals"][-1]["state"] == "refused" and "4 hours" in renewal["renewals"][-1]["decision_reason"]
    assert renewal["due"] == lent["due"]
    assert client.get("/api/loans", params={"overdue": "true"}).json()["loans"] == []

    container.clock.advance(hours=1, minutes=1)
    overdue = client.get("/api/loans", params={"overdue": "true"}).json()
    assert [row["id"] for row in overdue["loans"]] == [loan["id"]] and overdue["overdue"] == 1
    assert overdue["loans"][0]["overdue"] is True
    mine = client.get("/api/loans", params={"overdue": "true"}, headers=as_user(client, *STAFF)).json()
    assert mine["overdue"] == 1  # the borrower sees their own loan flagged
    assert client.get("/api/loans", params={"overdue": "true"},
                      headers=as_user(client, *OTHER_MANAGER)).json()["loans"] == []
    report = client.get("/api/loans/report", params={"kind": "overdue"}).json()
    assert [row["id"] for row in report["loans"]] == [loan["id"]]
    assert scan(client, "return", secret).json()["status"] == "returned"
    assert client.get("/api/loans", params={"overdue": "true"}).json()["loans"] == []


def test_a_renewal_needs_approval_again_and_moves_the_due_time_everywhere(client, container, volumes):
    open_volume = volumes["none"]
    loan = ask(client, STAFF, [open_volume]).json()
    decide(client, MANAGER, loan["id"])
    lent = scan(client, "checkout", open_volume).json()
    container.clock.advance(days=6)
    asked = client.post(f"/api/loans/{loan['id']}/renew", json={"reason": "项目延期", "hours": 72},
                        headers=as_user(client, *STAFF)).json()
    assert asked["renewals"][-1]["state"] == "pending" and asked["due"] == lent["due"]
    assert decide(client, STAFF, loan["id"]).status_code == 403
    renewed = decide(client, MANAGER, loan["id"], reason="同意续借").json()
    due = datetime.fromisoformat(lent["due"]) + timedelta(hours=72)
    assert renewed["renewals"][-1]["state"] == "approved" and renewed["due"] == due.isoformat()
    assert located(client, open_volume)["loan"]["due"] == due.isoformat()
    container.clock.advance(days=2)
    assert client.get("/api/loans", params={"overdue": "true"}).json()["loans"] == []


@pytest.mark.parametrize("level, mode, why", [("绝密", "read", "never lent"), ("机密", "out", "archive room only"),
                                              ("机密", "copy", "archive room only")])
def test_the_rules_refuse_top_secret_loans_and_confidential_volumes_leaving_the_room(client, volumes, level, mode,
                                                                                     why):
    refused = ask(client, STAFF, [volumes[level]], mode=mode)
    assert refused.status_code == 201, refused.text
    assert refused.json()["status"] == "refused" and why in refused.json()["reason"]
    assert decide(client, DIRECTOR, refused.json()["id"]).status_code == 409
    assert scan(client, "checkout", volumes[level]).status_code == 409


def test_a_confidential_volume_is_read_in_the_room_with_a_directors_approval(client, volumes):
    loan = ask(client, STAFF, [volumes["机密"]], mode="read").json()
    assert (loan["status"], loan["hours"]) == ("pending", 4)
    assert decide(client, MANAGER, loan["id"]).status_code == 403
    assert decide(client, DIRECTOR, loan["id"]).json()["status"] == "approved"


def test_a_director_borrows_non_secret_volumes_directly_but_not_secret_ones(client, volumes):
    own = ask(client, DIRECTOR, [volumes["none"]]).json()
    assert own["status"] == "approved" and own["decided_by"] == "zhao"
    secret = ask(client, DIRECTOR, [volumes["秘密"]], mode="read").json()
    assert secret["status"] == "pending"
    assert decide(client, DIRECTOR, secret["id"]).status_code == 403  # nobody approves their own
    assert decide(client, DEPUTY, secret["id"]).json()["status"] == "approved"


def test_the_desk_files_for_a_borrower_by_box_and_the_borrower_sees_it(client, volumes):
    as_user(client, *STAFF)  # li has an account
    asked = client.post("/api/loans", json={"boxes": ["B-0012"], "borrower": "li", "purpose": "年度审计",
                                            "mode": "read"})
    assert asked.status_code == 201, asked.text
    loan = asked.json()
    assert len(loan["volumes"]) == 4 and loan["status"] == "refused" and "绝密" in loan["reason"]
    assert loan["id"] in seen(client, STAFF)
    stranger = client.post("/api/loans", json={"volumes": [volumes["none"]], "borrower": "nobody",
                                               "purpose": "x", "mode": "read"})
    assert stranger.status_code == 422 and "no user" in stranger.json()["detail"]
    for_other = client.post("/api/loans", json={"volumes": [volumes["none"]], "borrower": "local", "purpose": "x",
                                                "mode": "read"}, headers=as_user(client, *STAFF))
    assert for_other.status_code == 403


def test_a_volume_on_loan_is_not_moved_nor_re_filed_and_inventory_counts_it_out_not_missing(client, container,
                                                                                             volumes):
    open_volume, other = volumes["none"], volumes["秘密"]
    [record] = store_records(container.records, "a")
    assert client.post(f"/api/volumes/{quote(open_volume)}/items",
                       json={"reason": "归档", "document_ids": [record]}).status_code == 201
    loan = ask(client, STAFF, [open_volume]).json()
    decide(client, MANAGER, loan["id"])
    scan(client, "checkout", open_volume)
    client.post("/api/locations", json={"reason": "调整", "path": "A库房/04密集架/1列/1节/1层"})
    moved = client.post("/api/boxes/B-0012/move", json={"reason": "调整库位", "to": "A库房/04密集架/1列/1节/1层"})
    assert moved.status_code == 409 and "on loan" in moved.json()["detail"]
    refiled = client.put(f"/api/documents/{record}/paper", json={"reason": "调卷", "archive_no": other})
    assert refiled.status_code == 409 and "on loan" in refiled.json()["detail"]
    report = client.post("/api/inventory", json={"location": SHELF, "codes": [other]}).json()
    assert open_volume not in [row["code"] for row in report["missing"]]
    assert [row["code"] for row in report["on_loan"]] == [open_volume]
    box_scanned = client.post("/api/inventory", json={"location": SHELF, "codes": ["B-0012"]}).json()
    assert open_volume not in [row["code"] for row in box_scanned["found"]]  # its box is here; it is not
    assert [row["code"] for row in box_scanned["on_loan"]] == [open_volume]
    record_located = located(client, record)
    assert record_located["loan"]["borrower"] == "li" and "借出：li" in record_located["paper"]["text"]


def test_scanning_something_else_than_a_volume_is_refused_with_a_reason(client, volumes):
    assert scan(client, "checkout", "not a code!").status_code == 400
    assert scan(client, "checkout", "B-0012").status_code == 422
    assert scan(client, "checkout", "Z001-KH·2026-D30-DAS-0999").status_code == 404
    staff_scan = client.post("/api/loans/checkout", json={"code": volumes["none"]}, headers=as_user(client, *STAFF))
    assert staff_scan.status_code == 403


def test_the_loan_report_downloads_as_a_formula_safe_spreadsheet(client, volumes):
    from io import BytesIO

    from openpyxl import load_workbook

    ask(client, STAFF, [volumes["none"]], purpose="=HYPERLINK(\"http://x\")")
    response = client.get("/api/loans/report", params={"kind": "history", "borrower": "li", "format": "xlsx"})
    assert response.status_code == 200 and "spreadsheetml" in response.headers["content-type"]
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert rows[0][0] == "loan" and rows[1][9].startswith("'=")


def test_the_loan_report_prints_as_a_pdf_with_the_rows_of_the_spreadsheet_the_user_may_see(client, container,
                                                                                          volumes):
    from io import BytesIO

    from openpyxl import load_workbook

    from tests.printing.pages import page_texts

    mine = ask(client, STAFF, [volumes["none"]]).json()
    directors = ask(client, DIRECTOR, [volumes["none"]]).json()
    query = {"kind": "history", "volume": volumes["none"]}
    sheet = client.get("/api/loans/report", params={**query, "format": "xlsx"}, headers=as_user(client, *STAFF))
    assert [row[0] for row in list(load_workbook(BytesIO(sheet.content)).active.values)[1:]] == [mine["id"]]
    printed = client.get("/api/loans/report", params={**query, "format": "pdf"}, headers=as_user(client, *STAFF))
    assert printed.status_code == 200 and printed.headers["content-type"] == "application/pdf"
    assert printed.content.startswith(b"%PDF") and 'filename="loans-history.pdf"' in printed.headers[
        "content-disposition"]
    text = "".join(page_texts(printed.content)).replace("\r", "").replace("\n", "")
    assert "借阅报表 · 借阅历史" in text and mine["id"] in text and volumes["none"] in text
    assert directors["id"] not in text  # the director's loan is not li's to know of
    everyone = client.get("/api/loans/report", params={**query, "format": "pdf"}).content  # the desk
    assert directors["id"] in "".join(page_texts(everyone)).replace("\r", "").replace("\n", "")
    exports = [e.detail for e in container.audit.list(limit=100) if e.action == "export" and e.subject == "loans"]
    assert sorted(detail["format"] for detail in exports) == ["pdf", "pdf", "xlsx"]


def test_a_loan_report_format_it_does_not_make_is_refused_with_the_ones_it_does(client, volumes):
    refused = client.get("/api/loans/report", params={"format": "docx"})
    assert refused.status_code == 422 and "pdf" in refused.text and "xlsx" in refused.text
