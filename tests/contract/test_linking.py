"""Linking and re-linking through the commit of arriving records, on every record backend: the same links in
any order, never the counterparty's file, and the review queue a person works from."""

from __future__ import annotations

import hashlib
import itertools
import uuid

import pytest

from docarchive.adapters.blobs.filesystem import FilesystemBlobStore
from docarchive.domain.documents import DocType, Page, PageSource
from docarchive.domain.errors import InvalidInput
from docarchive.domain.principal import Principal
from docarchive.ingest.context import IngestContext, IngestRequest
from docarchive.services.arrival import LinkPolicy, commit_arrival
from docarchive.services.customer_profiles import ProfileContext, create_customer
from docarchive.services.history import history_of
from docarchive.services.linking import dismiss_reason, link_by_hand, review_queue
from tests.contract.conftest import RECORD_BACKENDS, require_backend

US = ("上海恒通商贸有限公司",)
ARCHIVIST = Principal("王芳", ("archivist",))
ID_ZHANG = "110105194912310021"

CARD_A = ("card-a", DocType.ARCHIVE_CARD, {"customer_no": "KH-A", "name": "北京华辰科技有限公司"})
CARD_B = ("card-b", DocType.ARCHIVE_CARD, {"customer_no": "KH-B", "name": "杭州西湖电子有限公司"})
CARD_P = ("card-p", DocType.ARCHIVE_CARD, {"customer_no": "KH-P", "name": "张伟", "id_number": ID_ZHANG,
                                           "id_number_valid": True})
CONTRACT_A = ("contract-a", DocType.CONTRACT, {"customer_no": "KH-A", "party_a": "上海恒通商贸有限公司",
                                               "party_b": "北京华辰科技有限公司"})
# Names another customer (KH-B's company) as the counterparty, but its own number is not on file.
CONTRACT_NEW = ("contract-new", DocType.CONTRACT, {"customer_no": "KH-NEW", "party_a": "杭州西湖电子有限公司",
                                                   "party_b": "上海恒通商贸有限公司"})
CONTRACT_NAMED = ("contract-named", DocType.CONTRACT, {"party_a": "上海恒通商贸有限公司",
                                                       "party_b": "杭州西湖电子有限公司"})
ID_COPY = ("id-copy", DocType.ID_CARD, {"name": "张伟", "id_number": ID_ZHANG, "id_number_valid": True})
COMPLAINT_B = ("complaint-b", DocType.OTHER, {"customer_no": "KH-B"})
CONFLICTED = ("conflicted", DocType.OTHER, {"customer_no": "KH-A", "id_number": ID_ZHANG, "id_number_valid": True})
FOLDER = [CARD_A, CARD_B, CARD_P, CONTRACT_A, CONTRACT_NEW, CONTRACT_NAMED, ID_COPY, COMPLAINT_B, CONFLICTED]
EXPECTED = {"card-a": "KH-A", "card-b": "KH-B", "card-p": "KH-P", "contract-a": "KH-A", "contract-new": None,
            "contract-named": "KH-B", "id-copy": "KH-P", "complaint-b": "KH-B", "conflicted": None}


@pytest.fixture
def blobs(tmp_path):
    return FilesystemBlobStore(tmp_path / "blobs")


def arrive(store, blobs, clock, paper, *, own=US, given=None):
    name, doc_type, fields = paper
    data = f"the scan of {name}".encode()
    ctx = IngestContext(IngestRequest(filename=f"{name}.pdf", data=data, customer_no=given, principal=ARCHIVIST))
    ctx.data, ctx.sha256, ctx.media_type = data, hashlib.sha256(data).hexdigest(), "application/pdf"
    ctx.doc_type, ctx.fields = doc_type, dict(fields)
    ctx.pages = [Page(n=1, text=name, confidence=None, source=PageSource.TEXT_LAYER)]
    with store.unit_of_work() as uow:
        commit_arrival(uow, ctx, policy=LinkPolicy(own_names=own), blobs=blobs, clock=clock, engine_name="rapidocr")
        uow.commit()
    return ctx.document_id


def links(store) -> dict[str, str | None]:
    with store.unit_of_work(readonly=True) as uow:
        return {d.filename.removesuffix(".pdf"): d.customer_no for d in uow.documents.list(limit=1000)}


def document(store, document_id):
    with store.unit_of_work(readonly=True) as uow:
        return uow.documents.get(document_id)


@pytest.fixture(params=RECORD_BACKENDS)
def new_store(request, tmp_path):
    """Makes empty record stores of one backend, one per ingest order."""
    stores, names = [], []

    def make():
        if request.param == "sqlite":
            from docarchive.adapters.records.sqlite import SqliteRecordStore

            stores.append(SqliteRecordStore(tmp_path / f"records-{len(stores)}.sqlite3"))
        else:
            from docarchive.adapters.records.mongo import MongoRecordStore

            url = require_backend("DOCARCHIVE_MONGO_URL")
            names.append(f"test_{uuid.uuid4().hex[:12]}")
            stores.append(MongoRecordStore(url, database=names[-1]))
        return stores[-1]

    yield make
    for store in stores:
        if names:
            store.client.drop_database(store.db.name)
        store.close()


def links_after(store, blobs, clock, order):
    for paper in order:
        arrive(store, blobs, clock, paper)
    return links(store)


def test_a_folder_gives_the_same_links_in_every_order(new_store, blobs, clock):
    orders = [FOLDER, FOLDER[::-1], [FOLDER[i] for i in (4, 7, 3, 6, 8, 5, 2, 1, 0)]]
    results = [links_after(new_store(), blobs, clock, order) for order in orders]
    assert results[0] == EXPECTED
    assert results[1] == results[0] and results[2] == results[0]


