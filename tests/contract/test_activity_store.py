"""The RecordStore contract for activity entries: every backend stores, lists and scans them alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from docarchive.domain.activities import Activity, ActivityKind
from docarchive.domain.errors import Conflict
from docarchive.domain.ids import new_id

T0 = datetime(2026, 5, 6, 9, 30, tzinfo=UTC)


def entry(customer_no: str = "KH-1", kind: ActivityKind = ActivityKind.COMMUNICATION, days: int = 0) -> Activity:
    details = {"channel": "电话", "contact": "张建国", "summary": "确认交货时间", "follow_up_on": "2026-06-01"}
    return Activity(id=new_id(), customer_no=customer_no, kind=kind, occurred_at=T0 + timedelta(days=days),
                    details=details if kind == ActivityKind.COMMUNICATION else {"note": "回访"},
                    recorded_by="local", created_at=T0)


def add(record_store, *activities: Activity) -> None:
    with record_store.unit_of_work() as uow:
        for activity in activities:
            uow.activities.add(activity)
        uow.commit()


def test_an_activity_reads_back_equal(record_store):
    activity = entry()
    add(record_store, activity)
    with record_store.unit_of_work(readonly=True) as uow:
        assert uow.activities.find(activity.id) == activity
        assert uow.activities.find("nope") is None


def test_uncommitted_activities_are_rolled_back(record_store):
    activity = entry()
    with record_store.unit_of_work() as uow:
        uow.activities.add(activity)
        assert [a.id for a in uow.activities.changed()] == [activity.id]
    with record_store.unit_of_work(readonly=True) as uow:
        assert uow.activities.find(activity.id) is None


def test_a_customers_activities_are_listed_oldest_first_and_by_kind(record_store):
    late, early = entry(days=5), entry(days=1)
    review, other = entry(kind=ActivityKind.REVIEW, days=3), entry("KH-2")
    add(record_store, late, early, review, other)
    with record_store.unit_of_work(readonly=True) as uow:
        assert [a.id for a in uow.activities.list("KH-1")] == [early.id, review.id, late.id]
        assert [a.id for a in uow.activities.list("KH-1", kind="review")] == [review.id]
        assert [a.id for a in uow.activities.list("KH-1", limit=1)] == [early.id]


def test_latest_gives_each_customers_newest_entry_of_a_kind(record_store):
    add(record_store, entry(kind=ActivityKind.REVIEW, days=1), entry(kind=ActivityKind.REVIEW, days=9),
        entry("KH-2", kind=ActivityKind.REVIEW, days=2), entry("KH-3", days=30))
    with record_store.unit_of_work(readonly=True) as uow:
        assert uow.activities.latest("review") == {"KH-1": T0 + timedelta(days=9), "KH-2": T0 + timedelta(days=2)}


def test_scan_pages_through_every_activity_in_id_order(record_store):
    activities = [entry(days=n) for n in range(5)]
    add(record_store, *activities)
    with record_store.unit_of_work(readonly=True) as uow:
        first = uow.activities.scan(limit=3)
        rest = uow.activities.scan(after_id=first[-1].id, limit=3)
    assert [a.id for a in first + rest] == sorted(a.id for a in activities)


def test_an_activity_id_cannot_be_added_twice(record_store):
    activity = entry()
    add(record_store, activity)
    with record_store.unit_of_work() as uow, pytest.raises(Conflict):
        uow.activities.add(activity)


def test_reads_in_a_unit_of_work_see_its_own_new_activities(record_store):
    activity = entry()
    with record_store.unit_of_work() as uow:
        uow.activities.add(activity)
        assert [a.id for a in uow.activities.list("KH-1")] == [activity.id]


def test_filing_summaries_give_every_records_customer_type_title_and_pages(record_store):
    from tests.contract.test_record_store import make_document

    first, second = make_document("f", customer_no="KH-1"), make_document("g")
    with record_store.unit_of_work() as uow:
        uow.documents.add(first), uow.documents.add(second)
        uow.commit()
    with record_store.unit_of_work(readonly=True) as uow:
        head = uow.filing.scan(limit=1)
        rest = uow.filing.scan(after_id=head[-1][1].document_id)
    summaries = {item.document_id: (customer_no, item.doc_type, item.title, item.pages) for customer_no, item in
                 head + rest}
    assert summaries == {first.id: ("KH-1", "contract", first.title, 2), second.id: (None, "contract", second.title, 2)}
