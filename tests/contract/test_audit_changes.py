"""Change events become audit events once committed, on every record backend (the AuditChanges handler,
after the commit)."""

from __future__ import annotations

import pytest

from docarchive.domain.audit import verify
from docarchive.domain.events import RECORDED, CustomerOpened, PaperMoved
from docarchive.domain.paper.model import Move, subject
from docarchive.services.audit import AuditChanges
from tests.contract.test_record_store import T0
from tests.contract.test_record_store_customers import _customer


@pytest.fixture
def audit_beside(record_store, request, tmp_path):
    """The audit log that lives beside `record_store`, as bootstrap pairs them, auditing its change events."""
    if type(record_store).__name__.startswith("Sqlite"):
        from docarchive.adapters.audit.sqlite import SqliteAuditLog

        log = SqliteAuditLog(record_store.path)
    else:
        from docarchive.adapters.audit.mongo import MongoAuditLog

        url, database = request.getfixturevalue("mongo_database")
        log = MongoAuditLog(url, database=database)
    record_store.publisher.handle_after_commit(AuditChanges(log), *RECORDED)
    yield log
    log.close()


def _opened(customer_no: str, name: str) -> CustomerOpened:
    return CustomerOpened(key=customer_no, at=T0, by="alice", reason="开户", changes={"name": [None, name]})


def test_a_committed_change_becomes_a_change_event_with_its_reason(record_store, audit_beside):
    with record_store.unit_of_work() as uow:
        uow.customers.add(_customer(1))
        uow.record(_opened("KH-001", "客户1"))
        uow.commit()
    [event] = audit_beside.list()
    assert (event.action, event.user, event.customer_no, event.subject) == ("change", "alice", "KH-001",
                                                                            "customer:KH-001")
    assert event.detail == {"reason": "开户", "fields": ["name"]}
    assert verify(audit_beside.scan()) is None


def test_a_change_rolled_back_is_never_audited(record_store, audit_beside):
    with record_store.unit_of_work() as uow:
        uow.customers.add(_customer(1))
        uow.record(_opened("KH-001", "客户1"))
        uow.rollback()
        uow.customers.add(_customer(2))
        uow.record(_opened("KH-002", "客户2"))
        uow.commit()
    assert [event.customer_no for event in audit_beside.list()] == ["KH-002"]


def test_a_unit_of_work_left_without_commit_is_not_audited(record_store, audit_beside):
    with record_store.unit_of_work() as uow:
        uow.customers.add(_customer(1))
        uow.record(_opened("KH-001", "客户1"))
    assert audit_beside.count() == 0


def test_a_committed_paper_move_becomes_a_change_event(record_store, audit_beside):
    filed = Move(subject("document", "d1"), T0, "alice", {"archive_no": "V-1", "item": 1}, action="file",
                 reason="归档")
    with record_store.unit_of_work() as uow:
        uow.record(PaperMoved(filed))
        uow.commit()
    [event] = audit_beside.list()
    assert (event.action, event.user, event.document_id, event.subject) == ("change", "alice", "d1", "document:d1")
    assert event.detail == {"reason": "归档", "paper": "file", "to": {"archive_no": "V-1", "item": 1}}


def test_a_paper_move_rolled_back_is_never_audited(record_store, audit_beside):
    with record_store.unit_of_work() as uow:
        uow.record(PaperMoved(Move(subject("box", "B-1"), T0, "alice", {"location_path": "A"}, action="place")))
        uow.rollback()
        uow.commit()
    assert audit_beside.count() == 0
