"""/api/approvals: request, what waits for whom, approve/reject/cancel with reasons, the grants approvals give."""

from __future__ import annotations

from dataclasses import replace

import pytest

from docarchive.domain.documents import Confidentiality
from docarchive.services.approvals import live_grants_for
from tests.api.customer_files import add_customer, add_record
from tests.api.signin import as_user

STAFF = ("li", ("staff",), "销售一部")
DIRECTOR = ("zhao", ("director",), "总经办")
MANAGER = ("qian", ("manager",), "销售二部")
SECURITY = ("zhou", ("security",), "保密办")


@pytest.fixture
def secret_record(container):
    add_customer(container, "KH-A", name="甲公司")
    document = add_record(container, "KH-A", title="采购合同", category="合同协议")
    with container.records.unit_of_work() as uow:
        uow.documents.update(replace(uow.documents.get(document.id), confidentiality=Confidentiality.SECRET))
        uow.commit()
    return document


def second_department_customer(container):
    customer = add_customer(container, "KH-B", name="乙公司")
    with container.records.unit_of_work() as uow:
        stored = uow.customers.get("KH-B")
        stored.department = "销售二部"
        uow.customers.update(stored)
        uow.commit()
    return customer


def ask(client, who, **body):
    return client.post("/api/approvals", json={"reason": "核对合同条款", **body}, headers=as_user(client, *who))


def test_a_secret_reading_approved_by_a_director_is_a_four_hour_grant(client, container, secret_record):
    asked = ask(client, STAFF, kind="read_record", subject=secret_record.id)
    assert asked.status_code == 201, asked.text
    request = asked.json()
    assert (request["state"], request["hours"], request["level"]) == ("pending", 4, "秘密")
    approved = client.post(f"/api/approvals/{request['id']}/approve", json={"reason": "同意"},
                           headers=as_user(client, *DIRECTOR))
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    grants = live_grants_for(container.approvals, user="li", now=container.clock.now())
    assert [(g.kind, g.subject) for g in grants] == [("record", secret_record.id)]
    container.clock.advance(hours=4)
    assert live_grants_for(container.approvals, user="li", now=container.clock.now()) == ()
    mine = client.get("/api/approvals?mine=true", headers=as_user(client, *STAFF)).json()["approvals"]
    assert [r["state"] for r in mine] == ["expired"]


def test_a_reading_longer_than_four_hours_is_refused(client, secret_record):
    response = ask(client, STAFF, kind="read_record", subject=secret_record.id, hours=5)
    assert response.status_code == 422 and "4 hours" in response.json()["detail"]


def test_what_waits_is_listed_for_whoever_may_decide_it(client, container, secret_record):
    second_department_customer(container)
    reading = ask(client, STAFF, kind="read_record", subject=secret_record.id).json()
    access = ask(client, STAFF, kind="customer_access", subject="KH-B").json()
    waiting = lambda who: [r["id"] for r in client.get("/api/approvals", headers=as_user(client, *who)).json()["approvals"]]  # noqa: E501,E731
    assert waiting(DIRECTOR) == [access["id"], reading["id"]]
    assert waiting(MANAGER) == [access["id"]]
    assert waiting(SECURITY) == [] and waiting(STAFF) == []
    assert access["department"] == "销售二部" and access["hours"] == 7 * 24


def test_a_manager_may_not_approve_a_secret_reading(client, secret_record):
    request = ask(client, STAFF, kind="read_record", subject=secret_record.id).json()
    response = client.post(f"/api/approvals/{request['id']}/approve", json={"reason": "同意"},
                           headers=as_user(client, *MANAGER))
    assert response.status_code == 403


def test_nobody_approves_their_own_request(client, secret_record):
    request = ask(client, DIRECTOR, kind="read_record", subject=secret_record.id).json()
    response = client.post(f"/api/approvals/{request['id']}/approve", json={"reason": "同意"},
                           headers=as_user(client, *DIRECTOR))
    assert response.status_code == 403 and "own" in response.json()["detail"]


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}])
def test_every_step_needs_a_reason(client, secret_record, body):
    assert client.post("/api/approvals", json={"kind": "read_record", "subject": secret_record.id,
                                               **body}, headers=as_user(client, *STAFF)).status_code == 422
    request = ask(client, STAFF, kind="read_record", subject=secret_record.id).json()
    for step, who in (("approve", DIRECTOR), ("reject", DIRECTOR), ("cancel", STAFF)):
        response = client.post(f"/api/approvals/{request['id']}/{step}", json=body, headers=as_user(client, *who))
        assert response.status_code == 422, (step, response.text)


def test_a_rejected_request_grants_nothing_and_is_decided_once(client, container, secret_record):
    request = ask(client, STAFF, kind="read_record", subject=secret_record.id).json()
    rejected = client.post(f"/api/approvals/{request['id']}/reject", json={"reason": "无业务需要"},
                           headers=as_user(client, *DIRECTOR))
    assert rejected.json()["state"] == "rejected" and rejected.json()["decision_reason"] == "无业务需要"
    again = client.post(f"/api/approvals/{request['id']}/approve", json={"reason": "同意"},
                        headers=as_user(client, *DIRECTOR))
    assert again.status_code == 409
    assert live_grants_for(container.approvals, user="li", now=container.clock.now()) == ()


def test_the_requester_cancels_a_pending_request(client, secret_record):
    request = ask(client, STAFF, kind="read_record", subject=secret_record.id).json()
    other = client.post(f"/api/approvals/{request['id']}/cancel", json={"reason": "x"},
                        headers=as_user(client, *DIRECTOR))
    assert other.status_code == 403
    cancelled = client.post(f"/api/approvals/{request['id']}/cancel", json={"reason": "不需要了"},
                            headers=as_user(client, *STAFF))
    assert cancelled.json()["state"] == "cancelled"


def test_moving_out_of_a_confidential_volume_waits_for_the_security_officer(client, secret_record):
    request = ask(client, STAFF, kind="move_out_of_confidential_volume", subject=secret_record.id).json()
    waiting = client.get("/api/approvals", headers=as_user(client, *SECURITY)).json()["approvals"]
    assert [r["id"] for r in waiting] == [request["id"]]


def test_a_request_about_nothing_on_file_is_not_found(client):
    assert ask(client, STAFF, kind="customer_access", subject="KH-NONE").status_code == 404
    assert ask(client, STAFF, kind="read_record", subject="01JNOTHING").status_code == 404
    assert client.post("/api/approvals/01JNOTHING/approve", json={"reason": "x"},
                       headers=as_user(client, *DIRECTOR)).status_code == 404


def test_every_step_is_in_the_audit_trail(client, container, secret_record):
    request = ask(client, STAFF, kind="read_record", subject=secret_record.id).json()
    client.post(f"/api/approvals/{request['id']}/approve", json={"reason": "同意"},
                headers=as_user(client, *DIRECTOR))
    client.post(f"/api/approvals/{request['id']}/reject", json={"reason": "晚了"}, headers=as_user(client, *DIRECTOR))
    events = [(e.action, e.user, e.outcome) for e in container.audit.list(limit=50)
              if (e.subject or "").startswith("approval:")]
    assert events == [("reject", "zhao", "failed"), ("approve", "zhao", "ok"), ("request", "li", "ok")]
    assert all(e.document_id == secret_record.id for e in container.audit.list(limit=50)
               if (e.subject or "").startswith("approval:"))
