"""Sign-in over HTTP: bearer tokens from the password form, lockout, sign-out, and no route without them."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from docarchive.api.app import create_app
from docarchive.services.accounts import WRONG_SIGN_IN, add_user, set_disabled
from tests.api.signin import PASSWORD

OPEN_ROUTES = {("POST", "/api/auth/token"), ("GET", "/api/health")}


@pytest.fixture
def anonymous(container):
    add_user(container.accounts, clock=container.clock, name="王芳", roles=["archivist"], password=PASSWORD,
             department="档案室")
    with TestClient(create_app(container)) as client:
        yield client


def sign_in(client, name="王芳", password=PASSWORD):
    return client.post("/api/auth/token", data={"username": name, "password": password})


def bearer(response) -> dict[str, str]:
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_signing_in_gives_a_short_lived_bearer_token_that_acts_as_the_user(anonymous):
    response = sign_in(anonymous)
    assert response.status_code == 200
    assert response.json()["token_type"] == "bearer" and response.json()["expires_in"] == 3600
    me = anonymous.get("/api/auth/me", headers=bearer(response)).json()
    assert me == {"user": "王芳", "roles": ["archivist"], "department": "档案室"}


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(anonymous):
    wrong, unknown = sign_in(anonymous, password="nope-2026-x"), sign_in(anonymous, name="nobody")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": WRONG_SIGN_IN}


def test_five_failures_lock_the_account_even_against_the_right_password_then_it_unlocks(anonymous, clock):
    for _ in range(5):
        assert sign_in(anonymous, password="guess-2026-x").status_code == 401
    assert sign_in(anonymous).status_code == 401
    clock.advance(minutes=16)
    assert sign_in(anonymous).status_code == 200


def test_signing_out_revokes_the_token(anonymous):
    headers = bearer(sign_in(anonymous))
    assert anonymous.post("/api/auth/logout", headers=headers).status_code == 204
    assert anonymous.get("/api/auth/me", headers=headers).status_code == 401


def test_a_session_ends_after_an_hour(anonymous, clock):
    headers = bearer(sign_in(anonymous))
    clock.advance(minutes=61)
    assert anonymous.get("/api/auth/me", headers=headers).status_code == 401


def test_disabling_a_user_ends_their_sessions(anonymous, container):
    headers = bearer(sign_in(anonymous))
    set_disabled(container.accounts, clock=container.clock, name="王芳", reason="离职")
    assert anonymous.get("/api/auth/me", headers=headers).status_code == 401
    assert sign_in(anonymous).status_code == 401


def test_no_route_but_sign_in_and_health_answers_without_a_token(anonymous):
    checked = 0
    for template, operations in anonymous.app.openapi()["paths"].items():
        for method in (m.upper() for m in operations):
            if (method, template) in OPEN_ROUTES:
                continue
            path = template.replace("{n}", "1").replace("{", "").replace("}", "")
            response = anonymous.request(method, path)
            assert response.status_code == 401, f"{method} {template} answered {response.status_code}"
            checked += 1
    assert checked > 40
    assert anonymous.get("/api/health").status_code == 200


@pytest.mark.parametrize("local", [True, False], ids=["local store: on the event loop", "networked: on a thread"])
def test_sign_in_is_looked_up_on_the_event_loop_only_where_the_accounts_are_a_local_file(container, monkeypatch, local):
    """The embedded default saves a hand-off to a worker thread a request; a MongoDB lookup never blocks the loop."""
    import threading

    from docarchive.api import deps

    threads: dict[str, int] = {}
    resolve = deps._signed_in

    def spying(built, token):
        threads["sign-in"] = threading.get_ident()
        return resolve(built, token)

    async def loop_thread():
        threads["loop"] = threading.get_ident()
        return {}

    assert container.sign_in_is_local is (not container.settings.mongo_url)  # as bootstrap sets it
    monkeypatch.setattr(deps, "_signed_in", spying)
    monkeypatch.setattr(container, "sign_in_is_local", local)
    app = create_app(container)
    app.add_api_route("/api/test-loop-thread", loop_thread, dependencies=[])
    add_user(container.accounts, clock=container.clock, name="王芳", roles=["archivist"], password=PASSWORD)
    with TestClient(app) as client:
        token = bearer(sign_in(client))
        assert client.get("/api/auth/me", headers=token).json()["user"] == "王芳"
        client.get("/api/test-loop-thread")
    assert (threads["sign-in"] == threads["loop"]) is local
