"""The lending rules (借阅) on their own: levels, modes, limits, approvers, checkout, return and renewal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from docarchive.domain import lending as rules
from docarchive.domain.errors import Conflict, Forbidden, InvalidInput
from docarchive.domain.lending import Borrower, LentVolume

NOW = datetime(2026, 5, 6, 9, 30, tzinfo=UTC)
LI = Borrower("li", "销售一部", ("staff",))
ZHAO = Borrower("zhao", "总经办", ("director",))


def loan(level="none", mode=rules.OUT, borrower=LI, **extra):
    return rules.new_loan(id="L1", volumes=[LentVolume("V-1", level)], borrower=borrower, requested_by=borrower.name,
                          purpose="核对", mode=mode, now=NOW, **extra)


@pytest.mark.parametrize("level, mode, hours, status", [
    ("none", "out", None, "pending"), ("none", "out", 24 * 31, "refused"), ("秘密", "out", 4, "pending"),
    ("秘密", "read", 4.5, "refused"), ("机密", "read", None, "pending"), ("机密", "out", None, "refused"),
    ("机密", "copy", None, "refused"), ("绝密", "read", 1, "refused")])
def test_the_level_mode_and_length_decide_whether_a_loan_may_be_asked(level, mode, hours, status):
    assert loan(level, mode, hours=hours).status == status


def test_a_secret_loan_lasts_four_hours_unless_asked_for_less():
    assert loan("秘密").duration == timedelta(hours=4)
    assert loan("none", rules.COPY).copies == 1 and loan("none").copies == 0


def test_malformed_requests_are_input_errors_not_refusals():
    with pytest.raises(InvalidInput):
        loan(mode="borrow")
    with pytest.raises(InvalidInput):
        rules.new_loan(id="L", volumes=[], borrower=LI, requested_by="li", purpose="x", mode="read", now=NOW)
    with pytest.raises(InvalidInput):
        rules.new_loan(id="L", volumes=[LentVolume("V")], borrower=LI, requested_by="li", purpose=" ", mode="read",
                       now=NOW)


def test_the_department_manager_approves_open_loans_and_only_directors_secret_ones():
    assert rules.may_decide(loan(), "qian", ("manager",), "销售一部")
    assert not rules.may_decide(loan(), "sun", ("manager",), "销售二部")
    assert not rules.may_decide(loan("秘密"), "qian", ("manager",), "销售一部")
    assert rules.may_decide(loan("秘密"), "zhao", ("director",), "总经办")
    with pytest.raises(Forbidden):
        rules.approve(loan(), "li", ("manager",), "销售一部", reason="同意", now=NOW)


def test_a_director_borrows_open_volumes_directly_but_not_secret_ones():
    assert loan(borrower=ZHAO).status == rules.APPROVED
    assert loan("秘密", borrower=ZHAO).status == rules.PENDING


def test_checkout_sets_the_due_time_and_the_last_return_closes_the_loan():
    approved = rules.approve(loan("秘密"), "zhao", ("director",), "", reason="同意", now=NOW)
    out = rules.check_out(approved, "V-1", by="desk", now=NOW)
    assert out.status == rules.LENT and out.due == NOW + timedelta(hours=4) and out.since == NOW
    with pytest.raises(Conflict):
        rules.check_out(out, "V-1", by="desk", now=NOW)
    assert not out.overdue(NOW + timedelta(hours=4)) and out.overdue(NOW + timedelta(hours=4, seconds=1))
    back = rules.give_back(out, "V-1", by="desk", now=NOW + timedelta(hours=5), condition=None)
    assert back.status == rules.RETURNED and back.volumes[0].condition == "完好" and not back.overdue(NOW + 2 * rules.DAY)


def test_a_renewal_past_the_limit_is_refused_and_within_it_waits_for_the_approver():
    out = rules.check_out(rules.approve(loan("秘密", hours=2), "zhao", ("director",), "", reason="同意", now=NOW),
                          "V-1", by="desk", now=NOW)
    within = rules.ask_renewal(out, "li", hours=2, reason="延长", now=NOW + timedelta(hours=1))
    assert within.renewals[-1].state == rules.PENDING
    renewed = rules.approve(within, "zhao", ("director",), "", reason="同意", now=NOW + timedelta(hours=1))
    assert renewed.due == NOW + timedelta(hours=4)
    beyond = rules.ask_renewal(renewed, "li", hours=1, reason="再延长", now=NOW + timedelta(hours=3))
    assert beyond.renewals[-1].state == rules.REFUSED and beyond.due == renewed.due


def test_the_place_of_a_lent_volume_says_who_has_it_since_when_and_until_when():
    text = rules.loan_mark_text("李明", NOW, NOW + timedelta(hours=4))
    assert text == "借出：李明，自 2026-05-06 17:30 起，应还 2026-05-06 21:30"
