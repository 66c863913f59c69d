"""The LoanStore port on every backend: loans read back as stored, optimistic updates, and the lookups the
desk and the reports use (by status, borrower, department, volume, and overdue)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from docarchive.domain import lending as rules
from docarchive.domain.errors import Conflict, NotFound, StaleVersion
from docarchive.domain.lending import Borrower, LentVolume
from docarchive.ports.loans import LoanFilter

NOW = datetime(2026, 5, 6, 9, 30, tzinfo=UTC)
V1, V2 = "Z001-KH·2026-D30-DAS-0001", "Z001-KH·2026-D30-DAS-0002"


@pytest.fixture(params=["sqlite", "mongo"])
def loans(request, tmp_path):
    if request.param == "sqlite":
        from docarchive.adapters.loans.sqlite import SqliteLoanStore

        store = SqliteLoanStore(tmp_path / "records.sqlite3")
    else:
        url, database = request.getfixturevalue("mongo_database")
        from docarchive.adapters.loans.mongo import MongoLoanStore

        store = MongoLoanStore(url, database=database)
    yield store
    store.close()


def filed(id="L1", *, borrower="li", department="销售一部", volumes=(V1,), at=NOW, level="none"):
    return rules.new_loan(id=id, volumes=[LentVolume(no, level, ("01JDOC",) if no == V2 else ()) for no in volumes],
                          borrower=Borrower(borrower, department, ("staff",)), requested_by=borrower,
                          purpose="核对合同", mode=rules.OUT, now=at)


def lent(store, loan, *, at=NOW):
    approved = store.update(rules.approve(loan, "qian", ("manager",), loan.department, reason="同意", now=at))
    return store.update(rules.check_out(approved, loan.volumes[0].archive_no, by="desk", now=at))


def test_a_loan_reads_back_as_stored(loans):
    loan = filed(volumes=(V1, V2))
    loans.add(loan)
    assert loans.get("L1") == loan


def test_an_unknown_loan_is_not_found_and_an_id_is_taken_once(loans):
    with pytest.raises(NotFound):
        loans.get("nope")
    loans.add(filed())
    with pytest.raises(Conflict):
        loans.add(filed())


def test_an_update_bumps_the_version_and_a_stale_one_is_refused(loans):
    loans.add(filed())
    out = lent(loans, loans.get("L1"))
    assert out.version == 3 and loans.get("L1") == out
    assert out.status == rules.LENT and out.due == NOW + timedelta(days=7)
    with pytest.raises(StaleVersion):
        loans.update(replace(out, version=2, status=rules.RETURNED))
    with pytest.raises(NotFound):
        loans.update(filed(id="missing"))


def test_renewals_and_returns_read_back(loans):
    loans.add(filed())
    out = lent(loans, loans.get("L1"))
    renewed = loans.update(rules.ask_renewal(out, "li", hours=24, reason="延期", now=NOW + timedelta(days=6)))
    back = loans.update(rules.give_back(renewed, V1, by="desk", now=NOW + timedelta(days=8), condition="完好"))
    assert loans.get("L1") == back and back.renewals[0].duration == timedelta(hours=24)
    assert back.volumes[0].condition == "完好" and back.status == rules.RETURNED


def test_lists_filter_by_status_borrower_department_and_volume_newest_first(loans):
    loans.add(filed("L1", volumes=(V1,)))
    loans.add(filed("L2", borrower="zhang", department="销售二部", volumes=(V1, V2), at=NOW + timedelta(hours=1)))
    loans.add(filed("L3", volumes=(V2,), at=NOW + timedelta(hours=2)))
    ids = lambda where: [loan.id for loan in loans.list(where)]  # noqa: E731
    assert ids(LoanFilter()) == ["L3", "L2", "L1"]
    assert ids(LoanFilter(borrower="li")) == ["L3", "L1"]
    assert ids(LoanFilter(department="销售二部")) == ["L2"]
    assert ids(LoanFilter(archive_no=V2)) == ["L3", "L2"]
    assert ids(LoanFilter(statuses=(rules.PENDING,), archive_no=V1)) == ["L2", "L1"]
    assert ids(LoanFilter(statuses=())) == []
    assert [loan.id for loan in loans.list(LoanFilter(), limit=1)] == ["L3"]


def test_overdue_loans_are_the_lent_ones_due_before_the_moment(loans):
    loans.add(filed("L1"))
    loans.add(filed("L2", volumes=(V2,)))
    lent(loans, loans.get("L1"))
    assert loans.list(LoanFilter(due_before=NOW + timedelta(days=7))) == []
    assert [loan.id for loan in loans.list(LoanFilter(due_before=NOW + timedelta(days=7, seconds=1)))] == ["L1"]
    assert loans.list(LoanFilter(statuses=(rules.PENDING,), due_before=NOW + timedelta(days=30))) == []
