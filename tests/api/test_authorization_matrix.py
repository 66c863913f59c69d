"""The authorization matrix: every role × every API route × every confidentiality level, allowed or denied,
and denied leaks nothing (the same 404 as a missing id; totals, facets and suggestions count only what the
user may read). Runs on both deployments (scripts/test.sh lists it for the scale run).

The expected sights below are written out from the house rules, not computed by the code under test:
绝密 shown to no one (metadata to the archive room, directors, auditors and the security officer), 机密 read
but never taken away, 秘密 read by the archive room, auditors and directors, others after an approved request;
staff see their own customers, managers their department's, the administrator no content at all."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from docarchive.api.app import create_app
from docarchive.bootstrap import bootstrap
from docarchive.domain.principal import Principal
from docarchive.ingest.context import IngestRequest
from docarchive.services.confidentiality import set_record_level, set_volume_level
from docarchive.services.paper.boxes import add_box
from docarchive.services.paper.filing import file_record
from docarchive.services.paper.locations import add_location
from docarchive.services.paper.volumes import add_volume
from tests.api.signin import token_for
from tests.conftest import FixedClock, SCALE, _scale_names, _scale_urls
from tests.text_pdfs import text_pdf

USERS = {  # name: (roles, department)
    "guan": (("archivist",), "archive"), "li": (("staff",), "sales"), "mgr": (("manager",), "sales"),
    "boss": (("director",), "office"), "aud": (("auditor",), "audit"), "adm": (("admin",), "it"),
    "sec": (("security",), "security"), "wu": (("staff",), "north"),
}
CUSTOMERS = {"KH-2024001": ("li", "sales", "利华商贸"), "KH-2024002": ("wu", "north", "北方物流")}
# Records: key → (customer, own level, word only it holds). "vol" is open itself but filed in a 机密 volume.
RECORDS = {"none": ("KH-2024001", "none", "甲乙丙"), "secret": ("KH-2024001", "秘密", "丁戊己"),
           "conf": ("KH-2024001", "机密", "庚辛壬"), "top": ("KH-2024001", "绝密", "子丑寅"),
           "other": ("KH-2024002", "none", "卯辰巳"), "vol": ("KH-2024001", "none", "午未申")}
H, M, R, F = "hidden", "meta", "read", "full"
SIGHT = {  # user → sight of each record, in RECORDS order
    "guan": dict(none=F, secret=R, conf=R, top=M, other=F, vol=R),
    "li": dict(none=F, secret=M, conf=M, top=H, other=H, vol=M),
    "mgr": dict(none=F, secret=M, conf=M, top=H, other=H, vol=M),
    "boss": dict(none=F, secret=F, conf=R, top=M, other=F, vol=R),
    "aud": dict(none=R, secret=R, conf=R, top=M, other=R, vol=R),
    "adm": dict(none=H, secret=H, conf=H, top=H, other=H, vol=H),
    "sec": dict(none=M, secret=M, conf=M, top=M, other=M, vol=M),
    "wu": dict(none=H, secret=H, conf=H, top=H, other=F, vol=H),
}
SEES_CUSTOMER = {"guan": {"KH-2024001", "KH-2024002"}, "li": {"KH-2024001"}, "mgr": {"KH-2024001"}, "boss": {"KH-2024001", "KH-2024002"},
                 "aud": {"KH-2024001", "KH-2024002"}, "adm": set(), "sec": {"KH-2024001", "KH-2024002"}, "wu": {"KH-2024002"}}
COMMON_WORD = "共同条款"
STATUS = {  # sight → status of: record, original file, page image, history
    H: (404, 404, 404, 404), M: (200, 403, 403, 403), R: (200, 403, 200, 200), F: (200, 200, 200, 200),
}
ARCHIVIST = Principal("guan", ("archivist",), "archive")
SECURITY = Principal("sec", ("security",), "security")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from docarchive.config import Settings

    home = tmp_path_factory.mktemp("matrix") / "home"
    settings = Settings(home=home, jobs=1, es_url=None, mongo_url=None, allowed_hosts=["testserver"])
    if SCALE:
        mongo_url, es_url = _scale_urls()
        database, prefix = _scale_names(home)
        settings = settings.model_copy(update={"mongo_url": mongo_url, "mongo_database": database,
                                               "es_url": es_url, "es_index_prefix": prefix})
    container = bootstrap(settings, clock=FixedClock())
    ids, volume = _fill(container)
    client = TestClient(create_app(container))
    tokens = {name: token_for(container, name, roles, department) for name, (roles, department) in USERS.items()}
    yield container, client, tokens, ids, volume
    container.close()


def _fill(container):
    for no, (owner, department, name) in CUSTOMERS.items():
        container.ingest.ingest_one(IngestRequest("card.pdf", data=text_pdf("客户档案卡", f"客户编号：{no}",
                                                                            f"客户名称：{name}"), principal=ARCHIVIST))
        with container.records.unit_of_work() as uow:
            customer = uow.customers.get(no)
            customer.owner, customer.department = owner, department
            uow.customers.update(customer)
            uow.commit()
    ids = {}
    for key, (no, level, word) in RECORDS.items():
        data = text_pdf("客户投诉处理记录", f"客户编号：{no}", f"内容：{word}", COMMON_WORD)
        ids[key] = container.ingest.ingest_one(IngestRequest(f"{key}.pdf", data=data, principal=ARCHIVIST)).document_id
        if level != "none":
            set_record_level(container.records, principal=SECURITY, clock=container.clock, document_id=ids[key],
                             level=level, reason="密级审定")
    add_location(container.records, path="A库房/01柜", principal=ARCHIVIST, clock=container.clock, reason="新柜")
    add_box(container.records, code="B-0001", location="A库房/01柜", principal=ARCHIVIST, clock=container.clock,
            reason="新盒")
    volume = add_volume(container.records, customer_no="KH-2024001", box="B-0001", rule=container.archive_no_rule,
                        principal=ARCHIVIST, clock=container.clock,
                        customer_archive_no_format=container.settings.archive_no_format, reason="立卷")
    file_record(container.records, document_id=ids["vol"], archive_no=volume.archive_no, principal=ARCHIVIST,
                clock=container.clock, reason="归档")
    set_volume_level(container.records, principal=SECURITY, clock=container.clock, archive_no=volume.archive_no,
                     level="机密", reason="卷内含机密材料")
    _refresh_index(container)
    return ids, volume.archive_no


def _refresh_index(container):
    if container.indexing is not None:
        container.indexing.drain_all()


def _get(client, tokens, user, url, **params):
    return client.get(url, params=params, headers={"Authorization": f"Bearer {tokens[user]}"})


@pytest.mark.parametrize("user", USERS)
def test_each_record_route_answers_by_the_users_sight(world, user):
    _container, client, tokens, ids, _volume = world
    for key, document_id in ids.items():
        sight = SIGHT[user][key]
        urls = (f"/api/documents/{document_id}", f"/api/documents/{document_id}/file",
                f"/api/documents/{document_id}/pages/1.png", f"/api/documents/{document_id}/history")
        got = tuple(_get(client, tokens, user, url).status_code for url in urls)
        assert got == STATUS[sight], (user, key, sight)
        shown = _get(client, tokens, user, urls[0])
        if sight == M:
            assert shown.json()["withheld"] is True and "pages" not in shown.json() and "text" not in shown.json()
        if sight in (R, F):
            assert RECORDS[key][2] in shown.json()["text"]
        paper = _get(client, tokens, user, f"/api/documents/{document_id}/paper")
        assert paper.status_code == (404 if sight == H else 200), (user, key)


@pytest.mark.parametrize("user", USERS)
def test_a_hidden_record_is_indistinguishable_from_a_missing_one(world, user):
    _container, client, tokens, ids, _volume = world
    for key, document_id in ids.items():
        if SIGHT[user][key] != H:
            continue
        for suffix in ("", "/file", "/pages/1.png", "/history", "/paper"):
            hidden = _get(client, tokens, user, f"/api/documents/{document_id}{suffix}")
            missing = _get(client, tokens, user, f"/api/documents/0000000000000000{suffix}")
            assert hidden.status_code == missing.status_code == 404
            assert hidden.json()["detail"].replace(document_id, "ID") == \
                missing.json()["detail"].replace("0000000000000000", "ID")


@pytest.mark.parametrize("user", USERS)
def test_search_hits_totals_and_facets_count_only_what_the_user_may_read(world, user):
    _container, client, tokens, ids, _volume = world
    readable = {key for key, sight in SIGHT[user].items() if sight in (R, F)}
    for key, (_no, _level, word) in RECORDS.items():
        found = _get(client, tokens, user, "/api/search", q=word).json()
        assert ({hit["id"] for hit in found["hits"]} == {ids[key]}) == (key in readable), (user, key)
        assert found["total"] == (1 if key in readable else 0)
    common = _get(client, tokens, user, "/api/search", q=COMMON_WORD, size=50).json()
    assert {hit["id"] for hit in common["hits"]} == {ids[key] for key in readable}
    assert common["total"] == len(readable)
    assert sum(common["facets"]["doc_type"].values()) == len(readable)
    for browse in ({"date_from": "2000-01-01"}, {"customer_no": "KH-2024001"}):  # no words: filters only
        found = _get(client, tokens, user, "/api/search", size=50, **browse).json()
        wanted = {ids[key] for key in readable if "customer_no" not in browse or RECORDS[key][0] == "KH-2024001"}
        assert set(ids.values()) & {hit["id"] for hit in found["hits"]} == wanted, (user, browse)


@pytest.mark.parametrize("user", USERS)
def test_customers_suggestions_pages_and_volumes_show_only_their_files(world, user):
    _container, client, tokens, ids, volume = world
    seen = SEES_CUSTOMER[user]
    for no, (_owner, _department, name) in CUSTOMERS.items():
        assert _get(client, tokens, user, f"/api/customers/{no}").status_code == (200 if no in seen else 404)
        suggested = {c["customer_no"] for c in _get(client, tokens, user, "/api/suggest", q=name[:2]).json()}
        assert (no in suggested) == (no in seen), (user, no)
        for path in ("history", "catalogue", "activities", "completeness"):
            status = _get(client, tokens, user, f"/api/customers/{no}/{path}").status_code
            assert status == (200 if no in seen else 404), (user, no, path)
    listed = {c["customer_no"] for c in _get(client, tokens, user, "/api/customers").json()["customers"]}
    assert listed == seen
    if "KH-2024001" in seen:
        page = _get(client, tokens, user, "/api/customers/KH-2024001").json()
        shown = {d["id"] for d in page["documents"]} & set(ids.values())  # the archive card is there too
        assert shown == {ids[k] for k, s in SIGHT[user].items() if s != H and RECORDS[k][0] == "KH-2024001"}
    status = 200 if "KH-2024001" in seen else 404
    for suffix in ("", "/history", "/location", "/catalogue.pdf", "/notes.pdf"):
        assert _get(client, tokens, user, f"/api/volumes/{volume}{suffix}").status_code == status, (user, suffix)
    volumes = {v["archive_no"] for v in _get(client, tokens, user, "/api/volumes").json()}
    assert (volume in volumes) == ("KH-2024001" in seen)


@pytest.mark.parametrize("user", USERS)
def test_holdings_count_only_the_volumes_and_records_the_user_may_see(world, user):
    _container, client, tokens, _ids, _volume = world
    totals = _get(client, tokens, user, "/api/reports/holdings").json()["totals"]
    cards = len(SEES_CUSTOMER[user])  # each customer's archive card: open, in its customer's file
    assert totals["records"] == cards + sum(sight != H for sight in SIGHT[user].values()), user
    assert totals["volumes"] == (1 if "KH-2024001" in SEES_CUSTOMER[user] else 0), user


@pytest.mark.parametrize("user", ["guan", "boss", "aud"])
def test_the_statistics_over_time_count_only_the_records_and_files_the_user_may_see(world, user):
    _container, client, tokens, _ids, _volume = world
    trends = _get(client, tokens, user, "/api/stats/trends").json()
    seen = len(SEES_CUSTOMER[user]) + sum(sight != H for sight in SIGHT[user].values())  # as holdings count
    assert sum(n for year in trends["records_by_category_year"].values() for n in year.values()) == seen, user
    assert sum(month["records"] for month in trends["ingest_per_month"].values()) == seen, user
    assert list(trends["completeness_per_month"].values())[-1]["customers"] == len(SEES_CUSTOMER[user]), user


ROLE_READS = {  # route → users allowed (others 403)
    "/api/stats": {"guan", "boss", "aud"},
    "/api/stats/export": {"guan", "boss", "aud"},
    "/api/stats/trends": {"guan", "boss", "aud"},
    "/api/users": {"adm"},
    "/api/settings": {"adm"},
    "/api/reports/completeness": {"guan", "boss", "aud"},
    "/api/reports/review-due": {"guan", "boss", "aud"},
    "/api/reports/mismatches": {"guan", "boss", "aud", "sec"},
    "/api/review": {"guan"},
    "/api/locations": {"guan", "boss", "aud", "sec"},
    "/api/boxes": {"guan", "boss", "aud", "sec"},
    "/api/boxes/B-0001": {"guan", "boss", "aud", "sec"},
    "/api/audit": {"aud"},
    "/api/auth/me": set(USERS),
    "/api/status": set(USERS),  # queue and index counts, nothing of the content
    # 库房管理 and holdings/use (issue 16): the care log is the archive room's, read by security and directors;
    # holdings count what each user sees (test below); use reads the audit trail's accesses.
    "/api/rooms/A库房/care": {"guan", "boss", "sec"},
    "/api/reports/room-care": {"guan", "boss", "sec"},
    "/api/reports/holdings": set(USERS),
    "/api/reports/holdings.xlsx": set(USERS),
    "/api/reports/use": {"guan", "boss", "aud"},
    "/api/reports/use.pdf": {"guan", "boss", "aud"},
}


@pytest.mark.parametrize("user", USERS)
def test_role_gated_reads(world, user):
    _container, client, tokens, _ids, _volume = world
    for url, allowed in ROLE_READS.items():
        assert _get(client, tokens, user, url).status_code == (200 if user in allowed else 403), (user, url)


@pytest.mark.parametrize("user", USERS)
def test_role_gated_changes_refuse_other_roles_and_change_nothing(world, user):
    _container, client, tokens, ids, volume = world
    headers = {"Authorization": f"Bearer {tokens[user]}"}
    writes = [  # (method, url, json, roles allowed) — each body valid, so only the role decides
        ("post", "/api/locations", {"path": f"Z库房/{user}", "reason": "新库房"}, {"guan"}),
        ("post", "/api/boxes", {"code": f"B-9{len(user)}{ord(user[0]):03d}", "reason": "新盒"}, {"guan"}),
        ("post", "/api/inventory", {"location": "A库房", "codes": ["B-0001"]}, {"guan"}),
        ("put", f"/api/documents/{ids['other']}/confidentiality", {"level": "none", "reason": "复核"},
         {"guan", "sec"}),
        ("patch", f"/api/documents/{ids['conf']}/fields", {"fields": {"x": "y"}, "reason": "更正"}, {"guan"}),
        ("post", f"/api/review/{ids['none']}/link", {"customer_no": "KH-2024001", "reason": "人工核对"}, {"guan"}),
        ("post", "/api/rooms/A库房/readings", {"temperature": 20, "humidity": 50}, {"guan"}),
        ("post", "/api/rooms/A库房/checks", {"kind": "fire", "ok": True}, {"guan"}),
    ]
    for method, url, body, allowed in writes:
        response = getattr(client, method)(url, json=body, headers=headers)
        if user in allowed:
            assert response.status_code < 400 or response.status_code in (409, 422), (user, url, response.text)
        else:
            assert response.status_code in (403, 404), (user, url, response.status_code)
    upload = client.post("/api/documents", files={"files": ("x.pdf", text_pdf("新文件", user), "application/pdf")},
                         headers=headers)
    assert (upload.status_code < 400) == (user == "guan"), (user, upload.status_code)


def test_every_api_route_is_in_the_matrix(world):
    """A new route must be added here, with who may use it."""
    _container, client, *_ = world
    covered = {"/api/documents", "/api/documents/{document_id}", "/api/documents/{document_id}/file",
               "/api/documents/{document_id}/pages/{n}.png", "/api/documents/{document_id}/history",
               "/api/documents/{document_id}/paper", "/api/documents/{document_id}/paper/history",
               "/api/documents/{document_id}/confidentiality", "/api/search", "/api/suggest", "/api/customers",
               "/api/customers/{customer_no}", "/api/customers/{customer_no}/history",
               "/api/customers/{customer_no}/catalogue", "/api/customers/{customer_no}/activities",
               "/api/customers/{customer_no}/completeness", "/api/customers/{customer_no}/reviews",
               "/api/volumes", "/api/volumes/{archive_no}", "/api/volumes/{archive_no}/history",
               "/api/volumes/{archive_no}/location", "/api/volumes/{archive_no}/catalogue.pdf",
               "/api/volumes/{archive_no}/notes.pdf", "/api/volumes/{archive_no}/items",
               "/api/volumes/{archive_no}/printed", "/api/volumes/{archive_no}/confidentiality",
               "/api/labels/{code}.pdf", "/api/locations", "/api/locations/{code}", "/api/locations/{code}/move",
               "/api/boxes", "/api/boxes/{code}", "/api/boxes/{code}/move", "/api/locate", "/api/inventory",
               "/api/reports/mismatches", "/api/reports/completeness", "/api/reports/review-due", "/api/stats",
               "/api/review", "/api/review/{document_id}/link", "/api/review/{document_id}/dismiss",
               "/api/audit", "/api/audit/verify", "/api/audit/export", "/api/jobs/{job_id}", "/api/auth/token",
               "/api/auth/logout", "/api/auth/me", "/api/health", "/api/status",
               "/api/approvals", "/api/approvals/{request_id}/approve", "/api/approvals/{request_id}/reject",
               "/api/approvals/{request_id}/cancel", "/api/customers/transfer",
               "/api/customers/{customer_no}/consents",
               "/api/rooms/{room}/readings", "/api/rooms/{room}/checks", "/api/rooms/{room}/care",
               "/api/reports/room-care", "/api/reports/holdings", "/api/reports/holdings.{fmt}", "/api/reports/use",
               "/api/reports/use.{fmt}", "/api/stats/export", "/api/stats/trends", "/api/users",
               "/api/users/{name}/roles", "/api/users/{name}/disable", "/api/users/{name}/enable",
               "/api/users/{name}/password", "/api/documents/{document_id}/fields", "/api/settings"}
    routes = {path for route in client.app.routes if (path := getattr(route, "path", "")).startswith("/api")}
    assert routes - covered == set()


def test_an_approved_request_lets_staff_read_a_secret_record_for_its_time_only(world):
    container, client, tokens, ids, _volume = world
    li, boss = ({"Authorization": f"Bearer {tokens[name]}"} for name in ("li", "boss"))
    secret = ids["secret"]
    assert client.get(f"/api/documents/{secret}/file", headers=li).status_code == 403
    asked = client.post("/api/approvals", json={"kind": "read_record", "subject": secret, "reason": "核对合同"},
                        headers=li)
    assert asked.status_code in (200, 201), asked.text
    request_id = asked.json()["id"]
    decided = client.post(f"/api/approvals/{request_id}/approve", json={"reason": "同意，4小时"}, headers=boss)
    assert decided.status_code == 200, decided.text
    assert client.get(f"/api/documents/{secret}/file", headers=li).status_code == 200
    assert RECORDS["secret"][2] in client.get(f"/api/documents/{secret}", headers=li).json()["text"]
    found = client.get("/api/search", params={"q": RECORDS["secret"][2]}, headers=li).json()
    assert [hit["id"] for hit in found["hits"]] == [secret]
    container.clock.advance(hours=5)  # past the 4 hours: as before the request (the last test of the module)
    assert client.get(f"/api/documents/{secret}/file", headers=li).status_code == 403
