"""The RecordStore contract for customer profiles: updates, the change log and statistics, on every backend."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from docarchive.domain.customers import Customer
from docarchive.domain.errors import StaleVersion
from docarchive.domain.history import ChangeEntry
from tests.contract.test_record_store import T0, make_document


def _customer(n: int, month: int = 5, **profile) -> Customer:
    return Customer(customer_no=f"KH-{n:03d}", name=f"客户{n}", archive_no=f"A-{n}",
                    created_at=T0.replace(month=month), profile=profile)


def _entry(key: str, reason: str, minutes: int = 0, **changes) -> ChangeEntry:
    return ChangeEntry("customer", key, T0 + timedelta(minutes=minutes), "alice", reason,
                       {field: list(values) for field, values in changes.items()})


def _store(record_store, *customers: Customer, documents=()) -> None:
    with record_store.unit_of_work() as uow:
        for customer in customers:
            uow.customers.add(customer)
        for document in documents:
            uow.documents.add(document)
        uow.commit()


def test_an_updated_customer_reads_back_with_its_new_profile_and_version(record_store):
    _store(record_store, _customer(1, grade="B"))
    with record_store.unit_of_work() as uow:
        customer = uow.customers.get("KH-001")
        customer.profile["grade"] = "A"
        customer.name = "新名称"
        uow.customers.update(customer)
        uow.commit()
    with record_store.unit_of_work(readonly=True) as uow:
        stored = uow.customers.get("KH-001")
    assert (stored.profile["grade"], stored.name, stored.version) == ("A", "新名称", 2)
    with record_store.unit_of_work(readonly=True) as uow:
        assert [c.customer_no for c in uow.customers.find_by_name("新名称")] == ["KH-001"]


def test_updating_a_customer_read_before_another_change_is_refused(record_store):
    _store(record_store, _customer(1))
    with record_store.unit_of_work(readonly=True) as uow:
        stale = uow.customers.get("KH-001")
    with record_store.unit_of_work() as uow:
        fresh = uow.customers.get("KH-001")
        fresh.name = "先改"
        uow.customers.update(fresh)
        uow.commit()
    with record_store.unit_of_work() as uow, pytest.raises(StaleVersion):
        stale.name = "后改"
        uow.customers.update(stale)
        uow.commit()
    with record_store.unit_of_work(readonly=True) as uow:
        assert uow.customers.get("KH-001").name == "先改"


def test_customers_are_found_by_their_keeper_in_number_order(record_store):
    _store(record_store, *(replace(_customer(n), owner=owner) for n, owner in ((3, "wang"), (1, "wang"), (2, "li"))))
    with record_store.unit_of_work() as uow:
        assert [c.customer_no for c in uow.customers.owned_by("wang")] == ["KH-001", "KH-003"]
        assert [c.customer_no for c in uow.customers.owned_by("wang", limit=1)] == ["KH-001"]
        moved = uow.customers.get("KH-002")
        moved.owner = "wang"
        uow.customers.update(moved)
        assert [c.customer_no for c in uow.customers.owned_by("wang")] == ["KH-001", "KH-002", "KH-003"]
        assert uow.customers.owned_by("nobody") == []


def test_change_log_entries_read_back_newest_first_per_entity(record_store):
    with record_store.unit_of_work() as uow:
        uow.history.append(_entry("KH-001", "开户", 0, name=[None, "甲"]))
        uow.history.append(_entry("KH-002", "其他客户", 1, grade=["B", "A"]))
        uow.history.append(_entry("KH-001", "升级", 2, grade=["B", "A"], contacts=[[], [{"name": "张三"}]]))
        uow.commit()
    with record_store.unit_of_work(readonly=True) as uow:
        entries = uow.history.list("customer", "KH-001")
        assert [e.reason for e in entries] == ["升级", "开户"]
        assert entries[0] == _entry("KH-001", "升级", 2, grade=["B", "A"], contacts=[[], [{"name": "张三"}]])
        assert [e.reason for e in uow.history.list("customer", "KH-001", limit=1, offset=1)] == ["开户"]
        assert uow.history.list("document", "KH-001") == []


def test_change_log_entries_roll_back_with_their_change(record_store):
    with record_store.unit_of_work() as uow:
        uow.history.append(_entry("KH-001", "不提交"))
    with record_store.unit_of_work(readonly=True) as uow:
        assert uow.history.list("customer", "KH-001") == []


def test_a_unit_of_work_sees_its_own_change_log_entries_before_commit(record_store):
    with record_store.unit_of_work() as uow:
        uow.history.append(_entry("KH-001", "先"))
        uow.commit()
        uow.history.append(_entry("KH-001", "后", 1))
        assert [e.reason for e in uow.history.list("customer", "KH-001")] == ["后", "先"]


def test_customers_are_counted_by_profile_values_and_month(record_store):
    _store(record_store,
           _customer(1, 3, grade="A", industry="制造业", region={"province": "上海市"}, type="enterprise",
                     status="active", role="dealer"),
           _customer(2, 3, grade="A", industry="零售业", region={"province": "浙江省"}, type="individual"),
           _customer(3, 5, grade="C", industry="制造业"))
    with record_store.unit_of_work(readonly=True) as uow:
        stats = uow.statistics
        assert stats.customers_by("grade") == {"A": 2, "C": 1}
        assert stats.customers_by("industry") == {"制造业": 2, "零售业": 1}
        assert stats.customers_by("province") == {"上海市": 1, "浙江省": 1, None: 1}
        assert stats.customers_by("type") == {"enterprise": 1, "individual": 1, None: 1}
        assert stats.customers_by("status") == {"active": 1, None: 2}
        assert stats.customers_by("role") == {"dealer": 1, None: 2}
        assert stats.customers_by_month() == {"2026-03": 2, "2026-05": 1}


def test_an_updated_profile_is_counted_under_its_new_value(record_store):
    _store(record_store, _customer(1, grade="B"))
    with record_store.unit_of_work() as uow:
        customer = uow.customers.get("KH-001")
        customer.profile = {"grade": "A"}
        uow.customers.update(customer)
        uow.commit()
    with record_store.unit_of_work(readonly=True) as uow:
        assert uow.statistics.customers_by("grade") == {"A": 1}


def test_records_are_counted_by_category(record_store):
    documents = [replace(make_document(seed), category=category)
                 for seed, category in (("1", "合同协议"), ("2", "合同协议"), ("3", "基础资料"))]
    _store(record_store, documents=documents)
    with record_store.unit_of_work(readonly=True) as uow:
        assert uow.statistics.documents_by_category() == {"合同协议": 2, "基础资料": 1}


def test_a_record_moved_to_another_category_is_counted_there(record_store):
    document = replace(make_document("4"), category="其他")
    _store(record_store, documents=[document])
    with record_store.unit_of_work() as uow:
        moved = uow.documents.get(document.id)
        moved.category = "合同协议"
        uow.documents.update(moved)
        uow.commit()
    with record_store.unit_of_work(readonly=True) as uow:
        assert uow.statistics.documents_by_category() == {"合同协议": 1}


def test_records_and_their_pages_are_counted_by_day_of_arrival_and_category(record_store):
    """Two pages each (make_document); a category that is any text stays one key; none is ""."""
    documents = [replace(make_document("5"), category="合同协议"),
                 replace(make_document("6", minutes=60), category="合同协议"),
                 replace(make_document("7"), category='=1,"x"]'),
                 replace(make_document("8"), category="", created_at=T0 - timedelta(days=400)),
                 replace(make_document("9"), category="合同协议", pages=make_document("9").pages[:1])]
    _store(record_store, documents=documents)
    with record_store.unit_of_work(readonly=True) as uow:
        assert uow.statistics.documents_by_day() == {("2026-05-06", "合同协议"): (3, 5),
                                                     ("2026-05-06", '=1,"x"]'): (1, 2),
                                                     ("2025-04-01", ""): (1, 2)}


def test_a_record_set_apart_or_recategorised_leaves_its_day_count(record_store):
    documents = [replace(make_document(seed), category="合同协议") for seed in "bcd"]
    _store(record_store, documents=documents)
    with record_store.unit_of_work() as uow:
        apart = uow.documents.get(documents[0].id)
        apart.disposal = "recycled"
        uow.documents.update(apart)
        moved = uow.documents.get(documents[1].id)
        moved.category = "基础资料"
        uow.documents.update(moved)
        uow.commit()
    with record_store.unit_of_work(readonly=True) as uow:
        assert uow.statistics.documents_by_day() == {("2026-05-06", "合同协议"): (1, 2),
                                                     ("2026-05-06", "基础资料"): (1, 2)}


def test_rolled_back_writes_are_not_counted(record_store):
    with record_store.unit_of_work() as uow:
        uow.customers.add(_customer(1, grade="A"))
        uow.documents.add(make_document("r"))
    with record_store.unit_of_work(readonly=True) as uow:
        assert uow.statistics.customers_by("grade") == {}
        assert uow.statistics.documents_by_day() == {}
        assert uow.statistics.customers_by_month() == {}
