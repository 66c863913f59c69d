"""保管期限 and the disposal rules, pure: periods and their codes, when a period ends, the list's steps."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from docarchive.domain import disposal as rules
from docarchive.domain.errors import Conflict, Forbidden, InvalidInput
from docarchive.domain.paper.model import Retention
from docarchive.domain.principal import Principal
from docarchive.domain.retention import (
    CONTRACT_END, CUSTOMER_FORMER, DueItem, Period, by_month, code_for, end_of, parse_period, start_date,
)

NOW = datetime(2026, 5, 6, 9, 30, tzinfo=UTC)
ARCHIVIST, MANAGER = Principal("wu", ("archivist",)), Principal("qian", ("manager",), "销售一部")


def test_the_code_in_an_archive_number_follows_the_period():
    assert [code_for(y) for y in (None, 5, 10, 11, 30, 31)] == [
        Retention.PERMANENT, Retention.YEARS_10, Retention.YEARS_10, Retention.YEARS_30, Retention.YEARS_30,
        Retention.PERMANENT]


def test_settings_name_periods_and_their_start():
    assert parse_period("5:customer_former") == Period(5, CUSTOMER_FORMER)
    assert parse_period("D30:contract_end") == Period(30, CONTRACT_END)
    assert parse_period("永久") == Period(None)
    for bad in ("0", "D20", "5:whenever", "-1", "101"):
        with pytest.raises(InvalidInput):
            parse_period(bad)


def test_a_period_counts_whole_years_from_the_next_first_of_january():
    assert end_of(Period(10), date(2015, 1, 1)) == date(2026, 1, 1)
    assert end_of(Period(5, CONTRACT_END), date(2020, 6, 30)) == date(2026, 1, 1)
    assert end_of(Period(None), date(2015, 1, 1)) is None
    assert end_of(Period(5, CUSTOMER_FORMER), None) is None  # still an active customer
    assert start_date(Period(5, CUSTOMER_FORMER), filed_year=2020, contract_end=None,
                      former_since=date(2024, 3, 1)) == date(2024, 3, 1)
    assert start_date(Period(10), filed_year=2015, contract_end=None, former_since=None) == date(2015, 1, 1)


def test_due_items_group_by_month():
    items = [DueItem("record", "R", "", None, "D10", "", date(2026, 2, 1)),
             DueItem("volume", "V", "", None, "D10", "", date(2026, 1, 1))]
    assert {month: [i.key for i in group] for month, group in by_month(items).items()} == {"2026-01": ["V"],
                                                                                         "2026-02": ["R"]}


def test_six_months_is_calendar_months():
    assert rules.add_months(datetime(2026, 8, 31, tzinfo=UTC), 6) == datetime(2027, 2, 28, tzinfo=UTC)
    assert rules.add_months(NOW, 6) == datetime(2026, 11, 6, 9, 30, tzinfo=UTC)


def test_the_steps_of_a_list_and_their_refusals():
    due = [DueItem("volume", "V1", "t", "KH-1", "D10", "", date(2026, 1, 1))]
    lst = rules.draft(id="L", due=due, principal=ARCHIVIST, now=NOW, reason="到期")
    with pytest.raises(Forbidden):
        rules.appraise(lst, ARCHIVIST, key="V1", opinion="destroy", reason="x", now=NOW)
    with pytest.raises(InvalidInput):
        rules.appraise(lst, MANAGER, key="V1", opinion="keep", reason="x", now=NOW)  # keep: how long?
    rules.appraise(lst, MANAGER, key="V1", opinion="destroy", reason="无价值", now=NOW)
    rules.submit(lst, ARCHIVIST, {"V1": "A1"})
    with pytest.raises(Conflict):
        rules.quarantine(lst, approval_states={"A1": "pending"}, now=NOW)
    rules.quarantine(lst, approval_states={"A1": "approved"}, now=NOW)
    with pytest.raises(Conflict):
        rules.schedule(lst, ARCHIVIST, at=datetime(2026, 11, 1, tzinfo=UTC), supervisor="zheng", place="碎纸室",
                       now=NOW)
    with pytest.raises(InvalidInput):
        rules.schedule(lst, ARCHIVIST, at=datetime(2026, 12, 1, tzinfo=UTC), supervisor="wu", place="碎纸室",
                       now=NOW)
    rules.schedule(lst, ARCHIVIST, at=datetime(2026, 12, 1, tzinfo=UTC), supervisor="zheng", place="碎纸室",
                   now=NOW)
    supervisor = Principal("zheng", ("director",))
    later = datetime(2026, 12, 1, tzinfo=UTC)
    with pytest.raises(Conflict):
        rules.destroy(lst, supervisor, method="粉碎", now=datetime(2026, 11, 30, tzinfo=UTC), blocked={})
    with pytest.raises(Conflict, match="legal hold"):
        rules.destroy(lst, supervisor, method="粉碎", now=later, blocked={"V1": "is under legal hold H"})
    with pytest.raises(InvalidInput):
        rules.destroy(lst, supervisor, method="扔掉", now=later, blocked={})
    rules.destroy(lst, supervisor, method="粉碎", now=later, blocked={})
    assert lst.state == rules.DESTROYED and lst.items[0].outcome == "destroyed"


def test_a_recycled_record_is_purged_only_after_30_days():
    entry = rules.recycle(document_id="D", title="", customer_no=None, approval_id="A", reason="错扫",
                          principal=ARCHIVIST, now=NOW)
    with pytest.raises(Conflict, match="restorable until"):
        rules.purge(entry, now=datetime(2026, 6, 4, tzinfo=UTC))
    assert rules.purge(entry, now=datetime(2026, 6, 5, 9, 30, tzinfo=UTC)).state == rules.PURGED


def test_nothing_is_destroyed_before_its_six_months_apart_end():
    due = [DueItem("volume", "V1", "t", "KH-1", "D10", "", date(2026, 1, 1))]
    lst = rules.draft(id="L", due=due, principal=ARCHIVIST, now=NOW, reason="到期")
    rules.appraise(lst, MANAGER, key="V1", opinion="destroy", reason="无价值", now=NOW)
    rules.submit(lst, ARCHIVIST, {"V1": "A1"})
    rules.quarantine(lst, approval_states={"A1": "approved"}, now=NOW)
    supervisor = Principal("zheng", ("director",))
    with pytest.raises(Conflict, match="schedule it"):  # set apart, with no time nor supervisor named yet
        rules.destroy(lst, supervisor, method="粉碎", now=datetime(2026, 12, 1, tzinfo=UTC), blocked={})
    assert lst.quarantine_until == datetime(2026, 11, 6, 9, 30, tzinfo=UTC)
    # A time named before the six months end (a list stored before the rule, or edited) is still refused.
    rules.schedule(lst, ARCHIVIST, at=datetime(2026, 12, 1, tzinfo=UTC), supervisor="zheng", place="碎纸室", now=NOW)
    lst.scheduled_at = datetime(2026, 8, 1, tzinfo=UTC)
    with pytest.raises(Conflict, match="quarantine of list L ends 2026-11-06"):
        rules.destroy(lst, supervisor, method="粉碎", now=datetime(2026, 9, 1, tzinfo=UTC), blocked={})
    assert lst.state == rules.SCHEDULED and lst.items[0].outcome == ""
