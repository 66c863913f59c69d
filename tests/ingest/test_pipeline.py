"""The ingest pipeline on generated customer papers, with real OCR engines and real SQLite."""

from __future__ import annotations

import pytest

from docarchive.ingest.context import IngestRequest
from docarchive.samples.scoring import field_matches
from docarchive.samples.writer import write_customer_bundle, write_samples


def ingest(container, files, *, engine=None, jobs=1, customer_no=None):
    requests = [IngestRequest(filename=f.path.name, path=str(f.path), customer_no=customer_no) for f in files]
    results = container.pipeline(engine=engine).run(requests, jobs=jobs)
    return {ctx.request.path: ctx for ctx in results}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    return write_customer_bundle(tmp_path_factory.mktemp("bundle"), seed=3, level="light")


@pytest.mark.parametrize("engine", ["rapidocr", "tesseract"])
def test_each_engine_reads_a_scanned_card_into_a_typed_record_with_fields(container, bundle, engine):
    card = bundle[0]
    (ctx,) = ingest(container, [card], engine=engine).values()
    assert ctx.status == "ingested", ctx.error
    assert ctx.doc_type.value == "archive_card"
    assert ctx.fields["customer_no"] == card.truth["fields"]["customer_no"]
    assert ctx.pages[0].confidence > 0.5 and ctx.pages[0].lines


def test_a_customer_bundle_is_typed_extracted_and_filed_under_one_customer(container, bundle):
    # The generated contracts name the customer as 甲方 and the company keeping the archive as 乙方.
    container.settings.own_names = [s.truth["fields"]["party_b"] for s in bundle if s.truth["doc_type"] == "contract"]
    results = ingest(container, bundle)
    customer_no = bundle[0].truth["customer_no"]
    for sample in bundle:
        ctx = results[str(sample.path)]
        assert ctx.status == "ingested", ctx.error
        assert ctx.doc_type.value == sample.truth["doc_type"]
        exact, scored, wrong = field_matches(sample.truth["doc_type"], sample.truth["fields"], ctx.fields)
        assert exact >= scored - 1, f"{sample.path.name}: wrong {wrong}"
        assert ctx.customer_no == customer_no, f"{sample.path.name} linked to {ctx.customer_no}"
    with container.records.unit_of_work(readonly=True) as uow:
        customer = uow.customers.get(customer_no)
    assert customer.archive_no == "KH-2026-000001"
    assert customer.name == bundle[0].truth["fields"]["name"]


def test_re_ingesting_the_same_bytes_reports_the_existing_record(container, bundle):
    first = ingest(container, bundle[:1])
    again = ingest(container, bundle[:1])
    (one,), (two,) = first.values(), again.values()
    assert two.status == "duplicate" and two.document_id == one.document_id
    with container.records.unit_of_work(readonly=True) as uow:
        assert uow.documents.count() == 1


def test_a_given_customer_number_wins_and_opens_the_file_when_new(container, bundle):
    (ctx,) = ingest(container, bundle[2:3], customer_no="KH-2026-77777").values()
    assert ctx.customer_no == "KH-2026-77777" and ctx.customer_created


def test_an_id_copy_with_no_matching_customer_stays_unassigned(container, bundle):
    (ctx,) = ingest(container, bundle[1:2]).values()
    assert ctx.status == "ingested" and ctx.customer_no is None
    from docarchive.domain.principal import LOCAL_ARCHIVIST
    from docarchive.services.documents import list_documents

    listed = list_documents(container.records, principal=LOCAL_ARCHIVIST, unassigned=True)
    assert [d["id"] for d in listed] == [ctx.document_id]


def test_an_invalid_id_number_is_flagged_not_accepted(container, tmp_path):
    files = write_customer_bundle(tmp_path, seed=5, level="clean", invalid_id=True)
    (ctx,) = ingest(container, files[1:2]).values()
    assert ctx.fields["id_number_valid"] is False
    assert any("校验" in w or "check" in w for w in ctx.warnings), ctx.warnings


def test_a_mixed_folder_in_parallel_ingests_every_format(container, tmp_path):
    files = write_samples(tmp_path, count=8, seed=2, level="light")
    results = ingest(container, files, jobs=2)
    assert {ctx.status for ctx in results.values()} == {"ingested"}
    media_types = {ctx.media_type for ctx in results.values()}
    assert media_types >= {"application/pdf", "image/jpeg", "image/png", "image/tiff", "image/webp", "image/bmp"}
    for sample in files:
        ctx = results[str(sample.path)]
        assert ctx.doc_type.value == sample.truth["doc_type"], sample.path.name
        assert ctx.page_count == len(sample.truth["pages"])
        if sample.truth["born_digital"]:
            assert {p.source.value for p in ctx.pages} == {"text_layer"}


def test_a_quarter_turned_scan_is_read_upright(container, tmp_path, bundle):
    from PIL import Image

    from docarchive.samples.degrade import rotate_quarter

    turned = tmp_path / "turned.png"
    rotate_quarter(Image.open(bundle[0].path), 1).save(turned)
    (ctx,) = container.pipeline().run([IngestRequest(filename="turned.png", path=str(turned))])
    assert ctx.doc_type.value == "archive_card"
    assert ctx.pages[0].rotation in (90, 270)
    assert ctx.fields["customer_no"] == bundle[0].truth["fields"]["customer_no"]


@pytest.mark.parametrize("turns", [0, 2])
def test_tesseract_reads_a_payment_voucher_upright_whichever_way_up_it_was_fed(container, tmp_path, turns):
    # Upright, this voucher was once turned over by the orientation probe and read as nonsense.
    from docarchive.samples.degrade import rotate_quarter
    from docarchive.samples.orientation import TURNED_OVER_BY_TESSERACT, folder_page

    image, text = folder_page(TURNED_OVER_BY_TESSERACT[0])
    rotate_quarter(image, turns).save(tmp_path / "voucher.png")
    request = IngestRequest(filename="voucher.png", path=str(tmp_path / "voucher.png"))
    (ctx,) = container.pipeline(engine="tesseract").run([request])
    assert ctx.pages[0].rotation == (360 - 90 * turns) % 360
    customer_no = next(word for word in text.split() if word.startswith("KH-"))
    assert customer_no in ctx.pages[0].text
