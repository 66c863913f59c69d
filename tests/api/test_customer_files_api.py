"""The customer file over HTTP: catalogue per category (JSON, PDF, XLSX) and moving a record between categories."""

from __future__ import annotations

import io

import pytest

from docarchive.domain.documents import DocType
from tests.api.customer_files import add_customer, add_record, client  # noqa: F401 (fixture)
from tests.api.signin import as_user


@pytest.fixture
def file(container):
    add_customer(container, "KH-7")
    later = add_record(container, "KH-7", doc_type=DocType.CONTRACT, title="设备采购合同 HT-2", category="合同协议",
                       pages=3, fields={"sign_date": "2024-03-01"}, minutes=1)
    earlier = add_record(container, "KH-7", doc_type=DocType.CONTRACT, title="框架协议 HT-1", category="合同协议",
                         pages=2, fields={"sign_date": "2023-01-15"}, minutes=2)
    card = add_record(container, "KH-7", doc_type=DocType.ARCHIVE_CARD, title="客户档案卡 华东机电", category="基础资料")
    return {"later": later, "earlier": earlier, "card": card}


def test_contracts_are_catalogued_in_signing_order_with_numbers_dates_pages_and_codes(client, file):
    response = client.get("/api/customers/KH-7/catalogue", params={"category": "合同协议"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["category"] == "合同协议" and body["total_pages"] == 5
    assert [(i["no"], i["title"], i["date"], i["pages"]) for i in body["items"]] == [
        (1, "框架协议 HT-1", "2023-01-15", 2), (2, "设备采购合同 HT-2", "2024-03-01", 3)]
    assert body["items"][0]["code"].endswith("-02-001") and body["items"][0]["document_id"] == file["earlier"].id


def test_without_a_category_every_category_gets_a_catalogue_in_scheme_order(client, file):
    body = client.get("/api/customers/KH-7/catalogue").json()
    assert [c["category"] for c in body] == ["基础资料", "合同协议", "财务往来", "沟通记录", "投诉与处理", "其他"]
    assert [len(c["items"]) for c in body] == [1, 2, 0, 0, 0, 0]


def test_the_catalogue_prints_as_an_a4_pdf_with_the_chinese_text_embedded(client, file):
    import pypdfium2

    response = client.get("/api/customers/KH-7/catalogue", params={"category": "合同协议", "format": "pdf"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(response.content)
    width, height = pdf[0].get_size()
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = pdf[0].get_textpage().get_text_range()
    assert "卷内目录" in text and "框架协议 HT-1" in text and "2023-01-15" in text
    image = pdf[0].render(scale=1).to_pil().convert("L")
    ink = sum(image.histogram()[:128])
    assert 2_000 < ink < 0.2 * image.width * image.height  # text and grid drawn, not a blank or black page


def test_the_catalogue_exports_as_xlsx_one_sheet_per_category(client, file):
    from openpyxl import load_workbook

    response = client.get("/api/customers/KH-7/catalogue", params={"format": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:2] == ["基础资料", "合同协议"]
    rows = list(workbook["合同协议"].iter_rows(min_row=2, values_only=True))
    assert rows[0] == ("序号", "题名", "日期", "页数", "档号")
    assert rows[1][:4] == (1, "框架协议 HT-1", "2023-01-15", 2)


def test_a_formula_like_title_is_written_to_the_catalogue_xlsx_as_text(client, container):
    from openpyxl import load_workbook

    add_customer(container, "KH-8")
    add_record(container, "KH-8", doc_type=DocType.CONTRACT, title="=cmd|' /C calc'!A0", category="合同协议")
    response = client.get("/api/customers/KH-8/catalogue", params={"format": "xlsx", "category": "合同协议"})
    title = load_workbook(io.BytesIO(response.content))["合同协议"]["B3"]
    assert (title.value, title.data_type) == ("'=cmd|' /C calc'!A0", "s")


def test_an_unknown_category_or_customer_is_refused_with_a_reason(client, file):
    response = client.get("/api/customers/KH-7/catalogue", params={"category": "杂项"})
    assert response.status_code == 422 and "unknown category" in response.json()["detail"]
    assert client.get("/api/customers/KH-404/catalogue").status_code == 404
    assert client.get("/api/customers/KH-7/catalogue", params={"format": "doc"}).status_code == 422


def test_an_archivist_moves_a_record_to_another_category_with_a_reason(client, file):
    response = client.patch(f"/api/documents/{file['card'].id}", json={"category": "其他", "reason": "重复建档"},
                            headers=as_user(client, "wang.archivist"))
    assert response.status_code == 200, response.text
    assert response.json()["category"] == "其他"
    catalogue = client.get("/api/customers/KH-7/catalogue", params={"category": "其他"}).json()
    assert [i["document_id"] for i in catalogue["items"]] == [file["card"].id]
    [entry] = client.get(f"/api/documents/{file['card'].id}/history").json()["entries"]
    assert (entry["user"], entry["reason"]) == ("wang.archivist", "重复建档")
    assert entry["changes"] == {"category": {"before": "基础资料", "after": "其他"}}


@pytest.mark.parametrize("body, status, words", [
    ({"category": "其他"}, 422, "reason"),
    ({"category": "其他", "reason": "  "}, 422, "reason for the change is required"),
    ({"category": "杂项", "reason": "x"}, 422, "unknown category"),
    ({"category": "基础资料", "reason": "x"}, 422, "already filed"),
    ({"category": "其他", "reason": "x", "title": "改名"}, 422, "title"),
])
def test_a_bad_move_is_refused_and_changes_nothing(client, file, body, status, words):
    response = client.patch(f"/api/documents/{file['card'].id}", json=body)
    assert response.status_code == status and words in response.json()["detail"]
    assert client.get(f"/api/documents/{file['card'].id}").json()["category"] == "基础资料"
    assert client.get(f"/api/documents/{file['card'].id}/history").json()["entries"] == []


def test_moving_a_missing_record_is_not_found(client, file):
    assert client.patch("/api/documents/nope", json={"category": "其他", "reason": "x"}).status_code == 404
    assert client.get("/api/documents/nope/history").status_code == 404
