"""Printouts over HTTP on both deployments: labels, separator sheets, 卷内目录 and 备考表 as PDFs, and a scanned
label uploaded through the API filing its record."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from docarchive.ingest.barcodes import find_codes
from tests.api.uploads import upload
from tests.ingest.labelled_scans import as_file, scanned
from tests.paper_fixtures import store_records
from tests.printing.pages import page_images, page_texts

SHELF = "A库房/03密集架/2列/4节/3层"


@pytest.fixture
def volume(client):
    location = client.post("/api/locations", json={"reason": "归档", "path": SHELF}).json()
    assert client.post("/api/boxes", json={"reason": "归档", "code": "B-0012", "location": SHELF}).status_code == 201
    created = client.post("/api/volumes", json={"reason": "归档", "customer_no": "KH-1", "box": "B-0012", "title": "华东机电 2026",
                                                "year": 2026, "retention": "D30", "secrecy": "秘密"})
    assert created.status_code == 201, created.text
    return {"archive_no": created.json()["archive_no"], "location": location["code"]}


@pytest.fixture
def filed(client, container, volume):
    """Two records filed into the volume, made directly: printing does not care how they were scanned."""
    document_ids = store_records(container.records, "ab")
    response = client.post(f"/api/volumes/{quote(volume['archive_no'])}/items", json={"reason": "归档", "document_ids": document_ids})
    assert response.status_code == 201, response.text
    return document_ids


def pdf_of(response) -> bytes:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    return response.content


def test_a_volume_label_carries_its_code_as_qr_and_bars_and_its_place_in_words(client, volume):
    archive_no = volume["archive_no"]
    pdf = pdf_of(client.get(f"/api/labels/{quote(archive_no)}.pdf"))
    text = "".join(page_texts(pdf)[0].split())  # long values wrap onto a second line
    for expected in (archive_no, "华东机电2026", "30年", "秘密", "A库房/03密集架2列4节3层/盒B-0012"):
        assert expected in text
    (page,) = page_images(pdf, dpi=150, name="api-volume-label")
    assert sorted(found.symbology for found in find_codes(page)) == ["QRCode"]  # one text: QR and bars agree
    assert [found.text for found in find_codes(page)] == [archive_no]


def test_box_and_location_labels_are_printed_from_their_codes(client, volume):
    box = "".join(page_texts(pdf_of(client.get("/api/labels/B-0012.pdf")))[0].split())
    assert "档案盒" in box and "B-0012" in box and "A库房/03密集架2列4节3层" in box
    shelf = page_texts(pdf_of(client.get(f"/api/labels/{volume['location']}.pdf")))[0]
    assert "库位" in shelf and volume["location"] in shelf


def test_a_label_for_an_unknown_code_is_404_and_for_a_malformed_one_400(client, volume):
    assert client.get("/api/labels/B-9999.pdf").status_code == 404
    response = client.get("/api/labels/not-a-code!.pdf")
    assert response.status_code == 400 and "not a volume archive number" in response.json()["detail"]


def test_a_separator_sheet_is_only_for_a_volume(client, volume):
    sheet = pdf_of(client.get(f"/api/labels/{quote(volume['archive_no'])}.pdf", params={"sheet": "separator"}))
    assert "扫描分隔页" in page_texts(sheet)[0]
    response = client.get("/api/labels/B-0012.pdf", params={"sheet": "separator"})
    assert response.status_code == 422 and "separator" in response.json()["detail"]


def test_the_catalogue_lists_each_item_with_its_electronic_code_and_storage_address(client, volume, filed):
    pdf = pdf_of(client.get(f"/api/volumes/{quote(volume['archive_no'])}/catalogue.pdf"))
    text = "".join(page_texts(pdf)[0].split())
    assert "卷内目录" in text and "设备采购合同" in text and "1–2" in text and "3–4" in text
    for document_id in filed:
        assert f"电子文件号：{document_id}" in text
    assert "存址：docarchive://originals/sha256/" in text


def test_reading_the_catalogue_changes_nothing_and_printing_is_recorded_by_a_post(client, volume, filed):
    url = f"/api/volumes/{quote(volume['archive_no'])}"
    before = client.get(url).json()
    assert before["printed_version"] < before["catalogue_version"]
    pdf_of(client.get(f"{url}/catalogue.pdf"))
    pdf_of(client.get(f"{url}/catalogue.pdf", params={"mark_printed": "true"}))  # no GET changes state
    assert client.get(url).json()["printed_version"] == before["printed_version"]
    assert client.post(f"{url}/printed", json={}).status_code == 200
    assert client.get(url).json()["printed_version"] == before["catalogue_version"]


def test_the_notes_sheet_cross_references_every_electronic_record(client, volume, filed):
    pdf = pdf_of(client.get(f"/api/volumes/{quote(volume['archive_no'])}/notes.pdf"))
    text = "".join(page_texts(pdf)[0].split())
    assert "备考表" in text and "本卷共2件，4页" in text and "立卷人" in text
    assert all(document_id in text for document_id in filed)


def test_sheets_of_an_unknown_volume_are_404(client, volume):
    missing = volume["archive_no"][:-4] + "9999"
    assert client.get(f"/api/volumes/{quote(missing)}/catalogue.pdf").status_code == 404
    assert client.get(f"/api/volumes/{quote(missing)}/notes.pdf").status_code == 404


def test_an_uploaded_scan_of_a_volume_label_is_filed_into_that_volume(client, volume):
    label_pdf = pdf_of(client.get(f"/api/labels/{quote(volume['archive_no'])}.pdf"))
    (page,) = scanned(label_pdf)
    status, body = upload(client, files=[("files", ("label.png", as_file([page], "PNG"), "image/png"))],
                          data=None)
    assert status == 201, body
    paper = client.get(f"/api/documents/{body['id']}/paper").json()["paper"]
    assert paper["archive_no"] == volume["archive_no"] and paper["item"] == 1 and paper["box"] == "B-0012"
