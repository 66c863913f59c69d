"""The event dispatcher: handlers by event class, in order, in two phases (services/events.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from docarchive.domain.activities import Activity, ActivityKind
from docarchive.domain.customers import Customer
from docarchive.domain.errors import InvalidInput
from docarchive.domain.events import (
    ActivityRecorded, Changed, CustomerChanged, PaperMoved, RecordAdded, RecordChanged, change_of, customer_nos,
    document_ids, unannounced,
)
from docarchive.domain.paper.model import Move, subject
from docarchive.services.events import EventDispatcher
from tests.contract.test_record_store import make_document

T0 = datetime(2026, 5, 6, 9, 30, tzinfo=UTC)


def _changed(key: str) -> RecordChanged:
    return RecordChanged(key=key, at=T0, by="alice", reason="why", changes={"category": ["a", "b"]})


def test_handlers_get_the_events_of_their_classes_in_the_order_raised():
    seen, events = [], EventDispatcher()
    events.handle_in_transaction(lambda uow, mine: seen.append([e.key for e in mine]), RecordChanged)
    events.handle_in_transaction(lambda uow, mine: seen.append([e.activity_id for e in mine]), ActivityRecorded)
    events.before_commit(None, [_changed("d2"), ActivityRecorded("a1", "KH-1"), _changed("d1")])
    assert seen == [["d2", "d1"], ["a1"]]


def test_a_handler_of_a_base_class_hears_its_subclasses():
    seen, events = [], EventDispatcher()
    events.handle_after_commit(lambda mine: seen.extend(type(e).__name__ for e in mine), Changed)
    events.after_commit([RecordAdded(key="d1", at=T0, by="a"), CustomerChanged(key="KH-1", at=T0, by="a")])
    assert seen == ["RecordAdded", "CustomerChanged"]


def test_handlers_run_in_the_order_registered_and_not_at_all_without_their_events():
    seen, events = [], EventDispatcher()
    events.handle_in_transaction(lambda uow, mine: seen.append("first"), RecordChanged)
    events.handle_in_transaction(lambda uow, mine: seen.append("never"), PaperMoved)
    events.handle_in_transaction(lambda uow, mine: seen.append("second"), RecordChanged)
    events.before_commit(None, [_changed("d1")])
    assert seen == ["first", "second"]


def test_an_in_transaction_handler_that_fails_fails_the_commit():
    events = EventDispatcher()
    events.handle_in_transaction(lambda uow, mine: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        events.before_commit(None, [_changed("d1")])


def test_a_failing_after_commit_handler_is_logged_and_the_others_still_run(caplog):
    seen, events = [], EventDispatcher()
    events.handle_after_commit(lambda mine: 1 / 0)
    events.handle_after_commit(lambda mine: seen.append(len(mine)))
    events.after_commit([_changed("d1")])
    assert seen == [1]
    assert "after-commit handler" in caplog.text


def test_a_change_needs_a_reason_and_keeps_only_the_fields_that_changed():
    with pytest.raises(InvalidInput):
        RecordChanged.between("d1", {}, {"category": "a"}, at=T0, by="alice", reason="  ")
    event = RecordChanged.between("d1", {"category": "a", "title": "t"}, {"category": "b", "title": "t"},
                                  at=T0, by="alice", reason="改类")
    assert event.changes == {"category": ["a", "b"]}
    assert event.entry().kind == "document" and event.entry().user == "alice"


def test_a_kind_without_its_own_event_class_gets_the_generic_change():
    event = change_of("volume", "V-1", before={"title": "a"}, after={"title": "b"}, at=T0, by="bob", reason="r")
    assert (event.kind, event.key, type(event).__name__) == ("volume", "V-1", "Changed")
    assert type(change_of("customer", "KH-1", before={}, after={}, at=T0, by="b", reason="r")) is CustomerChanged


def test_a_filed_record_counts_as_a_changed_record():
    filed = PaperMoved(Move(subject("document", "d9"), T0, "alice", {"archive_no": "V-1"}, action="file"))
    placed = PaperMoved(Move(subject("box", "B-1"), T0, "alice", {}, action="place"))
    assert document_ids([_changed("d1"), filed, placed, _changed("d1")]) == ["d1", "d9"]


def test_writes_made_without_an_event_are_announced_for_the_index_only():
    d1, d2 = make_document("1"), make_document("2")
    activity = Activity(id="a1", customer_no="KH-1", kind=ActivityKind.REVIEW, occurred_at=T0, details={})
    said = [_changed(d1.id), ActivityRecorded("a1", "KH-1")]
    missing = unannounced(said, documents=[d1, d2], customers=[Customer(customer_no="KH-1", archive_no="A-1")],
                          activities=[activity], at=T0)
    assert document_ids(missing) == [d2.id] and customer_nos(missing) == ["KH-1"]
    assert all(not event.changes for event in missing)
