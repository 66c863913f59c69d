"""Print a label or separator sheet, scan it, ingest the scan: the record is filed into the volume the code
names. Real renderers, real decoder, real OCR, real stores; run on both deployments."""

from __future__ import annotations

import pytest

from docarchive.ingest.context import IngestRequest
from docarchive.services.paper.locate import locate_document
from docarchive.services.printouts import labels_pdf, separator_sheet_pdf
from tests.ingest.labelled_scans import ARCHIVIST, add_volume, as_file, scanned, text_page, with_qr


def ingest(container, data: bytes, name: str = "scan.tif"):
    ctx = container.pipeline().run_one(IngestRequest(filename=name, data=data, principal=ARCHIVIST))
    assert ctx.status == "ingested", ctx.error
    return ctx


def paper_of(container, ctx) -> dict | None:
    return locate_document(container.records, ctx.document_id, principal=ARCHIVIST)["paper"]


def test_a_scanned_volume_label_files_the_record_into_that_volume(container):
    archive_no = add_volume(container)
    (label,) = scanned(labels_pdf(container.records, [archive_no], rule=container.archive_no_rule, principal=ARCHIVIST))
    ctx = ingest(container, as_file([label], "PNG"), "label.png")
    assert ctx.filed == {"archive_no": archive_no, "item": 1, "pages": [1, 1]}
    paper = paper_of(container, ctx)
    assert paper["archive_no"] == archive_no and paper["box"] == "B-0012" and "3号" not in paper["location_path"]
    assert paper["location_path"].startswith("A库房 / 03密集架 2列4节3层 / 盒 B-0012")


def test_a_separator_sheet_in_front_of_the_papers_files_the_whole_scan_after_what_is_there(container):
    archive_no = add_volume(container)
    sheet = separator_sheet_pdf(container.records, archive_no, rule=container.archive_no_rule,
                                principal=ARCHIVIST)
    first = ingest(container, as_file([*scanned(sheet, seed=3), text_page()]), "batch-1.tif")
    second = ingest(container, as_file([*scanned(sheet, seed=5), text_page("第二份", "客户回访记录")]), "batch-2.tif")
    assert first.filed == {"archive_no": archive_no, "item": 1, "pages": [1, 2]}
    assert second.filed == {"archive_no": archive_no, "item": 2, "pages": [3, 4]}
    with container.records.unit_of_work(readonly=True) as uow:
        volume = uow.volumes.get(archive_no)
        history = uow.paper_history.of(f"document:{second.document_id}")
    assert [item.document_id for item in volume.items] == [first.document_id, second.document_id]
    assert history[0].by == ARCHIVIST.user and history[0].action == "file"


def test_an_unrelated_qr_code_on_a_page_is_ignored_without_a_word(container):
    add_volume(container)
    ctx = ingest(container, as_file([with_qr(text_page(), "https://weixin.qq.com/r/abcdEFGH")], "PNG"))
    assert ctx.codes and ctx.filed is None
    assert paper_of(container, ctx) is None and not any("code" in w for w in ctx.warnings)


def test_a_malformed_code_that_looks_like_ours_is_reported_and_not_guessed(container):
    archive_no = add_volume(container)
    damaged = archive_no.replace("-D30-", "-D3O-")  # one character off: a nearby volume must not be guessed
    ctx = ingest(container, as_file([with_qr(text_page(), damaged)], "PNG"))
    assert ctx.filed is None and paper_of(container, ctx) is None
    assert any(damaged in w and "not well-formed" in w for w in ctx.warnings), ctx.warnings
    with container.records.unit_of_work(readonly=True) as uow:
        assert uow.documents.get(ctx.document_id).warnings == ctx.warnings  # the warning is on the record


def test_a_well_formed_code_of_a_volume_not_in_the_archive_is_reported_on_the_record(container):
    archive_no = add_volume(container)
    unknown = archive_no[:-4] + "9999"
    ctx = ingest(container, as_file([with_qr(text_page(), unknown)], "PNG"))
    assert ctx.filed is None
    with container.records.unit_of_work(readonly=True) as uow:
        stored = uow.documents.get(ctx.document_id)
    assert any(unknown in w and "not in the archive" in w for w in stored.warnings)


def test_labels_of_two_volumes_on_one_scan_file_it_nowhere_and_say_why(container):
    first, second = add_volume(container), add_volume(container, box="B-0013", customer_no="KH-2026-000002")
    (sheet,) = scanned(labels_pdf(container.records, [first, second], rule=container.archive_no_rule,
                                     principal=ARCHIVIST))
    ctx = ingest(container, as_file([sheet], "PNG"))
    assert ctx.filed is None
    assert any("several volumes" in w and first in w and second in w for w in ctx.warnings), ctx.warnings


def test_a_box_label_alone_does_not_file_the_record(container):
    add_volume(container)
    (label,) = scanned(labels_pdf(container.records, ["B-0012"], rule=container.archive_no_rule, principal=ARCHIVIST))
    ctx = ingest(container, as_file([label], "PNG"))
    assert ctx.filed is None and any("box code B-0012" in w for w in ctx.warnings)


@pytest.mark.parametrize("jobs", [2])
def test_codes_found_in_worker_processes_still_file_the_record(container, tmp_path, jobs):
    archive_no = add_volume(container)
    sheet = separator_sheet_pdf(container.records, archive_no, rule=container.archive_no_rule,
                                principal=ARCHIVIST)
    paths = []
    for n in range(2):
        path = tmp_path / f"batch-{n}.tif"
        path.write_bytes(as_file([*scanned(sheet, seed=n), text_page(f"第{n + 1}份")]))
        paths.append(path)
    requests = [IngestRequest(filename=p.name, path=str(p), principal=ARCHIVIST) for p in paths]
    results = container.pipeline().run(requests, jobs=jobs)
    assert sorted(ctx.filed["item"] for ctx in results) == [1, 2]
