"""Approval rules: who decides which request, reasons, durations, expiry and the grants approvals give."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from docarchive.domain import approvals as rules
from docarchive.domain.errors import Conflict, Forbidden, InvalidInput
from docarchive.domain.principal import Principal

NOW = datetime(2026, 5, 6, 9, 30, tzinfo=UTC)
STAFF = Principal("li", ("staff",), "销售一部")
DIRECTOR = Principal("zhao", ("director",), "总经办")
MANAGER = Principal("qian", ("manager",), "销售二部")
OTHER_MANAGER = Principal("sun", ("manager",), "销售三部")
SECURITY = Principal("zhou", ("security",))


def asked(kind=rules.READ_RECORD, *, who=STAFF, level="秘密", department="销售二部", **extra):
    return rules.new_request(id="R1", kind=kind, subject="01JDOC", principal=who, reason="核对合同", now=NOW,
                             level=level, department=department, **extra)


def test_a_secret_reading_defaults_to_four_hours_and_longer_is_refused():
    assert asked().duration == timedelta(hours=4)
    with pytest.raises(InvalidInput, match="at most 4 hours"):
        asked(duration=timedelta(hours=5))


def test_a_customer_access_defaults_to_seven_days_and_lasts_at_most_thirty():
    assert asked(rules.CUSTOMER_ACCESS, level="none").duration == timedelta(days=7)
    with pytest.raises(InvalidInput, match="30 days"):
        asked(rules.CUSTOMER_ACCESS, level="none", duration=timedelta(days=31))


@pytest.mark.parametrize("level", ["none", "绝密"])
def test_only_secret_and_confidential_records_are_read_on_approval(level):
    with pytest.raises(InvalidInput):
        asked(level=level)


def test_a_request_needs_a_reason_and_a_known_kind():
    with pytest.raises(InvalidInput, match="reason"):
        rules.new_request(id="R", kind=rules.CHANGE, subject="KH-1", principal=STAFF, reason="  ", now=NOW)
    with pytest.raises(InvalidInput, match="kind"):
        rules.new_request(id="R", kind="borrow", subject="KH-1", principal=STAFF, reason="x", now=NOW)


def test_a_request_remembers_the_requester_and_their_department():
    request = asked()
    assert (request.requested_by, request.requester_department, request.state) == ("li", "销售一部", "pending")


def test_a_secret_reading_is_decided_by_a_director_only():
    request = asked()
    assert rules.may_decide(request, DIRECTOR)
    assert not any(rules.may_decide(request, p) for p in (MANAGER, SECURITY, STAFF))


def test_another_departments_customer_is_decided_by_its_manager_or_a_director():
    request = asked(rules.CUSTOMER_ACCESS, level="none")
    assert rules.may_decide(request, MANAGER) and rules.may_decide(request, DIRECTOR)
    assert not rules.may_decide(request, OTHER_MANAGER)


def test_a_customer_without_a_department_is_decided_by_a_director():
    request = asked(rules.CHANGE, level="none", department="")
    assert rules.may_decide(request, DIRECTOR) and not rules.may_decide(request, Principal("m", ("manager",)))


def test_moving_out_of_a_confidential_volume_is_the_security_officers_decision():
    request = asked(rules.MOVE_OUT, level="none")
    assert rules.may_decide(request, SECURITY) and not rules.may_decide(request, DIRECTOR)


def test_nobody_approves_their_own_request():
    request = asked(who=DIRECTOR)
    assert not rules.may_decide(request, DIRECTOR)
    with pytest.raises(Forbidden, match="own"):
        rules.approve(request, DIRECTOR, reason="ok", now=NOW)


def test_an_approval_needs_a_reason_and_runs_from_the_decision():
    request = asked()
    with pytest.raises(InvalidInput):
        rules.approve(request, DIRECTOR, reason="", now=NOW)
    approved = rules.approve(request, DIRECTOR, reason="同意", now=NOW + timedelta(hours=1))
    assert approved.until == NOW + timedelta(hours=5) and approved.decided_by == "zhao"


def test_an_approved_reading_is_a_record_grant_until_it_expires():
    approved = rules.approve(asked(), DIRECTOR, reason="同意", now=NOW)
    grant = approved.grant()
    assert (grant.kind, grant.subject, grant.user, grant.approval_id) == ("record", "01JDOC", "li", "R1")
    assert approved.state_at(NOW + timedelta(hours=3)) == "approved"
    assert approved.state_at(NOW + timedelta(hours=4)) == "expired"


def test_a_change_approval_grants_the_change_and_no_reading():
    approved = rules.approve(asked(rules.CHANGE, level="none"), MANAGER, reason="同意", now=NOW)
    assert approved.grant().kind == "change"  # access reads only "record" and "customer" grants for sight


def test_a_decided_request_is_decided_once():
    rejected = rules.reject(asked(), DIRECTOR, reason="无必要", now=NOW)
    assert rejected.grant() is None
    with pytest.raises(Conflict):
        rules.approve(rejected, DIRECTOR, reason="同意", now=NOW)


def test_only_the_requester_cancels():
    request = asked()
    with pytest.raises(Forbidden):
        rules.cancel(request, DIRECTOR, reason="x", now=NOW)
    assert rules.cancel(request, STAFF, reason="不需要了", now=NOW).state == "cancelled"


def test_the_kinds_a_role_decides_anywhere():
    assert rules.deciding_kinds(SECURITY) == (rules.MOVE_OUT,)
    assert rules.deciding_kinds(MANAGER) == ()
    assert rules.READ_RECORD in rules.deciding_kinds(DIRECTOR)
