"""The audit service: outcomes of audited actions, where events come from, auditors' filters and exports."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from docarchive.adapters.audit.sqlite import SqliteAuditLog
from docarchive.domain.errors import InvalidInput, NotFound
from docarchive.domain.principal import Principal
from docarchive.services.audit import audit_filter, audited, current_source, record, verify_log
from docarchive.services.audit_export import export_audit, safe_cell

ZHANG = Principal(user="张三")


@pytest.fixture
def log(tmp_path):
    audit = SqliteAuditLog(tmp_path / "records.sqlite3")
    yield audit
    audit.close()


def test_an_action_that_raises_is_recorded_as_failed_with_the_error_kind(log):
    with pytest.raises(NotFound), audited(log, ZHANG, "view", document_id="d1"):
        raise NotFound("no such record")
    [event] = log.list()
    assert (event.outcome, event.detail, event.document_id) == ("failed", {"error": "NotFound"}, "d1")


def test_a_denied_action_is_recorded_as_denied(log):
    class Forbidden(InvalidInput):
        status_code = 403

    with pytest.raises(Forbidden), audited(log, ZHANG, "view", document_id="d1"):
        raise Forbidden("not yours")
    assert log.list()[0].outcome == "denied"


def test_the_block_can_name_the_target_it_found(log):
    with audited(log, ZHANG, "view", document_id="d1") as event:
        event["customer_no"] = "KH-1"
    assert log.list()[0].customer_no == "KH-1"


def test_nothing_is_recorded_when_auditing_is_off():
    assert record(None, ZHANG, "search") is None


def test_events_come_from_the_current_source(log):
    token = current_source.set("10.1.2.3")
    try:
        record(log, ZHANG, "search")
    finally:
        current_source.reset(token)
    record(log, None, "search")
    assert [(e.source, e.user) for e in log.list()] == [("cli", "system"), ("10.1.2.3", "张三")]


def test_filter_dates_are_local_days_and_the_last_day_is_included():
    where = audit_filter(since="2026-05-06", until="2026-05-06", timezone=ZoneInfo("Asia/Shanghai"))
    assert (where.since, where.until) == ("2026-05-05T16:00:00.000000+00:00", "2026-05-06T16:00:00.000000+00:00")


def test_a_filter_date_that_is_not_one_is_refused():
    with pytest.raises(InvalidInput):
        audit_filter(since="last week")


def test_verify_log_summarises_an_intact_chain(log):
    record(log, ZHANG, "search")
    result = verify_log(log)
    assert result.summary().startswith("audit chain intact: 1 events, last seq 1 hash ")


@pytest.mark.parametrize("value", ["=1+1", "+86 138", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_cells_a_spreadsheet_would_run_are_kept_as_text(value):
    assert safe_cell(value) == "'" + value


def test_export_writes_matching_events_and_audits_itself(log, tmp_path):
    record(log, ZHANG, "search", detail={"query": "合同"})
    out = tmp_path / "audit.csv"
    assert export_audit(log, audit_filter(action="search"), out, principal=ZHANG) == 1
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows[1][2:4] == ["张三", "search"]
    assert log.list()[0].action == "export" and log.list()[0].detail["rows"] == 1


def test_times_given_without_a_zone_are_local():
    where = audit_filter(since="2026-05-06T08:00", timezone=ZoneInfo("Asia/Shanghai"))
    assert where.since == datetime(2026, 5, 6, 0, 0, tzinfo=UTC).isoformat(timespec="microseconds")
