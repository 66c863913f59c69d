"""/api/customers and /api/stats: profiles, changes with reasons, history, records by category, statistics."""

from __future__ import annotations

import pytest

from tests.api.test_documents_api import _png, client  # noqa: F401  (the API client fixture)
from tests.api.uploads import upload
from tests.api.signin import as_user

PROFILE = {
    "customer_no": "KH-2026-00001", "name": "杭州西湖机电有限公司", "type": "企业", "role": "经销商",
    "industry": "制造业", "region": "浙江省杭州市西湖区", "grade": "B", "status": "active",
    "tax_number": "91350100M000100Y43", "registered_capital": "500万", "founded_on": "2015-06-01",
    "contacts": [{"name": "张三", "title": "采购经理", "phones": ["138 1234 5678"], "email": "zs@example.com"}],
    "evaluation": {"value": 4, "potential": 3, "loyalty": 5, "credit_rating": "AA", "evaluated_on": "2026-01-05"},
    "account_manager": "李四", "department": "华东销售部", "reason": "新客户建档",
}


@pytest.fixture
def customer(client):
    response = client.post("/api/customers", json=PROFILE, headers=as_user(client, "wang"))
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_new_customer_gets_an_archive_number_and_a_canonical_profile(customer):
    assert customer["archive_no"] == "KH-2026-000001"
    assert customer["profile"]["type"] == "enterprise" and customer["profile"]["registered_capital"] == 5_000_000
    assert customer["profile"]["region"] == {"province": "浙江省", "city": "杭州市", "district": "西湖区"}
    assert customer["department"] == "华东销售部"


def test_bad_fields_get_a_422_listing_each_field(client):
    bad = {**PROFILE, "grade": "F", "tax_number": "91350100M000100Y44",
           "contacts": [{"name": "张三", "phones": ["12345"]}]}
    response = client.post("/api/customers", json=bad)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"grade", "tax_number", "contacts[0].phones[0]"}
    assert "grade" in response.json()["detail"]
    assert client.get(f"/api/customers/{PROFILE['customer_no']}").status_code == 404


def test_adding_an_existing_customer_number_is_a_conflict(client, customer):
    assert client.post("/api/customers", json=PROFILE).status_code == 409


def test_a_change_without_a_reason_is_refused_and_nothing_changes(client, customer):
    response = client.patch(f"/api/customers/{customer['customer_no']}", json={"grade": "A"})
    assert response.status_code == 422 and "reason" in response.json()["detail"]
    assert client.get(f"/api/customers/{customer['customer_no']}").json()["profile"]["grade"] == "B"


def test_a_change_is_applied_and_kept_in_the_history_with_who_and_why(client, customer):
    no = customer["customer_no"]
    response = client.patch(f"/api/customers/{no}", json={"grade": "A", "region": {"district": "上城区"},
                                                         "reason": "年度评级上调"},
                            headers=as_user(client, "zhao"))
    assert response.status_code == 200, response.json()
    assert response.json()["profile"]["region"] == {"province": "浙江省", "city": "杭州市", "district": "上城区"}
    entries = client.get(f"/api/customers/{no}/history").json()["entries"]
    assert [(e["user"], e["reason"]) for e in entries] == [("zhao", "年度评级上调"), ("wang", "新客户建档")]
    assert entries[0]["changes"]["grade"] == {"before": "B", "after": "A"}
    assert set(entries[0]["changes"]) == {"grade", "region"}


def test_a_chinese_user_name_is_recorded_as_signed_in(client, customer):
    no = customer["customer_no"]
    response = client.patch(f"/api/customers/{no}", json={"grade": "C", "reason": "复核"},
                            headers=as_user(client, "赵敏"))
    assert response.status_code == 200, response.json()
    assert client.get(f"/api/customers/{no}/history").json()["entries"][0]["user"] == "赵敏"


def test_a_user_header_names_no_one(client, customer):
    """The old trusted-front-end header is gone: without a token nothing is read or changed."""
    response = client.patch(f"/api/customers/{customer['customer_no']}", json={"grade": "C", "reason": "复核"},
                            headers={"X-Docarchive-User": "%E7%8E%8B%E8%8A%B3", "Authorization": ""})
    assert response.status_code == 401


def test_a_change_that_changes_nothing_leaves_no_history(client, customer):
    no = customer["customer_no"]
    client.patch(f"/api/customers/{no}", json={"grade": "B", "reason": "核对"})
    assert len(client.get(f"/api/customers/{no}/history").json()["entries"]) == 1


