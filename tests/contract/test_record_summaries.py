"""The RecordStore contract for what a page of search hits reads (documents' summaries, customers by number),
on every backend: one round trip each, the same values as the whole records, personal data opened."""

from __future__ import annotations

from docarchive.domain.customers import Customer, CustomerHeading
from docarchive.domain.documents import Confidentiality, DocumentSummary
from tests.contract.test_record_store import T0, make_document
from tests.contract.test_record_store_customers import _store

ID_NUMBER = "11010519491231002X"


def test_a_summary_holds_the_heading_fields_and_every_page_text_of_its_record(record_store):
    document = make_document("s", customer_no="KH-1")
    document.category, document.volume_confidentiality = "合同协议", Confidentiality.CONFIDENTIAL
    document.pages[1].text += f"\n身份证号码：{ID_NUMBER}"  # sealed at rest, opened on reading
    _store(record_store, documents=[document])
    with record_store.unit_of_work(readonly=True) as uow:
        summary = uow.documents.summaries([document.id])[document.id]
    assert summary == DocumentSummary(
        id=document.id, customer_no="KH-1", doc_type=document.doc_type, category="合同协议", title=document.title,
        created_at=document.created_at, confidentiality=Confidentiality.NONE,
        volume_confidentiality=Confidentiality.CONFIDENTIAL, page_texts=tuple(p.text for p in document.pages))
    assert summary.effective_confidentiality == document.effective_confidentiality == Confidentiality.CONFIDENTIAL


def test_summaries_leave_out_unknown_ids_and_include_the_units_own_writes(record_store):
    stored, unassigned, pending = make_document("a"), make_document("b", minutes=1), make_document("c", minutes=2)
    _store(record_store, documents=[stored, unassigned])
    with record_store.unit_of_work() as uow:
        uow.documents.add(pending)
        found = uow.documents.summaries([pending.id, "no-such-id", stored.id, unassigned.id, stored.id])
        assert set(found) == {pending.id, stored.id, unassigned.id}
        assert found[unassigned.id].customer_no is None and found[pending.id].title == pending.title
    with record_store.unit_of_work(readonly=True) as uow:
        assert uow.documents.summaries([]) == {}


def test_a_summary_follows_every_change_of_its_record(record_store):
    document = make_document("u", customer_no="KH-1")
    _store(record_store, documents=[document])
    with record_store.unit_of_work() as uow:
        changed = uow.documents.get(document.id)
        changed.title, changed.category, changed.customer_no = "更正后的标题", "客户资料", "KH-2"
        changed.confidentiality, changed.pages[0].text = Confidentiality.SECRET, f"改正 {ID_NUMBER}"
        uow.documents.update(changed)
        uow.commit()
    with record_store.unit_of_work(readonly=True) as uow:
        summary = uow.documents.summaries([document.id])[document.id]
    assert (summary.title, summary.category, summary.customer_no) == ("更正后的标题", "客户资料", "KH-2")
    assert summary.confidentiality == Confidentiality.SECRET and summary.page_texts[0] == f"改正 {ID_NUMBER}"


def test_customers_are_found_many_at_once_by_number(record_store):
    customers = [Customer(f"KH-{n}", name=f"客户{n}", archive_no=f"A-{n}", id_number=ID_NUMBER if n == 1 else None,
                          created_at=T0) for n in (1, 2, 3)]
    _store(record_store, *customers)
    with record_store.unit_of_work(readonly=True) as uow:
        found = uow.customers.find_many(["KH-3", "KH-9", "KH-1", "KH-3"])
        assert found == {"KH-3": customers[2], "KH-1": customers[0]}
        assert found["KH-1"].id_number == ID_NUMBER and uow.customers.find_many([]) == {}


def test_customer_headings_are_name_keeper_and_department_many_at_once(record_store):
    customers = [Customer(f"KH-{n}", name=f"客户{n}", archive_no=f"A-{n}", id_number=ID_NUMBER if n == 1 else None,
                          created_at=T0, owner="li" if n == 1 else "", department="销售一部" if n == 1 else "")
                 for n in (1, 2)]
    _store(record_store, *customers)
    with record_store.unit_of_work(readonly=True) as uow:
        found = uow.customers.headings(["KH-2", "KH-9", "KH-1", "KH-2"])
        assert found == {"KH-1": CustomerHeading("KH-1", "客户1", "li", "销售一部"),
                         "KH-2": CustomerHeading("KH-2", "客户2", "", "")}
        assert uow.customers.headings([]) == {}
