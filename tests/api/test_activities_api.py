"""Activity entries over HTTP: recorded on the customer, listed, validated, and found by search with the records."""

from __future__ import annotations

import pytest

from tests.api.customer_files import add_customer, client  # noqa: F401 (fixture)
from tests.api.signin import as_user

CALL = {"kind": "communication", "occurred_at": "2026-05-05T14:30",
        "details": {"channel": "电话", "contact": "张建国", "summary": "客户询问数控机床交货期，约定下周回复",
                    "follow_up_on": "2026-05-12"}}
SALE = {"kind": "transaction", "occurred_at": "2026-04-01",
        "details": {"product": "数控机床 CK6150", "quantity": 2, "amount": "256000.00"}}
COMPLAINT = {"kind": "complaint", "occurred_at": "2026-04-20",
             "details": {"content": "主轴异响", "handling": "派工程师上门检修", "result": "更换轴承，客户满意"}}


@pytest.fixture(autouse=True)
def customer(container):
    add_customer(container, "KH-9")


def test_an_activity_is_recorded_with_its_category_and_who_recorded_it(client):
    response = client.post("/api/customers/KH-9/activities", json=CALL, headers=as_user(client, "li.sales"))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["category"] == "沟通记录" and body["recorded_by"] == "li.sales"
    assert body["occurred_at"] == "2026-05-05T06:30:00+00:00"  # 14:30 in the deployment's zone (Asia/Shanghai)
    assert body["details"]["follow_up_on"] == "2026-05-12"


def test_activities_are_listed_oldest_first_and_by_kind(client):
    for entry in (CALL, SALE, COMPLAINT):
        assert client.post("/api/customers/KH-9/activities", json=entry).status_code == 201
    listed = client.get("/api/customers/KH-9/activities").json()
    assert [(a["kind"], a["category"]) for a in listed] == [
        ("transaction", "财务往来"), ("complaint", "投诉与处理"), ("communication", "沟通记录")]
    assert listed[0]["details"] == {"product": "数控机床 CK6150", "quantity": "2", "amount": "256000.00"}
    only = client.get("/api/customers/KH-9/activities", params={"kind": "complaint"}).json()
    assert [a["details"]["result"] for a in only] == ["更换轴承，客户满意"]


@pytest.mark.parametrize("change, words", [
    ({"kind": "gossip"}, "unknown activity kind"),
    ({"occurred_at": "yesterday"}, "occurred_at must be a date"),
    ({"occurred_at": "2099-01-01"}, "in the future"),
    ({"details": {"channel": "电话", "contact": "张"}}, "needs summary"),
    ({"details": {**CALL["details"], "mood": "好"}}, "has no field mood"),
    ({"details": {**CALL["details"], "follow_up_on": "2026-05-01"}}, "follow_up_on cannot be before"),
    ({"details": {**CALL["details"], "follow_up_on": "next week"}}, "follow_up_on must be a date"),
])
def test_a_bad_entry_is_refused_with_a_reason_and_nothing_is_stored(client, change, words):
    response = client.post("/api/customers/KH-9/activities", json={**CALL, **change})
    assert response.status_code == 422 and words in response.json()["detail"], response.text
    assert client.get("/api/customers/KH-9/activities").json() == []


@pytest.mark.parametrize("details, words", [
    ({"product": "机床", "quantity": 0, "amount": "1"}, "quantity must be more than 0"),
    ({"product": "机床", "quantity": 1, "amount": "1.234"}, "more than 2 decimals"),
    ({"product": "机床", "quantity": "两台", "amount": "1"}, "quantity must be a number"),
])
def test_a_transaction_needs_a_positive_quantity_and_an_amount_in_fen(client, details, words):
    response = client.post("/api/customers/KH-9/activities", json={**SALE, "details": details})
    assert response.status_code == 422 and words in response.json()["detail"]


def test_activities_of_an_unknown_customer_are_not_found(client):
    assert client.post("/api/customers/KH-404/activities", json=CALL).status_code == 404
    assert client.get("/api/customers/KH-404/activities").status_code == 404


def test_activities_are_found_by_search_with_their_category(client):
    client.post("/api/customers/KH-9/activities", json=COMPLAINT)
    client.post("/api/customers/KH-9/activities", json=CALL)
    found = client.get("/api/search", params={"q": "主轴异响"}).json()
    assert found["total"] == 1, found
    hit = found["hits"][0]
    assert (hit["doc_type"], hit["category"], hit["customer_no"]) == ("activity", "投诉与处理", "KH-9")
    assert hit["snippets"] and "异响" in str(hit["snippets"][0])
    by_category = client.get("/api/search", params={"q": "交货期", "category": "沟通记录"}).json()
    assert [h["kind"] for h in by_category["hits"]] == ["communication"]
