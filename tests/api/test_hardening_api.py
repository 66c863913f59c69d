"""What every request passes before a route: known hosts only, same-origin writes, bounded bodies, throttled
sign-in, and headers that keep browsers from sniffing or framing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from docarchive.api.app import create_app


def test_a_host_the_server_is_not_configured_for_is_refused(client):
    assert client.get("/api/health", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/api/health").status_code == 200


def test_responses_carry_security_headers(client):
    headers = client.get("/api/auth/me").headers
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_a_write_from_another_site_is_refused_even_with_a_token(client):
    files = {"files": ("scan.png", b"\x89PNG\r\n\x1a\n", "image/png")}
    response = client.post("/api/documents", files=files, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403 and response.json()["detail"] == "cross-origin request refused"
    cross_site = client.post("/api/auth/logout", headers={"Sec-Fetch-Site": "cross-site"})
    assert cross_site.status_code == 403
    assert client.post("/api/auth/logout", headers={"Origin": "http://testserver"}).status_code == 204


def test_a_body_over_the_limit_is_refused_before_it_is_read(container):
    container.settings.max_request_bytes = 1000
    with TestClient(create_app(container)) as client:
        response = client.post("/api/auth/token", content=b"x" * 5000,
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert response.status_code == 413 and "1,000-byte limit" in response.json()["detail"]

        def chunks():  # no Content-Length: counted as it arrives
            for _ in range(10):
                yield b"username=a&" * 20

        streamed = client.post("/api/auth/token", content=chunks(),
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert streamed.status_code == 413


def test_sign_in_attempts_from_one_address_are_throttled(container):
    with TestClient(create_app(container)) as client:
        answers = [client.post("/api/auth/token", data={"username": "x", "password": "y"}) for _ in range(11)]
    assert [a.status_code for a in answers] == [401] * 10 + [429]
    assert int(answers[-1].headers["Retry-After"]) > 0