def test_every_order_of_a_small_folder_agrees(new_store, blobs, clock):
    """All 24 orders of four papers whose links depend on each other."""
    papers = [CARD_B, COMPLAINT_B, CONTRACT_NAMED, CONTRACT_NEW]
    seen = {tuple(sorted(links_after(new_store(), blobs, clock, order).items()))
            for order in itertools.permutations(papers)}
    assert seen == {(("card-b", "KH-B"), ("complaint-b", "KH-B"), ("contract-named", "KH-B"),
                     ("contract-new", None))}


def test_a_record_is_linked_when_its_customers_card_arrives_later_with_the_reason_in_its_history(
        record_store, blobs, clock):
    complaint = arrive(record_store, blobs, clock, COMPLAINT_B)
    assert document(record_store, complaint).review[0] == {"reason": "customer_not_on_file", "customer_no": "KH-B"}
    arrive(record_store, blobs, clock, CARD_B)
    record = document(record_store, complaint)
    assert record.customer_no == "KH-B"
    assert record.link["how"] == "page_number" and record.link["evidence"] == "the page names KH-B"
    assert record.link["by"] == ARCHIVIST.user
    assert "customer_not_on_file" not in record.review_reasons
    entries = history_of(record_store, ARCHIVIST, "document", complaint)
    assert entries[0].reason == "linked automatically: the page names KH-B"
    assert entries[0].changes["customer_no"] == [None, "KH-B"]


def test_a_contract_naming_a_new_number_is_never_filed_under_its_counterparty(record_store, blobs, clock):
    arrive(record_store, blobs, clock, CARD_B)
    contract = document(record_store, arrive(record_store, blobs, clock, CONTRACT_NEW))
    assert contract.customer_no is None
    assert contract.review[0] == {"reason": "customer_not_on_file", "customer_no": "KH-NEW"}


def test_without_our_own_names_a_party_name_is_a_suggestion_for_review(record_store, blobs, clock):
    arrive(record_store, blobs, clock, CARD_B)
    contract = document(record_store, arrive(record_store, blobs, clock, CONTRACT_NAMED, own=()))
    assert contract.customer_no is None
    assert contract.review[0] == {"reason": "name_suggestion", "customer_no": "KH-B", "name": "杭州西湖电子有限公司"}


def test_a_customer_added_by_hand_pulls_in_the_records_naming_it(record_store, blobs, clock):
    complaint = arrive(record_store, blobs, clock, COMPLAINT_B)
    context = ProfileContext(principal=ARCHIVIST, clock=clock, archive_no_format="KH-{year}-{seq:06d}")
    create_customer(record_store, context, {"customer_no": "KH-B", "name": "杭州西湖电子有限公司"}, "新客户")
    assert document(record_store, complaint).customer_no == "KH-B"


def test_a_link_made_by_hand_is_never_changed_automatically(record_store, blobs, clock):
    arrive(record_store, blobs, clock, CARD_B)
    record_id = arrive(record_store, blobs, clock, CONFLICTED)
    assert document(record_store, record_id).review_reasons[0] == "customer_not_on_file"
    link_by_hand(record_store, principal=ARCHIVIST, clock=clock, document_id=record_id, customer_no="KH-B",
                 reason="misprinted number; the cover letter names 杭州西湖电子")
    arrive(record_store, blobs, clock, CARD_A)  # the number on the page is on file now,
    arrive(record_store, blobs, clock, CARD_P)  # and so is the ID number's owner
    record = document(record_store, record_id)
    assert (record.customer_no, record.link["how"], record.link["by"]) == ("KH-B", "manual", ARCHIVIST.user)
    assert not {"conflict", "customer_not_on_file"} & set(record.review_reasons)


def test_evidence_that_disagrees_waits_with_both_candidates(record_store, blobs, clock):
    arrive(record_store, blobs, clock, CARD_A)
    arrive(record_store, blobs, clock, CARD_P)
    record = document(record_store, arrive(record_store, blobs, clock, CONFLICTED))
    assert record.customer_no is None
    (conflict,) = [flag for flag in record.review if flag["reason"] == "conflict"]
    assert [c["customer_no"] for c in conflict["candidates"]] == ["KH-A", "KH-P"]


def test_the_review_queue_counts_each_reason_and_filters_by_one(record_store, blobs, clock):
    for paper in (COMPLAINT_B, CONTRACT_NEW, CARD_A):
        arrive(record_store, blobs, clock, paper)
    page = review_queue(record_store, principal=ARCHIVIST)
    assert page.counts["customer_not_on_file"] == 2 and page.counts["not_filed"] == 3 and page.total == 3
    only = review_queue(record_store, principal=ARCHIVIST, reason="customer_not_on_file", size=1, page=2)
    assert only.total == 2 and len(only.items) == 1
    with pytest.raises(InvalidInput):
        review_queue(record_store, principal=ARCHIVIST, reason="nonsense")


def test_a_dismissed_reason_stays_dismissed_when_the_record_is_decided_again(record_store, blobs, clock):
    record_id = arrive(record_store, blobs, clock, CONTRACT_NEW)
    dismiss_reason(record_store, principal=ARCHIVIST, clock=clock, document_id=record_id,
                   reason_code="customer_not_on_file", reason="KH-NEW is a prospect; no file yet")
    arrive(record_store, blobs, clock, CARD_B)  # names the counterparty: the record is decided again
    record = document(record_store, record_id)
    assert "customer_not_on_file" not in record.review_reasons and record.review_dismissed == ["customer_not_on_file"]
    with pytest.raises(InvalidInput):
        dismiss_reason(record_store, principal=ARCHIVIST, clock=clock, document_id=record_id,
                       reason_code="customer_not_on_file", reason="again")
