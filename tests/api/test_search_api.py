"""Search through the HTTP API: parsing, errors, results shape, highlights, freshness, suggest — on each backend."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime

import pytest

from docarchive.domain.customers import Customer
from docarchive.domain.documents import Document, DocType, Page
from docarchive.domain.ids import new_id
from tests.api.uploads import upload
from tests.contract.conftest import require_backend
from tests.ocr_helpers import render_lines
from tests.api.signin import as_user, signed_in_client


@pytest.fixture(params=["fts5", "elasticsearch"])
def client(request, settings, clock):
    from docarchive.bootstrap import bootstrap

    if request.param == "elasticsearch":
        settings = settings.model_copy(update={"es_url": require_backend("DOCARCHIVE_ES_URL"),
                                               "es_index_prefix": f"test-{uuid.uuid4().hex[:12]}"})
    container = bootstrap(settings, clock=clock)
    with signed_in_client(container) as test_client:
        test_client.container = container
        yield test_client
    if request.param == "elasticsearch":
        container.index.drop()
    container.close()


def add_records(client, *documents, customers=()):
    with client.container.records.unit_of_work() as uow:
        for customer in customers:
            uow.customers.add(customer)
        for document in documents:
            uow.documents.add(document)
        uow.commit()


def record(pages: list[str], **kw) -> Document:
    return Document(id=new_id(), sha256=uuid.uuid4().hex * 2, filename="x.pdf", media_type="application/pdf",
                    size=1, doc_type=kw.pop("doc_type", DocType.CONTRACT),
                    pages=[Page(n=i + 1, text=t, confidence=0.9) for i, t in enumerate(pages)],
                    created_at=datetime(2024, 5, 1, tzinfo=UTC), **kw)


@pytest.fixture
def archive(client):
    customer = Customer(customer_no="KH-2019-00042", name="上海华东机电设备有限公司", archive_no="KH-2026-000001",
                        profile={"grade": "B"})
    contract = record(["设备采购合同\n合同编号：HT-2023-0012", "第二条 合同金额：人民币 125,000.00 元"],
                      customer_no="KH-2019-00042", title="设备采购合同 HT-2023-0012", category="合同协议",
                      fields={"contract_no": "HT-2023-0012", "party_a": "上海华东机电设备有限公司"})
    note = record(["客户沟通记录：合作意向，同意下月签约"], doc_type=DocType.OTHER, category="沟通记录")
    add_records(client, contract, note, customers=[customer])
    return {"contract": contract, "note": note}


def test_a_search_returns_hits_with_highlights_pages_and_facets(client, archive):
    body = client.get("/api/search", params={"q": "合同金额"}).json()
    assert body["total"] == 1 and body["total_exact"] is True and body["facets_sampled"] is False
    (hit,) = body["hits"]
    assert hit["id"] == archive["contract"].id
    assert hit["customer_no"] == "KH-2019-00042" and hit["customer_name"] == "上海华东机电设备有限公司"
    assert hit["pages"] == [2]
    assert "<mark>合同金额</mark>" in hit["snippets"][0]
    assert set(hit) >= {"id", "customer_no", "customer_name", "doc_type", "title", "score", "pages", "snippets"}
    assert body["facets"]["doc_type"] == {"contract": 1}


def test_filters_come_as_parameters_too(client, archive):
    assert client.get("/api/search", params={"q": "合同", "doc_type": "other"}).json()["total"] == 0
    assert client.get("/api/search", params={"q": "", "customer_no": "KH-2019-00042"}).json()["total"] == 1
    assert client.get("/api/search", params={"q": "合同", "grade": "B"}).json()["total"] == 1


@pytest.mark.parametrize("q", ['"合同', "合同 OR", "-合同", "doc_type:invoice", "year:20x3", "()"])
def test_malformed_queries_get_400_with_a_reason(client, archive, q):
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 400
    assert response.json()["detail"]


def test_parentheses_nested_247_deep_get_400_with_the_reason_not_500(client, archive):
    response = client.get("/api/search", params={"q": "(" * 247 + "合同" + ")" * 247})
    assert response.status_code == 400
    assert "nested more than" in response.json()["detail"]


def test_bad_paging_is_a_client_error(client, archive):
    too_many = client.get("/api/search", params={"q": "合同", "size": 1000})
    assert too_many.status_code == 422 and too_many.json()["detail"].startswith("query.size: ")
    assert client.get("/api/search", params={"q": "合同", "page": 600, "size": 20}).status_code == 400


def test_bad_parameters_are_named_each_with_its_reason_and_unknown_ones_ignored(client, archive):
    answer = client.get("/api/search", params={"q": "合同", "year": "今年", "sort": "name", "colour": "red"})
    assert answer.status_code == 422
    assert "query.year: " in answer.json()["detail"] and "query.sort: " in answer.json()["detail"]
    assert client.get("/api/search", params={"q": "合同", "year": "2015", "colour": "red"}).status_code == 200


def test_search_parameters_are_in_the_openapi_schema(client):
    listed = client.get("/openapi.json").json()["paths"]["/api/search"]["get"]["parameters"]
    assert {p["name"] for p in listed} == {"q", "customer_no", "doc_type", "year", "grade", "category", "date_from",
                                           "date_to", "page", "size", "sort"}


def test_search_and_suggest_need_a_sign_in_and_say_nothing_without_one(client, archive):
    for path, params in (("/api/search", {"q": "合同"}), ("/api/suggest", {"q": "华东"})):
        for bad in ("", "Bearer", "Bearer not-a-token", "Basic d2FuZzpwdw==", "Bearer " + "x" * 500):
            response = client.get(path, params=params, headers={"Authorization": bad})
            assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"
            assert "合同" not in response.text and "华东" not in response.text
        assert client.get(path, params=params, headers=as_user(client, "wang.fang")).status_code == 200


def test_suggest_completes_names_and_numbers(client, archive):
    assert client.get("/api/suggest", params={"q": "KH-2019"}).json()[0]["customer_no"] == "KH-2019-00042"
    assert client.get("/api/suggest", params={"q": "华东"}).json()[0]["name"] == "上海华东机电设备有限公司"
    assert client.get("/api/suggest", params={"q": ""}).json() == []


def test_an_uploaded_scan_is_searchable_as_soon_as_the_upload_returns(client):
    buffer = io.BytesIO()
    render_lines(["客户投诉处理记录", "投诉内容：交货延迟三天"], size=40).save(buffer, "PNG")
    _, uploaded = upload(client, files={"files": ("c.png", buffer.getvalue(), "image/png")})
    found = client.get("/api/search", params={"q": "交货延迟"}).json()
    assert [h["id"] for h in found["hits"]] == [uploaded["id"]]
    assert found["hits"][0]["category"] == "投诉与处理"


def test_a_renamed_or_regraded_customer_is_found_by_the_new_name_and_grade(client, archive):
    contract = archive["contract"].id
    response = client.patch("/api/customers/KH-2019-00042",
                            json={"name": "上海华东智能装备有限公司", "grade": "A", "reason": "工商变更"})
    assert response.status_code == 200, response.json()
    (hit,) = client.get("/api/search", params={"q": "智能装备"}).json()["hits"]
    assert hit["id"] == contract and hit["customer_name"] == "上海华东智能装备有限公司"
    graded = client.get("/api/search", params={"q": "合同", "grade": "A"}).json()
    assert [hit["id"] for hit in graded["hits"]] == [contract] and graded["facets"]["grade"] == {"A": 1}
