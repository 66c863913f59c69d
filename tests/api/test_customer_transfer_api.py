"""Customer files' keepers: owner and department on add/edit, and the recorded transfer to another keeper —
one history entry per customer, one audit event, and search entries that follow."""

from __future__ import annotations

import pytest

from tests.api.customer_files import add_record
from tests.api.signin import as_user

STAFF = ("wang", ("staff",), "销售一部")
MANAGER = ("qian", ("manager",), "销售一部")
OTHER_MANAGER = ("sun", ("manager",), "销售二部")
DIRECTOR = ("zhao", ("director",), "总经办")


def add(client, no, who=None, **fields):
    response = client.post("/api/customers", json={"customer_no": no, "name": f"客户{no}", "reason": "新客户",
                                                   **fields}, headers=as_user(client, *who) if who else {})
    assert response.status_code == 201, response.text
    return response.json()


def test_staff_keep_the_files_they_open_and_an_archivist_names_the_keeper(client):
    mine = add(client, "KH-1", STAFF)
    assert (mine["owner"], mine["department"]) == ("wang", "销售一部")
    named = add(client, "KH-2", STAFF, owner="li", department="销售二部")
    assert (named["owner"], named["department"]) == ("li", "销售二部")
    by_archivist = add(client, "KH-3")
    assert (by_archivist["owner"], by_archivist["department"]) == ("", "")
    assert client.get("/api/customers").json()["customers"][0]["owner"] == "wang"


def test_an_edit_changes_the_keeper_with_its_reason_in_the_history(client):
    add(client, "KH-1", owner="wang", department="销售一部")
    edited = client.patch("/api/customers/KH-1", json={"owner": "li", "reason": "调整客户经理"})
    assert edited.status_code == 200 and edited.json()["owner"] == "li"
    [latest, _] = client.get("/api/customers/KH-1/history").json()["entries"]
    assert latest["reason"] == "调整客户经理" and latest["changes"]["owner"] == {"before": "wang", "after": "li"}


@pytest.fixture
def files(client):
    for no in ("KH-1", "KH-2"):
        add(client, no, owner="wang", department="销售一部")
    add(client, "KH-3", owner="li", department="销售一部")
    add(client, "KH-9", owner="wang", department="销售二部")


def transfer(client, who=DIRECTOR, **body):
    return client.post("/api/customers/transfer", json={"from_owner": "wang", "to_owner": "li",
                                                        "reason": "王芳离职，客户移交李强", **body},
                       headers=as_user(client, *who))


def test_a_transfer_hands_over_every_file_of_the_keeper_with_one_history_entry_each(client, container, files):
    response = transfer(client)
    assert response.status_code == 200, response.text
    assert response.json()["count"] == 3
    for no in ("KH-1", "KH-2", "KH-9"):
        shown = client.get(f"/api/customers/{no}").json()
        assert shown["owner"] == "li"
        [entry, _] = client.get(f"/api/customers/{no}/history").json()["entries"]
        assert (entry["user"], entry["reason"]) == ("zhao", "王芳离职，客户移交李强")
        assert entry["changes"] == {"owner": {"before": "wang", "after": "li"}}
    [event] = [e for e in container.audit.list(limit=100) if e.action == "transfer"]
    assert (event.user, event.outcome, event.detail["customers"]) == ("zhao", "ok", ["KH-1", "KH-2", "KH-9"])


def test_a_transfer_may_name_the_files_and_the_new_department(client, files):
    response = transfer(client, customer_nos=["KH-2"], to_department="销售三部")
    assert response.json()["customers"] == [{"customer_no": "KH-2", "name": "客户KH-2", "owner": "li",
                                             "department": "销售三部"}]
    assert client.get("/api/customers/KH-1").json()["owner"] == "wang"


def test_a_named_file_someone_else_keeps_is_refused_and_nothing_moves(client, files):
    response = transfer(client, customer_nos=["KH-1", "KH-3"])
    assert response.status_code == 422 and "KH-3" in response.json()["detail"]
    assert client.get("/api/customers/KH-1").json()["owner"] == "wang"


def test_a_manager_transfers_within_their_department_only(client, files):
    assert transfer(client, MANAGER).status_code == 403  # KH-9 is another department's
    assert transfer(client, MANAGER, customer_nos=["KH-1", "KH-2"]).status_code == 200
    assert transfer(client, OTHER_MANAGER, customer_nos=["KH-9"], to_department="销售一部").status_code == 403


def test_staff_may_not_transfer(client, files):
    assert transfer(client, STAFF).status_code == 403
    assert client.get("/api/customers/KH-1").json()["owner"] == "wang"


def test_the_records_search_entries_follow_the_transfer(client, container, files):
    filed = add_record(container, "KH-1", title="采购合同", category="合同协议")
    _send_pending(container)
    assert _entries_behind(container, "KH-1", owner="li") == [filed.id]  # the entry says wang
    transfer(client, customer_nos=["KH-1"], to_department="销售二部")
    _send_pending(container)
    assert _entries_behind(container, "KH-1") == []  # the entry says li, 销售二部: the customer's keeper


def test_the_customers_activity_entries_follow_the_transfer_and_stay_searchable(client, container, files):
    call = {"kind": "communication", "occurred_at": "2026-05-05T14:30",
            "details": {"channel": "电话", "contact": "张建国", "summary": "约定交货期"}}
    entry = client.post("/api/customers/KH-1/activities", json=call)
    assert entry.status_code == 201, entry.text
    _send_pending(container)
    assert _entries_behind(container, "KH-1", owner="li") == [entry.json()["id"]]
    transfer(client, customer_nos=["KH-1"])
    _send_pending(container)
    assert _entries_behind(container, "KH-1") == []
    hits = client.get("/api/search", params={"q": "交货期"}).json()["hits"]
    assert [hit["id"] for hit in hits] == [entry.json()["id"]]


def _send_pending(container):
    if container.indexing is not None:  # the scale deployment indexes through the outbox
        container.indexing.drain_all()


def _entries_behind(container, customer_no: str, **keeper) -> list[str]:
    """The customer's records whose search entries hold another keeper than the customer (with `keeper`)."""
    from dataclasses import replace

    from docarchive.search.entries import customer_entry

    with container.records.unit_of_work(readonly=True) as uow:
        customer = uow.customers.get(customer_no)
    return container.index.records_to_refresh(replace(customer_entry(customer), **keeper))
