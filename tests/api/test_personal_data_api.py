"""Personal data over the API, on either deployment: ID numbers masked in every response unless an archivist
or director asks to see them (audited), encrypted at rest everywhere the store keeps them, and consents."""

from __future__ import annotations

import json
import os
import stat

import pytest

from docarchive.domain.idnumber import check_char
from tests.api.signin import as_user
from tests.api.test_documents_api import _png, client  # noqa: F401  (the API client fixture)
from tests.api.uploads import upload
from tests.conftest import SCALE

ID_NUMBER = "11010519491231002" + check_char("11010519491231002")
MASKED = ID_NUMBER[:6] + "********" + ID_NUMBER[-4:]
CARD = ["客户档案卡", "客户编号：KH-2026-00077", "客户名称：王建国", "客户类型：个人", f"身份证号码：{ID_NUMBER}",
        "联系电话：13812345678"]


@pytest.fixture
def card(client):
    status, document = upload(client, files={"files": ("card.png", _png(CARD), "image/png")})
    assert status == 201, document
    return document


def test_a_record_shows_its_id_number_masked_in_fields_pages_and_text(client, card):
    shown = client.get(f"/api/documents/{card['id']}").json()
    assert shown["fields"]["id_number"] == MASKED
    assert MASKED in shown["text"] and MASKED in shown["pages"][0]["text"]
    assert ID_NUMBER not in json.dumps(shown)


def test_the_customer_page_and_its_history_mask_the_id_number(client, card):
    page = client.get("/api/customers/KH-2026-00077").json()
    history = client.get("/api/customers/KH-2026-00077/history").json()
    assert page["id_number"] == MASKED
    assert ID_NUMBER not in json.dumps(page) + json.dumps(history)


def test_an_archivist_who_asks_sees_the_id_number_and_the_unmasking_is_audited(client, card):
    shown = client.get(f"/api/documents/{card['id']}?reveal=id_number").json()
    page = client.get("/api/customers/KH-2026-00077?reveal=id_number").json()
    assert shown["fields"]["id_number"] == ID_NUMBER and page["id_number"] == ID_NUMBER
    getattr(client.app.state.container.audit, "flush", lambda: None)()
    events = client.get("/api/audit?action=unmask", headers=as_user(client, "au", roles=("auditor",))).json()
    assert {(e["document_id"], e["customer_no"]) for e in events["events"]} >= {(card["id"], "KH-2026-00077")}


def test_a_role_that_may_not_see_id_numbers_is_refused_the_unmasking(client, card):
    refused = client.get(f"/api/documents/{card['id']}?reveal=id_number", headers=as_user(client, "au", ("auditor",)))
    assert refused.status_code == 403
    assert ID_NUMBER not in refused.text


def test_an_id_number_search_finds_the_record_and_its_snippets_are_masked(client, card):
    found = client.get("/api/search", params={"q": ID_NUMBER}).json()
    assert [hit["id"] for hit in found["hits"]] == [card["id"]]
    assert ID_NUMBER not in json.dumps(found)


def test_the_original_and_its_page_image_read_back_though_both_are_encrypted_at_rest(client, card):
    original = client.get(f"/api/documents/{card['id']}/file")
    image = client.get(f"/api/documents/{card['id']}/pages/1.png?width=200")
    assert original.status_code == 200 and original.content == _png(CARD)
    assert image.content.startswith(b"\x89PNG") and client.get(f"/api/documents/{card['id']}/pages/1.png?width=200")
    cached = list((client.app.state.container.settings.cache_path / "pages").rglob("*.png"))
    assert cached and not any(path.read_bytes().startswith(b"\x89PNG") for path in cached)


def test_nothing_the_store_keeps_holds_an_id_number_in_plain(client, card):
    client.post("/api/customers/KH-2026-00077/consents", json={
        "date": "2026-05-06", "scope": f"证件 {ID_NUMBER} 存档", "document_id": card["id"], "reason": "同意书"})
    client.get(f"/api/documents/{card['id']}/pages/1.png")
    container = client.app.state.container
    container.records.close()
    home = container.settings.home
    for path in (p for p in home.rglob("*") if p.is_file()):
        data = path.read_bytes()
        assert ID_NUMBER.encode() not in data, path
    if SCALE:
        assert ID_NUMBER not in _mongo_dump(container.settings) + _es_dump(container.settings)


@pytest.mark.skipif(SCALE, reason="the embedded store's files; MongoDB keeps its own")
def test_the_embedded_store_is_owner_only(client, card):
    client.get(f"/api/documents/{card['id']}/pages/1.png")
    home = client.app.state.container.settings.home
    for path in [home, *home.rglob("*")]:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_a_consent_is_recorded_with_the_record_that_shows_it_and_kept_in_the_history(client, card):
    answer = client.post("/api/customers/KH-2026-00077/consents", json={
        "date": "2026年5月6日", "scope": "个人信息用于合同履行", "document_id": card["id"], "reason": "客户签署同意书"})
    assert answer.status_code == 201, answer.json()
    consents = client.get("/api/customers/KH-2026-00077/consents").json()["consents"]
    assert [(c["date"], c["scope"], c["document_id"], c["recorded_by"]) for c in consents] == [
        ("2026-05-06", "个人信息用于合同履行", card["id"], "local")]
    assert client.get("/api/customers/KH-2026-00077").json()["consents"] == consents
    changes = client.get("/api/customers/KH-2026-00077/history").json()["entries"][0]
    assert changes["reason"] == "客户签署同意书" and "consents" in changes["changes"]


def test_a_consent_must_name_a_record_in_the_same_file_a_date_and_a_reason(client, card):
    other = client.post("/api/customers", json={"customer_no": "KH-9", "name": "别人", "reason": "新客户"}, headers=as_user(client, "w"))
    assert other.status_code == 201
    body = {"date": "2026-05-06", "scope": "存档", "document_id": card["id"], "reason": "同意书"}
    assert client.post("/api/customers/KH-9/consents", json=body).status_code == 422
    assert client.post("/api/customers/KH-2026-00077/consents", json={**body, "date": "昨天"}).status_code == 422
    assert client.post("/api/customers/KH-2026-00077/consents", json={**body, "reason": " "}).status_code == 422


def _mongo_dump(settings) -> str:
    import pymongo
    from bson import json_util

    with pymongo.MongoClient(settings.mongo_url) as mongo:
        db = mongo[settings.mongo_database]
        rows = [row for name in db.list_collection_names() for row in db[name].find()]
    return json_util.dumps(rows, ensure_ascii=False) + "".join(
        bytes(row["data"]).decode("latin-1") for row in rows if "data" in row)


def _es_dump(settings) -> str:
    from elasticsearch import Elasticsearch

    es = Elasticsearch(settings.es_url)
    es.indices.refresh(index=f"{settings.es_index_prefix}*")
    hits = es.search(index=f"{settings.es_index_prefix}*", size=1000, query={"match_all": {}})["hits"]["hits"]
    return json.dumps(hits, ensure_ascii=False)
