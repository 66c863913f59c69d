"""A unit of work publishes the events raised in it at commit, on every record backend: in order, in two
phases, never those of a rollback; a failing after-commit handler does not undo the commit."""

from __future__ import annotations

import pytest

from docarchive.domain.events import CustomerOpened, PaperMoved, RecordChanged, customer_nos, document_ids
from docarchive.domain.paper.model import Move, subject
from docarchive.services.events import EventDispatcher
from tests.contract.test_record_store import T0, make_document
from tests.contract.test_record_store_customers import _customer


@pytest.fixture
def heard(record_store):
    """What the handlers of `record_store` heard: ("before"/"after", keys)."""
    seen: list[tuple[str, list[str]]] = []
    events = EventDispatcher()
    events.handle_in_transaction(lambda uow, mine: seen.append(("before", _keys(mine))))
    events.handle_after_commit(lambda mine: seen.append(("after", _keys(mine))))
    record_store.publish_to(events)
    return seen


def _keys(events) -> list[str]:
    return customer_nos(events) + document_ids(events)


def _opened(n: int) -> CustomerOpened:
    return CustomerOpened(key=f"KH-{n:03d}", at=T0, by="alice", reason="开户", changes={"name": [None, "甲"]})


def test_events_are_published_in_order_before_and_after_the_commit(record_store, heard):
    with record_store.unit_of_work() as uow:
        uow.customers.add(_customer(2))
        uow.customers.add(_customer(1))
        uow.record(_opened(2), _opened(1))
        uow.commit()
    assert heard == [("before", ["KH-002", "KH-001"]), ("after", ["KH-002", "KH-001"])]


def test_an_event_raised_in_a_rolled_back_unit_of_work_is_never_published(record_store, heard):
    with record_store.unit_of_work() as uow:
        uow.customers.add(_customer(1))
        uow.record(_opened(1))
        uow.rollback()
        uow.commit()
    with record_store.unit_of_work() as uow:
        uow.customers.add(_customer(2))
        uow.record(_opened(2))  # left without commit
    assert heard == []


def test_each_commit_publishes_only_its_own_events(record_store, heard):
    with record_store.unit_of_work() as uow:
        uow.customers.add(_customer(1))
        uow.record(_opened(1))
        uow.commit()
        uow.customers.add(_customer(2))
        uow.record(_opened(2))
        uow.commit()
    assert heard == [("before", ["KH-001"]), ("after", ["KH-001"]), ("before", ["KH-002"]), ("after", ["KH-002"])]


def test_a_failing_in_transaction_handler_rolls_the_change_back(record_store):
    events = EventDispatcher()
    events.handle_in_transaction(lambda uow, mine: 1 / 0)
    record_store.publish_to(events)
    with pytest.raises(ZeroDivisionError), record_store.unit_of_work() as uow:
        uow.customers.add(_customer(1))
        uow.record(_opened(1))
        uow.commit()
    with record_store.unit_of_work(readonly=True) as uow:
        assert uow.customers.find("KH-001") is None


def test_a_failing_after_commit_handler_does_not_lose_the_commit(record_store):
    events = EventDispatcher()
    events.handle_after_commit(lambda mine: 1 / 0)
    record_store.publish_to(events)
    with record_store.unit_of_work() as uow:
        uow.customers.add(_customer(1))
        uow.record(_opened(1))
        uow.commit()
    with record_store.unit_of_work(readonly=True) as uow:
        assert uow.customers.find("KH-001") is not None


def test_a_record_written_without_its_event_is_still_published(record_store, heard):
    document = make_document("1")
    with record_store.unit_of_work() as uow:
        uow.documents.add(document)
        uow.commit()
    assert heard == [("before", [document.id]), ("after", [document.id])]


def test_a_record_changed_with_its_event_is_published_once(record_store, heard):
    document = make_document("1")
    with record_store.unit_of_work() as uow:
        uow.documents.add(document)
        uow.record(RecordChanged(key=document.id, at=T0, by="alice"))
        uow.commit()
    assert heard == [("before", [document.id]), ("after", [document.id])]


def test_change_history_is_written_from_the_change_events_that_changed_fields(record_store):
    document = make_document("1")
    filed = Move(subject("document", document.id), T0, "alice", {"archive_no": "V-1", "item": 1}, action="file")
    with record_store.unit_of_work() as uow:
        uow.customers.add(_customer(1))
        uow.documents.add(document)
        uow.record(_opened(1), RecordChanged(key=document.id, at=T0, by="alice"), PaperMoved(filed))
        uow.commit()
    with record_store.unit_of_work(readonly=True) as uow:
        assert [(e.user, e.reason, e.changes) for e in uow.history.list("customer", "KH-001")] == [
            ("alice", "开户", {"name": [None, "甲"]})]
        assert uow.history.list("document", document.id) == []  # nothing changed: indexed, no entry
        assert uow.paper_history.of(subject("document", document.id)) == [filed]