def test_the_customer_number_and_archive_number_cannot_be_edited(client, customer):
    response = client.patch(f"/api/customers/{customer['customer_no']}", json={"archive_no": "X", "reason": "r"})
    assert response.status_code == 422 and "archive_no" in response.json()["errors"]


def test_editing_an_unknown_customer_is_not_found(client):
    assert client.patch("/api/customers/KH-0", json={"grade": "A", "reason": "r"}).status_code == 404
    assert client.get("/api/customers/KH-0/history").status_code == 404


def test_customers_are_listed_in_number_order_page_by_page(client):
    for n in (3, 1, 2):
        client.post("/api/customers", json={"reason": "整理归档", "customer_no": f"KH-{n}", "name": f"客户{n}"})
    first = client.get("/api/customers", params={"limit": 2}).json()
    assert [c["customer_no"] for c in first["customers"]] == ["KH-1", "KH-2"]
    rest = client.get("/api/customers", params={"after": first["next_after"]}).json()
    assert [c["customer_no"] for c in rest["customers"]] == ["KH-3"] and rest["next_after"] is None


def test_the_customer_page_groups_the_records_by_category(client, customer):
    status, record = upload(client, files={"files": ("c.png", _png(["客户投诉处理单", "投诉内容：交货延迟"]), "image/png")},
                            data={"customer_no": customer["customer_no"]})
    assert status == 201, record
    page = client.get(f"/api/customers/{customer['customer_no']}").json()
    assert list(page["records"])[:2] == ["基础资料", "合同协议"]
    assert [r["id"] for r in page["records"][record["category"]]] == [record["id"]]
    assert page["record_count"] == 1


def test_statistics_count_customers_by_profile_and_records_by_category(client, customer):
    client.post("/api/customers", json={"reason": "整理归档", "customer_no": "KH-2", "name": "个人客户", "type": "个人", "grade": "B"})
    stats = client.get("/api/stats").json()
    assert stats["customers"] == 2
    assert stats["by_grade"] == {"B": 2}
    assert stats["by_type"] == {"enterprise": 1, "individual": 1}
    assert stats["by_region"] == {"unset": 1, "浙江省": 1}
    assert stats["by_industry"] == {"unset": 1, "制造业": 1}
    assert stats["new_per_month"] == {"2026-05": 2}
    assert stats["completeness_rate"] == 0.0  # neither file holds the documents its type's rules ask for


def test_an_ingested_archive_card_opens_a_customer_with_a_valid_profile(client):
    lines = ["客户档案卡", "客户编号：KH-2019-00042", "客户名称：上海华东机电设备有限公司", "法定代表人：张建国",
             "联系电话：021-65432100", "所属行业：制造业    客户等级：B级"]
    status, _card = upload(client, files={"files": ("card.png", _png(lines), "image/png")})
    assert status == 201
    profile = client.get("/api/customers/KH-2019-00042").json()["profile"]
    assert profile["grade"] == "B" and profile["legal_representative"] == "张建国"
    assert profile["contacts"] == [{"name": "张建国", "title": "法定代表人", "phones": ["021-65432100"]}]


def test_a_customer_opened_by_ingest_has_its_opening_in_the_history(client):
    lines = ["客户档案卡", "客户编号：KH-2019-00042", "客户名称：上海华东机电设备有限公司", "所属行业：制造业"]
    upload(client, files={"files": ("card.png", _png(lines), "image/png")})
    entries = client.get("/api/customers/KH-2019-00042/history").json()["entries"]
    assert [(e["user"], e["reason"]) for e in entries] == [("local", "opened from an ingested record")]
    assert entries[0]["changes"]["name"] == {"before": None, "after": "上海华东机电设备有限公司"}


def test_statistics_export_as_a_spreadsheet_keeps_profile_text_from_running_as_a_formula(client, customer):
    import csv
    import io

    client.post("/api/customers", json={"reason": "整理归档", "customer_no": "KH-2", "name": "某公司",
                                        "industry": "=HYPERLINK(1)"})
    response = client.get("/api/stats/export", params={"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["figure", "value", "count"]
    assert ["customers", "", "2"] in rows and ["by_industry", "'=HYPERLINK(1)", "1"] in rows
    xlsx = client.get("/api/stats/export", params={"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
