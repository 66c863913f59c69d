"""The RecordStore contract for kept completeness: after every kind of change, on every backend, the states
kept at commit equal a full recheck of every file from the records."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from docarchive.domain.completeness import FiledItem, customer_type, file_over_time, filed_month
from docarchive.domain.completeness import rules_fingerprint, rules_from_config
from docarchive.domain.customers import Customer
from docarchive.domain.documents import DocType, Page
from docarchive.domain.events import INDEXED
from docarchive.domain.principal import Principal
from docarchive.services.completeness import completeness_rate, completeness_report, recomputed_completeness
from docarchive.services.completeness_tracking import CompletenessTracking
from docarchive.services.events import EventDispatcher
from tests.contract.test_record_store import T0, make_document

RULES = rules_from_config(None)
ACTOR = Principal("archive", ("archivist",))  # reports are the archive room's


@pytest.fixture
def store(record_store):
    record_store.publisher.handle_in_transaction(CompletenessTracking(RULES), *INDEXED)
    return record_store


def _customer(n: int, kind: str = "enterprise") -> Customer:
    return Customer(customer_no=f"KH-{n:03d}", name=f"客户{n}", archive_no=f"A-{n}", created_at=T0,
                    profile={"type": kind})


def _record(seed: str, customer_no: str | None, doc_type: DocType, title: str = "", pages: int = 1):
    document = make_document(seed, customer_no=customer_no)
    return replace(document, doc_type=doc_type, title=title or document.title,
                   pages=[Page(n=n, text="页", confidence=0.9) for n in range(1, pages + 1)])


def _add(store, *items) -> None:
    with store.unit_of_work() as uow:
        for item in items:
            (uow.customers if isinstance(item, Customer) else uow.documents).add(item)
        uow.commit()


def _change_record(store, document_id: str, **changes) -> None:
    with store.unit_of_work() as uow:
        document = uow.documents.get(document_id)
        for name, value in changes.items():
            setattr(document, name, value)
        uow.documents.update(document)
        uow.commit()


def _assert_kept_equals_recomputed(store, rules=RULES) -> None:
    """Read the kept states as they are (no refresh), and compare with a check of every file."""
    fingerprint = rules_fingerprint(rules)
    with store.unit_of_work(readonly=True) as uow:
        kept = uow.completeness.list(fingerprint, limit=10_000)
        counts = uow.completeness.counts(fingerprint)
        over_time = uow.completeness.over_time(fingerprint)
    fresh = recomputed_completeness(store, rules=rules)
    assert kept == fresh
    assert counts == (sum(state["complete"] for state in fresh), len(fresh))
    assert over_time == _recomputed_over_time(store, rules)


def _recomputed_over_time(store, rules) -> tuple[dict[str, int], dict[str, int]]:
    """Every file over time from the records themselves: (files opened per month, net turns per month)."""
    with store.unit_of_work(readonly=True) as uow:
        customers = uow.customers.scan(limit=10_000)
        documents = [d for d in uow.documents.scan(limit=10_000) if not d.disposal]
    opened, turned = Counter(), Counter()
    for customer in customers:
        items = [FiledItem(d.id, d.doc_type.value, d.title, d.page_count,
                           filed_month(d.created_at.isoformat(), (d.link or {}).get("at")))
                 for d in documents if d.customer_no == customer.customer_no]
        kind = customer_type(customer.profile, rules)
        over_time = file_over_time(kind, items, rules, f"{customer.created_at:%Y-%m}" if customer.created_at else "")
        opened[over_time.opened] += 1
        for month, delta in over_time.turns:
            turned[month] += delta
    return dict(opened), dict(turned)


def _complete_enterprise_file(store, n: int = 1) -> list:
    records = [_record(f"{n}a", f"KH-{n:03d}", DocType.ARCHIVE_CARD, "客户档案卡"),
               _record(f"{n}b", f"KH-{n:03d}", DocType.OTHER, "营业执照复印件"),
               _record(f"{n}c", f"KH-{n:03d}", DocType.ID_CARD, "法定代表人身份证"),
               _record(f"{n}d", f"KH-{n:03d}", DocType.CONTRACT, "购销合同", pages=3)]
    _add(store, _customer(n), *records)
    return records


def test_a_new_customer_is_kept_as_an_incomplete_file(store):
    _add(store, _customer(1), _customer(2, "individual"))
    _assert_kept_equals_recomputed(store)
    assert completeness_rate(store, principal=ACTOR, rules=RULES) == 0.0


def test_records_added_with_their_customer_make_the_file_complete(store):
    _complete_enterprise_file(store)
    _assert_kept_equals_recomputed(store)
    assert completeness_rate(store, principal=ACTOR, rules=RULES) == 1.0


def test_records_added_later_to_a_stored_customer_are_counted(store):
    _add(store, _customer(1))
    _add(store, _record("x", "KH-001", DocType.CONTRACT))
    _assert_kept_equals_recomputed(store)


def test_a_record_moved_to_another_customer_changes_both_files(store):
    records = _complete_enterprise_file(store)
    _add(store, _customer(2))
    _change_record(store, records[3].id, customer_no="KH-002")
    _assert_kept_equals_recomputed(store)
    assert completeness_rate(store, principal=ACTOR, rules=RULES) == 0.0


def test_a_record_removed_from_a_file_makes_it_incomplete(store):
    records = _complete_enterprise_file(store)
    _change_record(store, records[0].id, customer_no=None)
    _assert_kept_equals_recomputed(store)
    assert completeness_rate(store, principal=ACTOR, rules=RULES) == 0.0


@pytest.mark.parametrize("disposal", ["recycled", "destroyed"])
def test_a_record_set_apart_or_erased_no_longer_completes_the_file(store, disposal):
    records = _complete_enterprise_file(store)
    _change_record(store, records[3].id, disposal=disposal)
    _assert_kept_equals_recomputed(store)
    assert completeness_rate(store, principal=ACTOR, rules=RULES) == 0.0
    _change_record(store, records[3].id, disposal="")  # restored
    _assert_kept_equals_recomputed(store)
    assert completeness_rate(store, principal=ACTOR, rules=RULES) == 1.0


def test_a_retyped_record_is_checked_under_its_new_type(store):
    records = _complete_enterprise_file(store)
    _change_record(store, records[3].id, doc_type=DocType.OTHER)
    _assert_kept_equals_recomputed(store)
    assert completeness_rate(store, principal=ACTOR, rules=RULES) == 0.0


def test_a_changed_page_count_is_checked(store):
    records = _complete_enterprise_file(store)
    _change_record(store, records[0].id, pages=records[3].pages)  # the archive card should have 1 page, not 3
    _assert_kept_equals_recomputed(store)
    assert completeness_rate(store, principal=ACTOR, rules=RULES) == 0.0


def test_a_customer_whose_type_changes_is_checked_under_the_rules_of_its_new_type(store):
    _complete_enterprise_file(store)
    with store.unit_of_work() as uow:
        customer = uow.customers.get("KH-001")
        customer.profile["type"] = "individual"  # needs an ID copy: the legal rep's copy counts
        uow.customers.update(customer)
        uow.commit()
    _assert_kept_equals_recomputed(store)


def test_rolled_back_changes_leave_the_kept_states_as_they_were(store):
    records = _complete_enterprise_file(store)
    with store.unit_of_work() as uow:
        document = uow.documents.get(records[3].id)
        document.customer_no = None
        uow.documents.update(document)
        uow.rollback()
    _assert_kept_equals_recomputed(store)
    assert completeness_rate(store, principal=ACTOR, rules=RULES) == 1.0


def test_changed_rules_are_applied_on_first_use_never_read_stale(store):
    _complete_enterprise_file(store)
    stricter = rules_from_config({"enterprise": [{"key": "contract", "label": "合同", "doc_types": ["contract"],
                                                  "min_count": 2}]})
    assert completeness_rate(store, principal=ACTOR, rules=stricter) == 0.0
    _assert_kept_equals_recomputed(store, stricter)
    assert completeness_rate(store, principal=ACTOR, rules=RULES) == 1.0


def test_the_report_lists_the_kept_states_with_totals(store):
    _complete_enterprise_file(store)
    _add(store, _customer(2, "government"))
    report = completeness_report(store, principal=ACTOR, rules=RULES, only_incomplete=True)
    assert (report["customers"], report["complete"], report["rate"]) == (2, 1, 0.5)
    assert [row["customer_no"] for row in report["files"]] == ["KH-002"]
    assert report["files"] == [row for row in recomputed_completeness(store, rules=RULES) if not row["complete"]]


def test_a_write_that_bypassed_tracking_is_rechecked_before_the_rate_is_read(record_store):
    if type(record_store).__name__ != "SqliteRecordStore":
        pytest.skip("only SQLite sees every write (triggers); MongoDB writers all go through bootstrap's handlers")
    _complete_enterprise_file(record_store)
    assert completeness_rate(record_store, principal=ACTOR, rules=RULES) == 1.0  # refreshed on first use
    tracked = type(record_store)(record_store.path)
    tracked.publish_to(EventDispatcher())
    tracked.publisher.handle_in_transaction(CompletenessTracking(RULES), *INDEXED)
    _add(record_store, _record("stray", "KH-404", DocType.CONTRACT))  # a customer that does not exist
    with record_store.unit_of_work() as uow:  # no handler: only the triggers mark the file
        document = uow.documents.list(customer_no="KH-001")[0]
        document.customer_no = None
        uow.documents.update(document)
        uow.commit()
    assert completeness_rate(tracked, principal=ACTOR, rules=RULES) == 0.0
    _assert_kept_equals_recomputed(tracked)
    tracked.close()


def test_a_file_over_time_counts_each_record_from_its_arrival_or_its_link_whichever_is_later(store):
    """Opened in March; card and contract arrive in March, the licence in April; the legal representative's ID
    arrived in January but was linked in May: complete from May."""
    march, april, january = T0.replace(month=3), T0.replace(month=4), T0.replace(month=1)
    customer = replace(_customer(1), created_at=march)
    records = [replace(_record("m1", "KH-001", DocType.ARCHIVE_CARD, "客户档案卡"), created_at=march),
               replace(_record("m2", "KH-001", DocType.CONTRACT, "购销合同"), created_at=march),
               replace(_record("m3", "KH-001", DocType.OTHER, "营业执照复印件"), created_at=april),
               replace(_record("m4", "KH-001", DocType.ID_CARD, "法定代表人身份证"), created_at=january,
                       link={"customer_no": "KH-001", "how": "manual", "at": T0.replace(month=5).isoformat()})]
    _add(store, customer, *records)
    _assert_kept_equals_recomputed(store)
    with store.unit_of_work(readonly=True) as uow:
        opened, turned = uow.completeness.over_time(rules_fingerprint(RULES))
    year = T0.year
    assert opened == {f"{year}-03": 1} and turned == {f"{year}-05": 1}
    _change_record(store, records[1].id, disposal="recycled")  # the contract set apart: never complete
    _assert_kept_equals_recomputed(store)
