"""The ApprovalStore port, on every backend, and the live grants read from it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from docarchive.domain import approvals as rules
from docarchive.domain.errors import Conflict, NotFound
from docarchive.domain.principal import Principal
from docarchive.ports.approvals import RequestFilter
from docarchive.services.approvals import live_grants_for

NOW = datetime(2026, 5, 6, 9, 30, tzinfo=UTC)
DIRECTOR = Principal("zhao", ("director",))


@pytest.fixture(params=["sqlite", "mongo"])
def approvals(request, tmp_path):
    if request.param == "sqlite":
        from docarchive.adapters.approvals.sqlite import SqliteApprovalStore

        store = SqliteApprovalStore(tmp_path / "records.sqlite3")
    else:
        url, database = request.getfixturevalue("mongo_database")
        from docarchive.adapters.approvals.mongo import MongoApprovalStore

        store = MongoApprovalStore(url, database=database)
    yield store
    store.close()


def asked(id="R1", *, kind=rules.READ_RECORD, user="li", at=NOW, department="销售二部", subject="01JDOC"):
    return rules.new_request(id=id, kind=kind, subject=subject, principal=Principal(user, ("staff",), "销售一部"),
                             reason="核对合同", now=at, level="秘密" if kind == rules.READ_RECORD else "none",
                             department=department)


def test_a_request_reads_back_as_stored(approvals):
    approvals.add(asked())
    assert approvals.get("R1") == asked()


def test_an_unknown_request_is_not_found_and_an_id_is_taken_once(approvals):
    with pytest.raises(NotFound):
        approvals.get("nope")
    approvals.add(asked())
    with pytest.raises(Conflict):
        approvals.add(asked())


def test_a_decision_is_written_back_once(approvals):
    approvals.add(asked())
    approved = rules.approve(approvals.get("R1"), DIRECTOR, reason="同意", now=NOW)
    approvals.decide(approved)
    assert approvals.get("R1") == approved
    with pytest.raises(Conflict):
        approvals.decide(replace(approved, state=rules.REJECTED))
    assert approvals.get("R1").state == rules.APPROVED


def test_requests_are_listed_newest_first_by_state_kind_department_and_requester(approvals):
    approvals.add(asked("R1", at=NOW))
    approvals.add(asked("R2", at=NOW + timedelta(minutes=1), kind=rules.CHANGE, department="销售三部"))
    approvals.add(asked("R3", at=NOW + timedelta(minutes=2), user="wu"))
    ids = lambda where, **kw: [r.id for r in approvals.list(where, **kw)]  # noqa: E731
    assert ids(RequestFilter()) == ["R3", "R2", "R1"]
    assert ids(RequestFilter(), limit=1) == ["R3"]
    assert ids(RequestFilter(kinds=(rules.CHANGE,))) == ["R2"]
    assert ids(RequestFilter(kinds=())) == []
    assert ids(RequestFilter(department="销售二部", requested_by="li")) == ["R1"]
    assert ids(RequestFilter(state=rules.PENDING, requested_by="wu")) == ["R3"]


def test_live_grants_are_the_users_approved_readings_not_yet_expired(approvals):
    for request in (asked("R1"), asked("R2", subject="01JOTHER"), asked("R3", user="wu"),
                    asked("R4", kind=rules.CUSTOMER_ACCESS, subject="KH-9")):
        approvals.add(request)
    for id, at in (("R1", NOW), ("R2", NOW - timedelta(hours=5)), ("R3", NOW), ("R4", NOW)):
        approvals.decide(rules.approve(approvals.get(id), DIRECTOR, reason="同意", now=at))
    grants = live_grants_for(approvals, user="li", now=NOW + timedelta(hours=1))
    assert sorted((g.kind, g.subject, g.approval_id) for g in grants) == [("customer", "KH-9", "R4"),
                                                                          ("record", "01JDOC", "R1")]
    assert {g.kind for g in live_grants_for(approvals, user="li", now=NOW + timedelta(hours=4))} == {"customer"}


def test_pending_and_rejected_requests_grant_nothing(approvals):
    approvals.add(asked("R1"))
    approvals.add(asked("R2"))
    approvals.decide(rules.reject(approvals.get("R2"), DIRECTOR, reason="不同意", now=NOW))
    assert live_grants_for(approvals, user="li", now=NOW) == ()


def test_the_live_grants_lookup_is_served_by_the_requester_and_until_index(tmp_path):
    from docarchive.adapters._sqlite_calls import read_rows
    from docarchive.adapters.approvals.sqlite import LIVE, SqliteApprovalStore

    store = SqliteApprovalStore(tmp_path / "records.sqlite3")
    plan = read_rows(store.path, f"EXPLAIN QUERY PLAN {LIVE}", ("li", "2026"))
    assert any("USING INDEX approval_requests_live" in row[-1] for row in plan), plan
