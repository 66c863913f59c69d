"""Changes that need an approval first (客户档案的修改需经销售经理批准; taking a record out of a confidential
volume is the security officer's decision): refused without one with the request to make, allowed while the
approval lasts, refused again once it has expired."""

from __future__ import annotations

from docarchive.domain.principal import Principal
from docarchive.services.confidentiality import set_volume_level
from docarchive.services.paper.boxes import add_box
from docarchive.services.paper.locations import add_location
from docarchive.services.paper.volumes import add_volume
from tests.api.customer_files import add_customer, add_record
from tests.api.signin import as_user

STAFF = ("li", ("staff",), "销售一部")
MANAGER = ("qian", ("manager",), "销售一部")
ARCHIVIST = ("guan", ("archivist",), "档案室")
SECURITY = ("zhou", ("security",), "保密办")


def kept_by_li(container, customer_no="KH-A"):
    add_customer(container, customer_no, name="甲公司")
    with container.records.unit_of_work() as uow:
        stored = uow.customers.get(customer_no)
        stored.owner, stored.department = "li", "销售一部"
        uow.customers.update(stored)
        uow.commit()


def approved(client, asker, decider, **body):
    asked = client.post("/api/approvals", json={"reason": "客户更名，需更新档案", **body}, headers=as_user(client, *asker))
    assert asked.status_code == 201, asked.text
    decided = client.post(f"/api/approvals/{asked.json()['id']}/approve", json={"reason": "同意"},
                          headers=as_user(client, *decider))
    assert decided.status_code == 200, decided.text


def test_staff_change_their_customer_only_with_an_approved_change_request(client, container):
    kept_by_li(container)
    change = {"grade": "A", "reason": "年度评级"}
    refused = client.patch("/api/customers/KH-A", json=change, headers=as_user(client, *STAFF))
    assert refused.status_code == 403
    assert "approved change request" in refused.json()["detail"] and "subject=KH-A" in refused.json()["detail"]
    assert client.get("/api/customers/KH-A", headers=as_user(client, *STAFF)).json()["profile"].get("grade") is None

    approved(client, STAFF, MANAGER, kind="change", subject="KH-A")
    done = client.patch("/api/customers/KH-A", json=change, headers=as_user(client, *STAFF))
    assert done.status_code == 200, done.text
    history = client.get("/api/customers/KH-A/history", headers=as_user(client, *STAFF)).json()["entries"]
    assert history[0]["user"] == "li" and history[0]["reason"] == "年度评级"

    container.clock.advance(days=8)  # the approval lasted 7 days
    again = client.patch("/api/customers/KH-A", json={"grade": "B", "reason": "复评"},
                         headers=as_user(client, *STAFF))
    assert again.status_code == 403


def test_the_department_manager_changes_directly(client, container):
    kept_by_li(container)
    done = client.patch("/api/customers/KH-A", json={"grade": "A", "reason": "年度评级"},
                        headers=as_user(client, *MANAGER))
    assert done.status_code == 200, done.text


def test_moving_a_record_between_categories_is_a_change_too(client, container):
    kept_by_li(container)
    record = add_record(container, "KH-A", title="采购合同", category="合同协议")
    move = {"category": "其他", "reason": "归类有误"}
    assert client.patch(f"/api/documents/{record.id}", json=move, headers=as_user(client, *STAFF)).status_code == 403
    approved(client, STAFF, MANAGER, kind="change", subject=record.id)
    moved = client.patch(f"/api/documents/{record.id}", json=move, headers=as_user(client, *STAFF))
    assert moved.status_code == 200, moved.text


def test_a_record_leaves_a_confidential_volume_only_with_the_security_officers_approval(client, container):
    kept_by_li(container)
    record = add_record(container, "KH-A", title="担保合同", category="合同协议", pages=2)
    archivist = Principal("guan", ("archivist",), "档案室")
    add_location(container.records, path="A库房/01柜", principal=archivist, clock=container.clock, reason="新柜")
    add_box(container.records, code="B-0001", location="A库房/01柜", principal=archivist, clock=container.clock,
            reason="新盒")
    secret, open_ = (add_volume(container.records, customer_no="KH-A", box="B-0001", rule=container.archive_no_rule,
                                principal=archivist, clock=container.clock, reason="立卷",
                                customer_archive_no_format=container.settings.archive_no_format)
                     for _ in range(2))
    filed = client.put(f"/api/documents/{record.id}/paper", json={"archive_no": secret.archive_no, "reason": "归档"},
                       headers=as_user(client, *ARCHIVIST))
    assert filed.status_code == 200, filed.text
    set_volume_level(container.records, principal=Principal("zhou", ("security",), "保密办"), clock=container.clock,
                     archive_no=secret.archive_no, level="机密", reason="卷内含机密材料")

    out = {"archive_no": open_.archive_no, "reason": "调卷"}
    refused = client.put(f"/api/documents/{record.id}/paper", json=out, headers=as_user(client, *ARCHIVIST))
    assert refused.status_code == 403 and "move_out_of_confidential_volume" in refused.json()["detail"]
    paper = client.get(f"/api/documents/{record.id}/paper", headers=as_user(client, *ARCHIVIST)).json()
    assert paper["paper"]["archive_no"] == secret.archive_no  # nothing moved

    approved(client, ARCHIVIST, SECURITY, kind="move_out_of_confidential_volume", subject=record.id)
    moved = client.put(f"/api/documents/{record.id}/paper", json=out, headers=as_user(client, *ARCHIVIST))
    assert moved.status_code == 200, moved.text
    shown = client.get(f"/api/documents/{record.id}", headers=as_user(client, *ARCHIVIST)).json()
    assert shown["confidentiality"] == "none"  # read under its own level again
