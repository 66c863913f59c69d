"""资料齐全 and 定期回访 over HTTP: one file's completeness, the report across files, and reviews falling due."""

from __future__ import annotations

import pytest

from docarchive.domain.documents import DocType
from tests.api.customer_files import add_customer, add_record, client  # noqa: F401 (fixture)
from tests.api.signin import as_user


def full_enterprise_file(container, customer_no: str) -> None:
    add_customer(container, customer_no, kind="enterprise")
    add_record(container, customer_no, doc_type=DocType.ARCHIVE_CARD, title="客户档案卡", category="基础资料")
    add_record(container, customer_no, title="营业执照", category="基础资料")
    add_record(container, customer_no, doc_type=DocType.ID_CARD, title="居民身份证复印件 张建国", category="基础资料")
    add_record(container, customer_no, doc_type=DocType.CONTRACT, title="采购合同", category="合同协议", pages=3)


def test_a_file_shows_what_is_present_missing_and_of_the_wrong_length(client, container):
    add_customer(container, "KH-1", kind="individual")
    card = add_record(container, "KH-1", doc_type=DocType.ARCHIVE_CARD, title="客户档案卡", category="基础资料",
                      pages=2)
    body = client.get("/api/customers/KH-1/completeness").json()
    assert body["customer_type"] == "individual" and body["complete"] is False
    assert body["present"]["archive_card"] == [card.id]
    assert [m["key"] for m in body["missing"]] == ["id_copy", "contract"]
    assert body["page_mismatches"][0] == {"key": "archive_card", "label": "客户档案卡", "document_id": card.id,
                                          "expected_pages": 1, "pages": 2}


def test_a_complete_enterprise_file_is_complete(client, container):
    full_enterprise_file(container, "KH-2")
    body = client.get("/api/customers/KH-2/completeness").json()
    assert body["complete"] is True and body["missing"] == [] and body["page_mismatches"] == []


def test_the_report_covers_every_customer_with_the_completeness_rate(client, container):
    full_enterprise_file(container, "KH-2")
    add_customer(container, "KH-3", kind=None)
    report = client.get("/api/reports/completeness").json()
    assert (report["customers"], report["complete"], report["rate"]) == (2, 1, 0.5)
    assert {f["customer_no"]: f["complete"] for f in report["files"]} == {"KH-2": True, "KH-3": False}
    only = client.get("/api/reports/completeness", params={"only_incomplete": True}).json()
    assert [f["customer_no"] for f in only["files"]] == ["KH-3"] and only["files"][0]["customer_type"] == "default"


def test_completeness_rate_is_exposed_for_the_statistics(container):
    from docarchive.domain.principal import LOCAL_ARCHIVIST
    from docarchive.services.completeness import completeness_rate

    rules = container.completeness_rules
    assert completeness_rate(container.records, principal=LOCAL_ARCHIVIST, rules=rules) == 1.0  # no customers yet
    full_enterprise_file(container, "KH-2")
    add_customer(container, "KH-3")
    assert completeness_rate(container.records, principal=LOCAL_ARCHIVIST, rules=rules) == 0.5


def test_a_missing_customer_has_no_completeness(client):
    assert client.get("/api/customers/KH-404/completeness").status_code == 404


def test_files_not_reviewed_for_twelve_months_are_due_until_a_review_is_recorded(client, container, clock):
    add_customer(container, "KH-OLD", opened=clock.now())
    clock.advance(days=200)
    add_customer(container, "KH-NEW", opened=clock.now())
    assert client.get("/api/reports/review-due").json()["count"] == 0
    clock.advance(days=200)  # KH-OLD opened 400 days ago, KH-NEW 200
    due = client.get("/api/reports/review-due").json()
    assert [c["customer_no"] for c in due["customers"]] == ["KH-OLD"] and due["interval_months"] == 12
    assert due["customers"][0]["last_reviewed_at"] is None and due["customers"][0]["days_overdue"] == 35

    review = client.post("/api/customers/KH-OLD/reviews", json={"note": "电话回访，信息无变化"},
                         headers=as_user(client, "li.sales"))
    assert review.status_code == 201 and review.json()["details"] == {"note": "电话回访，信息无变化",
                                                                       "reviewer": "li.sales"}
    assert client.get("/api/reports/review-due").json()["count"] == 0
    clock.advance(days=366)
    assert [c["customer_no"] for c in client.get("/api/reports/review-due").json()["customers"]] == [
        "KH-NEW", "KH-OLD"]


def test_a_review_of_a_missing_customer_is_not_found(client):
    assert client.post("/api/customers/KH-404/reviews").status_code == 404
