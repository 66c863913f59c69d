"""The web interface's files beside the API: client-side routes get index.html, hashed assets are cached for
good, and every /api answer — a 404 or a 405 included — stays the API's JSON."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from docarchive.api import security, web


@pytest.fixture
def client(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><div id=app></div>")
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log(1)")
    app = FastAPI()
    security.install(app, allowed_hosts=["testserver"], max_body_bytes=1000)

    @app.get("/api/thing")
    def thing():
        return {"ok": True}

    web.install(app, dist=tmp_path)
    return TestClient(app)


def test_a_client_side_route_is_answered_with_index_html_never_cached(client):
    answer = client.get("/records/01ABC")
    assert answer.status_code == 200 and "id=app" in answer.text
    assert answer.headers["cache-control"] == "no-cache"
    assert "default-src 'self'" in answer.headers["content-security-policy"]


def test_a_hashed_asset_is_cached_for_good(client):
    answer = client.get("/assets/index-abc123.js")
    assert answer.status_code == 200 and "immutable" in answer.headers["cache-control"]


def test_api_answers_stay_json_with_their_own_statuses(client):
    assert client.get("/api/thing").json() == {"ok": True}
    missing = client.get("/api/nothing")
    assert missing.status_code == 404 and missing.json() == {"detail": "Not Found"}
    assert client.post("/api/thing").status_code == 405
    assert client.get("/assets/gone.js").status_code == 404


def test_without_a_build_only_the_api_is_served(tmp_path):
    app = FastAPI()
    web.install(app, dist=tmp_path / "none")
    assert TestClient(app).get("/").json() == {"detail": "Not Found"}
