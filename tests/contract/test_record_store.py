"""The RecordStore contract: every backend behaves the same."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from docarchive.domain.customers import Customer
from docarchive.domain.documents import Document, DocType, Page, PageSource, TextLine
from docarchive.domain.errors import Conflict, DuplicateDocument, NotFound, StaleVersion
from docarchive.domain.ids import new_id
from docarchive.ports.records import ACTIVITY_TARGET, CUSTOMER_TARGET, DOCUMENT_TARGET, IndexTarget

T0 = datetime(2026, 5, 6, 9, 30, tzinfo=UTC)


def make_document(sha_seed: str = "a", *, customer_no: str | None = None, minutes: int = 0) -> Document:
    return Document(
        id=new_id(),
        sha256=(sha_seed * 64)[:64],
        filename="合同.pdf",
        media_type="application/pdf",
        size=1234,
        doc_type=DocType.CONTRACT,
        pages=[
            Page(n=1, text="设备采购合同\n合同编号：HT-2023-0012", confidence=0.97,
                 lines=[TextLine("设备采购合同", (10, 10, 200, 40), 0.98)]),
            Page(n=2, text="签订日期：2023年5月6日", confidence=None, source=PageSource.TEXT_LAYER),
        ],
        fields={"contract_no": "HT-2023-0012", "amount": 125000},
        customer_no=customer_no,
        title="设备采购合同 HT-2023-0012",
        created_at=T0 + timedelta(minutes=minutes),
    )


def test_a_stored_document_reads_back_equal(record_store):
    document = make_document()
    with record_store.unit_of_work() as uow:
        uow.documents.add(document)
        uow.commit()
    with record_store.unit_of_work(readonly=True) as uow:
        assert uow.documents.get(document.id) == document


def test_uncommitted_work_is_rolled_back(record_store):
    document = make_document()
    with record_store.unit_of_work() as uow:
        uow.documents.add(document)
    with record_store.unit_of_work(readonly=True) as uow:
        assert uow.documents.find_by_sha256(document.sha256) is None


def test_the_same_content_cannot_be_stored_twice(record_store):
    first, second = make_document("b"), make_document("b")
    with record_store.unit_of_work() as uow:
        uow.documents.add(first)
        uow.commit()
    with record_store.unit_of_work() as uow, pytest.raises(DuplicateDocument) as raised:
        uow.documents.add(second)
    assert raised.value.existing_id == first.id


def test_a_missing_document_is_not_found(record_store):
    with record_store.unit_of_work(readonly=True) as uow, pytest.raises(NotFound):
        uow.documents.get("nope")


def test_documents_are_listed_newest_first_and_by_customer(record_store):
    docs = [make_document(s, customer_no=c, minutes=m) for s, c, m in (("c", "KH-1", 1), ("d", None, 2), ("e", "KH-1", 3))]
    with record_store.unit_of_work() as uow:
        for document in docs:
            uow.documents.add(document)
        uow.commit()
    with record_store.unit_of_work(readonly=True) as uow:
        assert [d.id for d in uow.documents.list(customer_no="KH-1")] == [docs[2].id, docs[0].id]
        assert [d.id for d in uow.documents.list(unassigned=True)] == [docs[1].id]
        assert [d.id for d in uow.documents.list(limit=1, offset=1)] == [docs[1].id]
        assert uow.documents.count() == 3
        assert set(uow.documents.sha256s()) == {d.sha256 for d in docs}


def test_an_update_from_a_stale_read_is_refused(record_store):
    document = make_document("f")
    with record_store.unit_of_work() as uow:
        uow.documents.add(document)
        uow.commit()
    with record_store.unit_of_work(readonly=True) as uow:
        copy_one, copy_two = uow.documents.get(document.id), uow.documents.get(document.id)
    copy_one.customer_no = "KH-9"
    with record_store.unit_of_work() as uow:
        uow.documents.update(copy_one)
        uow.commit()
    copy_two.customer_no = "KH-8"
    with record_store.unit_of_work() as uow, pytest.raises(StaleVersion):
        uow.documents.update(copy_two)
    with record_store.unit_of_work(readonly=True) as uow:
        stored = uow.documents.get(document.id)
    assert (stored.customer_no, stored.version) == ("KH-9", 2)


def test_customers_are_found_by_number_id_number_and_name(record_store):
    customer = Customer(customer_no="KH-2019-00042", name="上海华东机电设备有限公司", archive_no="KH-2026-000001",
                        id_number="11010519491231002X", created_at=T0)
    with record_store.unit_of_work() as uow:
        uow.customers.add(customer)
        uow.commit()
    with record_store.unit_of_work(readonly=True) as uow:
        assert uow.customers.get("KH-2019-00042") == customer
        assert uow.customers.find_by_id_number("11010519491231002X") == [customer]
        assert uow.customers.find_by_name("上海华东机电设备有限公司") == [customer]
        assert uow.customers.find("KH-0") is None
        assert uow.customers.count() == 1


def test_customer_numbers_and_archive_numbers_are_unique(record_store):
    with record_store.unit_of_work() as uow:
        uow.customers.add(Customer(customer_no="KH-1", archive_no="A-1"))
        uow.commit()
    for clash in (Customer(customer_no="KH-1", archive_no="A-2"), Customer(customer_no="KH-2", archive_no="A-1")):
        with record_store.unit_of_work() as uow, pytest.raises(Conflict):
            uow.customers.add(clash)


def test_sequence_values_are_never_handed_out_twice(record_store):
    with record_store.unit_of_work() as uow:
        first = uow.next_sequence_value("archive")
        uow.commit()
    with record_store.unit_of_work() as uow:
        second = uow.next_sequence_value("archive")
        uow.commit()
    assert second == first + 1


def test_scanning_visits_every_document_and_customer_once_in_batches(record_store):
    docs = [make_document(seed) for seed in "ghijk"]
    with record_store.unit_of_work() as uow:
        for document in docs:
            uow.documents.add(document)
        for n in range(5):
            uow.customers.add(Customer(customer_no=f"KH-{n}", archive_no=f"A-{n}"))
        uow.commit()
    seen, after = [], None
    with record_store.unit_of_work(readonly=True) as uow:
        while batch := uow.documents.scan(after_id=after, limit=2):
            seen += [d.id for d in batch]
            after = batch[-1].id
        customers = uow.customers.scan(after_no="KH-2", limit=10)
    assert seen == sorted(d.id for d in docs)
    assert [c.customer_no for c in customers] == ["KH-3", "KH-4"]


A, B = IndexTarget(DOCUMENT_TARGET, "A"), IndexTarget(DOCUMENT_TARGET, "B")
KH_1 = IndexTarget(CUSTOMER_TARGET, "KH-1")


def _claim(store, now, lease=60, limit=10):
    with store.unit_of_work() as uow:
        items = uow.outbox.claim(limit=limit, now=now, lease_seconds=lease)
        uow.commit()
    return items


def test_outbox_items_are_claimed_once_per_lease_and_completed(record_store):
    with record_store.unit_of_work() as uow:
        uow.outbox.mark([A, B, KH_1])
        uow.commit()
    first = _claim(record_store, T0)
    assert {item.target for item in first} == {A, B, KH_1}
    assert _claim(record_store, T0 + timedelta(seconds=30)) == []
    with record_store.unit_of_work() as uow:
        for item in first:
            uow.outbox.complete(item)
        uow.commit()
        assert uow.outbox.counts() == {"pending": 0, "failed": 0}


def test_an_outbox_row_written_before_typed_targets_is_claimed_as_its_target(record_store):
    if type(record_store).__name__.startswith("Sqlite"):
        with record_store.unit_of_work() as uow:  # the row as earlier versions wrote it
            uow.conn.execute("INSERT INTO index_outbox (key, seq, state) VALUES ('a:X1', 1, 'pending')")
            uow.commit()
    else:
        record_store.db["index_outbox"].insert_one({"_id": "a:X1", "seq": 1, "state": "pending", "attempts": 0,
                                                    "not_before": "", "error": None, "lease_until": ""})
    assert [item.target for item in _claim(record_store, T0)] == [IndexTarget(ACTIVITY_TARGET, "X1")]


def test_an_expired_lease_is_claimed_again(record_store):
    with record_store.unit_of_work() as uow:
        uow.outbox.mark([A])
        uow.commit()
    _claim(record_store, T0, lease=60)
    assert [item.target for item in _claim(record_store, T0 + timedelta(seconds=61))] == [A]


def test_a_change_during_indexing_keeps_the_item_pending(record_store):
    with record_store.unit_of_work() as uow:
        uow.outbox.mark([A])
        uow.commit()
    (item,) = _claim(record_store, T0)
    with record_store.unit_of_work() as uow:
        uow.outbox.mark([A])
        uow.outbox.complete(item)
        uow.commit()
        assert uow.outbox.counts()["pending"] == 1
    assert [i.target for i in _claim(record_store, T0)] == [A]


def test_an_item_is_handed_to_no_indexer_before_the_change_it_announces_is_written(record_store):
    """MongoDB writes the item first (no multi-document transaction): an indexer that took it before the change
    was written sent the old state and completed it, and the record never reached the index (bench.faults).
    SQLite writes both in one transaction: there is nothing to hold back."""
    if type(record_store).__name__.startswith("Sqlite"):
        pytest.skip("one transaction: the item and its change are written together")
    writer = record_store.unit_of_work()
    writer.__enter__()
    writer.outbox.mark([A])  # the change itself not yet written
    now = datetime.now(UTC)
    assert _claim(record_store, now) == []
    (early,) = _claim(record_store, now + timedelta(minutes=5))  # a writer gone for good: its hold runs out
    writer.commit()  # written after all: marked again
    writer.__exit__(None, None, None)
    with record_store.unit_of_work() as uow:
        uow.outbox.complete(early)  # the early indexer sent the old state: its item stays
        uow.commit()
        assert uow.outbox.counts()["pending"] == 1
    assert [item.target for item in _claim(record_store, now)] == [A]


def test_failed_items_wait_for_their_retry_time_then_give_up(record_store):
    with record_store.unit_of_work() as uow:
        uow.outbox.mark([A])
        uow.commit()
    (item,) = _claim(record_store, T0)
    with record_store.unit_of_work() as uow:
        uow.outbox.retry_later(item, error="index down", not_before=T0 + timedelta(minutes=5), give_up=False)
        uow.commit()
        assert uow.outbox.attempts([item]) == {A: 1}
    assert _claim(record_store, T0 + timedelta(minutes=4)) == []
    (again,) = _claim(record_store, T0 + timedelta(minutes=5))
    with record_store.unit_of_work() as uow:
        uow.outbox.retry_later(again, error="index down", not_before=T0 + timedelta(hours=1), give_up=True)
        uow.commit()
        assert uow.outbox.counts() == {"pending": 0, "failed": 1}
