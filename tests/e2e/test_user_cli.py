"""`docarchive user` as an operator runs it on the server: no default account, passwords from stdin, one-line
errors, and tokens that sign in over HTTP."""

from __future__ import annotations

import json
import subprocess
import sys

from fastapi.testclient import TestClient

from tests.conftest import deployment_env


def docarchive(*args: str, home, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docarchive", *args], env=deployment_env(home), input=stdin,
                          capture_output=True, text=True, timeout=300)


def test_an_operator_adds_users_lists_them_and_changes_roles(tmp_path):
    home = tmp_path / "home"
    assert docarchive("user", "list", home=home).stdout == ""
    added = docarchive("user", "add", "王芳", "--role", "archivist", "--department", "档案室", "--password-stdin",
                       home=home, stdin="档案室钥匙2026号\n")
    assert added.returncode == 0, added.stderr
    assert docarchive("user", "role", "王芳", "--role", "staff", "--role", "manager", "--reason", "调岗",
                      home=home).returncode == 0
    (row,) = [json.loads(line) for line in docarchive("user", "list", "--json", home=home).stdout.splitlines()]
    assert row == {"name": "王芳", "roles": ["staff", "manager"], "department": "档案室", "disabled": False,
                   "locked": False}


def test_bad_requests_are_one_readable_line(tmp_path):
    home = tmp_path / "home"
    weak = docarchive("user", "add", "li", "--role", "staff", "--password-stdin", home=home, stdin="short\n")
    assert weak.returncode == 2 and weak.stderr.count("\n") == 1 and "10–256 characters" in weak.stderr
    no_tty = docarchive("user", "add", "li", "--role", "staff", home=home, stdin="")
    assert no_tty.returncode == 2 and "--password-stdin" in no_tty.stderr
    both = docarchive("user", "add", "zhao", "--role", "admin", "--role", "auditor", "--password-stdin", home=home,
                      stdin="zhao-pass-2026\n")
    assert both.returncode == 2 and "三员分立" in both.stderr
    missing = docarchive("user", "disable", "nobody", "--reason", "离职", home=home)
    assert missing.returncode == 2 and missing.stderr.strip() == "docarchive: error: no user named nobody"


def test_a_personal_token_signs_in_until_the_user_is_disabled(tmp_path, monkeypatch):
    from docarchive.api.app import create_app
    from docarchive.bootstrap import bootstrap
    from docarchive.config import Settings

    home = tmp_path / "home"
    docarchive("user", "add", "crm", "--role", "staff", "--password-stdin", home=home, stdin="sync-2026-pass\n")
    token = docarchive("user", "token", "crm", "--label", "CRM sync", home=home).stdout.strip()
    server_env = deployment_env(home)
    for name in ("DOCARCHIVE_ES_URL", "DOCARCHIVE_MONGO_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in server_env.items():
        if name.startswith("DOCARCHIVE_"):
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("DOCARCHIVE_ALLOWED_HOSTS", '["testserver"]')
    container = bootstrap(Settings())  # the store the commands above wrote, as a server would open it
    try:
        with TestClient(create_app(container)) as client:
            headers = {"Authorization": f"Bearer {token}"}
            assert client.get("/api/auth/me", headers=headers).json()["user"] == "crm"
            assert docarchive("user", "disable", "crm", "--reason", "停用接口", home=home).returncode == 0
            assert client.get("/api/auth/me", headers=headers).status_code == 401
    finally:
        container.close()
