"""The RecordStore contract for personal data, on every backend: ID numbers are stored encrypted wherever they
occur (fields, page text and lines, evidence, customers, history), found by keyed hash, and re-encrypted
under a new key by a rotation that can stop and start again."""

from __future__ import annotations

import json
import os

from docarchive.adapters.crypto.aesgcm import AesGcmCipher
from docarchive.domain.activities import Activity, ActivityKind
from docarchive.domain.customers import Customer
from docarchive.domain.documents import TextLine
from docarchive.domain.history import ChangeEntry
from docarchive.domain.ids import new_id
from tests.contract.test_record_store import T0, make_document
from tests.sealing import KEYS, NEW_KEY, OLD_KEY, cipher_for_tests, sealer_for_tests

ID_NUMBER = "11010519491231002X"


def _personal(record_store):
    document = make_document("p", customer_no="KH-1")
    document.fields.update(id_number=ID_NUMBER, id_number_valid=True)
    document.pages[0].text += f"\n身份证号码：{ID_NUMBER}"
    document.pages[0].lines.append(TextLine(f"身份证号码：{ID_NUMBER}", (1, 2, 3, 4), 0.9))
    document.evidence = {"customer_no": None, "id_number": ID_NUMBER, "names": [], "suggested_names": []}
    customer = Customer("KH-1", name="王建国", archive_no="A-1", id_number=ID_NUMBER, created_at=T0,
                        profile={"note": f"证件 {ID_NUMBER}"})
    with record_store.unit_of_work() as uow:
        uow.customers.add(customer)
        uow.documents.add(document)
        uow.activities.add(Activity(id=new_id(), customer_no="KH-1", kind=ActivityKind.COMPLAINT, occurred_at=T0,
                                    details={"content": f"客户称证件 {ID_NUMBER} 被冒用"}))
        uow.history.append(ChangeEntry("customer", "KH-1", T0, "alice", f"核对 {ID_NUMBER}",
                                       {"id_number": [None, ID_NUMBER]}))
        uow.commit()
    return document, customer


def test_personal_data_reads_back_plain_but_is_stored_encrypted(record_store):
    document, customer = _personal(record_store)
    with record_store.unit_of_work(readonly=True) as uow:
        assert uow.documents.get(document.id) == document and uow.customers.get("KH-1") == customer
        assert uow.history.list("customer", "KH-1")[0].reason == f"核对 {ID_NUMBER}"
        assert ID_NUMBER in uow.activities.list("KH-1")[0].details["content"]
        assert uow.history.list("customer", "KH-1")[0].changes == {"id_number": [None, ID_NUMBER]}
    assert ID_NUMBER not in _stored(record_store) and "11010519491231002" not in _stored(record_store)


def test_customers_and_records_are_found_by_id_number_through_its_keyed_hash(record_store):
    document, _ = _personal(record_store)
    with record_store.unit_of_work(readonly=True) as uow:
        assert [c.customer_no for c in uow.customers.find_by_id_number(ID_NUMBER)] == ["KH-1"]
        assert [d.id for d in uow.documents.naming([f"id:{ID_NUMBER}"])] == [document.id]
        assert uow.customers.find_by_id_number("110105194912310021") == []


def test_a_rotation_re_encrypts_everything_and_a_second_run_finds_nothing_left(record_store):
    document, customer = _personal(record_store)
    rotated = _reopen(record_store, AesGcmCipher(dict(KEYS), NEW_KEY))
    try:
        everything = {"documents": 1, "customers": 1, "activities": 1, "changes": 1}
        assert rotated.reseal_personal_data(dry_run=True) == everything
        assert rotated.reseal_personal_data() == everything
        assert rotated.reseal_personal_data() == {"documents": 0, "customers": 0, "activities": 0, "changes": 0}
    finally:
        rotated.close()
    only_new = _reopen(record_store, cipher_for_tests(NEW_KEY))
    try:
        with only_new.unit_of_work(readonly=True) as uow:  # the old key is gone: everything reads with the new
            assert uow.documents.get(document.id) == document and uow.customers.get("KH-1") == customer
            assert ID_NUMBER in uow.documents.summaries([document.id])[document.id].page_texts[0]
            assert [c.customer_no for c in uow.customers.find_by_id_number(ID_NUMBER)] == ["KH-1"]
            assert uow.history.list("customer", "KH-1")[0].changes == {"id_number": [None, ID_NUMBER]}
            assert ID_NUMBER in uow.activities.list("KH-1")[0].details["content"]
    finally:
        only_new.close()


def test_records_stored_in_plain_before_encryption_are_encrypted_by_a_rotation(record_store):
    plain = _reopen(record_store, None)
    try:
        document, customer = _personal(plain)
    finally:
        plain.close()
    assert ID_NUMBER in _stored(record_store)
    assert record_store.reseal_personal_data()["documents"] == 1
    with record_store.unit_of_work(readonly=True) as uow:
        assert uow.documents.get(document.id) == document
        assert [c.customer_no for c in uow.customers.find_by_id_number(ID_NUMBER)] == ["KH-1"]
        assert [d.id for d in uow.documents.naming([f"id:{ID_NUMBER}"])] == [document.id]
    assert ID_NUMBER not in _stored(record_store)


def test_an_old_key_id_is_named_in_what_was_stored_before_a_rotation():
    assert cipher_for_tests().key_id_of(cipher_for_tests().encrypt(b"x")) == OLD_KEY


def _reopen(record_store, cipher):
    sealer = sealer_for_tests(cipher) if cipher is not None else None
    if hasattr(record_store, "path"):
        from docarchive.adapters.records.sqlite import SqliteRecordStore

        return SqliteRecordStore(record_store.path, sealer=sealer)
    from docarchive.adapters.records.mongo import MongoRecordStore

    return MongoRecordStore(os.environ["DOCARCHIVE_MONGO_URL"], database=record_store.db.name, sealer=sealer)


def _stored(record_store) -> str:
    """Everything the backend keeps, as text: the database files, or every document of every collection."""
    if hasattr(record_store, "path"):
        files = [record_store.path, record_store.path.with_name(record_store.path.name + "-wal")]
        return "".join(path.read_bytes().decode("latin-1") for path in files if path.exists())
    db = record_store.db
    return json.dumps([row for name in db.list_collection_names() for row in db[name].find()], default=str,
                      ensure_ascii=False)
