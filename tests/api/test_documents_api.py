"""The HTTP API for uploading and reading records, against real SQLite and real OCR."""

from __future__ import annotations

import io

import pytest

from tests.api.uploads import upload
from tests.bad_files import bad_files, giant_page_pdf
from tests.ocr_helpers import render_lines
from tests.api.signin import as_user, signed_in_client

CARD_LINES = [
    "客户档案卡",
    "客户编号：KH-2019-00042    建档日期：2019年3月15日",
    "客户名称：上海华东机电设备有限公司",
    "法定代表人：张建国",
    "联系电话：021-65432100",
    "所属行业：制造业    客户等级：B级",
]


def _png(lines) -> bytes:
    buffer = io.BytesIO()
    render_lines(lines, size=40).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def client(container):
    with signed_in_client(container) as test_client:
        yield test_client


@pytest.fixture
def card(client):
    status, body = upload(client, files={"files": ("card.png", _png(CARD_LINES), "image/png")})
    assert status == 201, body
    return body


def test_an_uploaded_card_becomes_a_record_with_its_fields(card):
    assert card["doc_type"] == "archive_card"
    assert card["customer_no"] == "KH-2019-00042"
    assert card["fields"]["name"] == "上海华东机电设备有限公司"
    assert card["pages"][0]["n"] == 1 and "客户档案卡" in card["text"]


def test_a_record_reads_back_with_the_show_shape(client, card):
    shown = client.get(f"/api/documents/{card['id']}").json()
    for key in ("id", "sha256", "doc_type", "customer_no", "fields", "pages", "text", "created_at"):
        assert shown[key] == card[key]
    assert set(shown["pages"][0]) >= {"n", "text", "confidence"}


def test_the_original_comes_back_byte_for_byte(client, card):
    response = client.get(f"/api/documents/{card['id']}/file")
    assert response.status_code == 200
    assert response.content == _png(CARD_LINES)
    assert response.headers["content-type"] == "image/png"


def test_page_images_and_thumbnails_are_served(client, card):
    from PIL import Image

    full = client.get(f"/api/documents/{card['id']}/pages/1.png")
    thumb = client.get(f"/api/documents/{card['id']}/pages/1.png?width=200")
    assert full.status_code == thumb.status_code == 200
    assert Image.open(io.BytesIO(thumb.content)).width == 200
    assert client.get(f"/api/documents/{card['id']}/pages/2.png").status_code == 404


def test_a_page_declaring_14400_points_is_read_and_served_at_a_bounded_size(client):
    from PIL import Image

    status, body = upload(client, files={"files": ("poster.pdf", giant_page_pdf(), "application/pdf")})
    assert status == 201, body
    page = Image.open(io.BytesIO(client.get(f"/api/documents/{body['id']}/pages/1.png").content))
    assert page.width * page.height <= 12_000_000


def test_uploading_the_same_bytes_again_reports_the_duplicate(client, card):
    status, again = upload(client, files={"files": ("copy.png", _png(CARD_LINES), "image/png")})
    assert status == 200
    assert again["status"] == "duplicate" and again["id"] == card["id"]


def test_the_customer_is_shown_with_their_records(client, card):
    customer = client.get("/api/customers/KH-2019-00042").json()
    assert customer["archive_no"].startswith("KH-2026-")
    assert [d["id"] for d in customer["documents"]] == [card["id"]]


def test_several_files_upload_at_once(client):
    files = [
        ("files", ("a.png", _png(["客户沟通记录 甲", "沟通内容：确认交货"]), "image/png")),
        ("files", ("b.png", _png(["客户沟通记录 乙", "沟通内容：确认付款"]), "image/png")),
    ]
    status, body = upload(client, files=files, data={"customer_no": "KH-2020-00001"})
    assert status == 201
    assert [r["status"] for r in body] == ["ingested", "ingested"]
    assert {r["customer_no"] for r in body} == {"KH-2020-00001"}


@pytest.mark.parametrize("name", ["empty.pdf", "notes.jpg", "encrypted.pdf", "bomb.png", "truncated.pdf"])
def test_a_bad_upload_gets_a_4xx_with_a_reason_and_stores_nothing(client, name):
    status, body = upload(client, files={"files": (name, bad_files()[name], "application/octet-stream")})
    assert 400 <= status < 500
    assert body["detail"]
    assert client.get("/api/documents").json() == []


def test_unknown_records_and_customers_are_404(client):
    assert client.get("/api/documents/NOPE").status_code == 404
    assert client.get("/api/customers/KH-0").status_code == 404
    assert "detail" in client.get("/api/customers/KH-0").json()


def test_an_upload_queued_for_workers_names_who_sent_it(client, container):
    response = client.post("/api/documents", files={"files": ("card.png", _png(CARD_LINES), "image/png")},
                           headers=as_user(client, "李档案"))
    assert response.status_code == 202 and response.json()["submitted_by"] == "李档案"
    assert client.get(f"/api/jobs/{response.json()['id']}").json()["submitted_by"] == "李档案"


def test_a_full_queue_answers_503_with_when_to_try_again(client, container):
    container.ingest.queue_limit = 1
    first = client.post("/api/documents", files={"files": ("a.png", _png(CARD_LINES), "image/png")})
    assert first.status_code == 202
    full = client.post("/api/documents", files={"files": ("b.png", _png(["客户回访记录"]), "image/png")})
    assert full.status_code == 503 and full.headers["Retry-After"] == "30"
    assert "waiting for the OCR workers" in full.json()["detail"]
