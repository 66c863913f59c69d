"""/api/users: the system administrator adds users, changes roles, disables and enables them and resets
passwords — each with a reason, each in the audit trail, none of it open to any other role."""

from __future__ import annotations

from tests.api.signin import PASSWORD, as_user

ADMIN = ("sun.admin", ("admin",), "信息部")
AUDITOR = ("audit.li", ("auditor",), "审计部")
NEW_PASSWORD = "Fresh-start-2026"


def admin(client) -> dict[str, str]:
    return as_user(client, *ADMIN)


def add(client, name="qian.new", roles=("staff",), **extra):
    body = {"name": name, "roles": list(roles), "department": "营业部", "password": PASSWORD, "reason": "新入职",
            **extra}
    return client.post("/api/users", json=body, headers=admin(client))


def sign_in(client, name, password=PASSWORD):
    return client.post("/api/auth/token", data={"username": name, "password": password})


def test_an_administrator_adds_a_user_who_can_then_sign_in(client):
    added = add(client)
    assert added.status_code == 201, added.text
    assert added.json() | {"created_at": None} == {"name": "qian.new", "roles": ["staff"], "department": "营业部",
                                                   "disabled": False, "locked": False, "created_at": None}
    listed = client.get("/api/users", headers=admin(client)).json()["users"]
    assert "qian.new" in [u["name"] for u in listed]
    assert sign_in(client, "qian.new").status_code == 200


def test_roles_change_and_disabling_end_the_users_sessions_with_the_reason_audited(client):
    add(client)
    token = sign_in(client, "qian.new").json()["access_token"]
    changed = client.put("/api/users/qian.new/roles", json={"roles": ["manager"], "reason": "晋升"},
                         headers=admin(client))
    assert changed.status_code == 200 and changed.json()["roles"] == ["manager"]
    assert client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    disabled = client.post("/api/users/qian.new/disable", json={"reason": "离职"}, headers=admin(client))
    assert disabled.json()["disabled"] is True
    assert sign_in(client, "qian.new").status_code == 401
    assert client.post("/api/users/qian.new/enable", json={"reason": "返聘"}, headers=admin(client)).json()[
        "disabled"] is False
    audited = client.get("/api/audit", params={"action": "setting"}, headers=as_user(client, *AUDITOR)).json()
    reasons = [e["detail"]["reason"] for e in audited["events"] if e["subject"] == "user:qian.new"]
    assert reasons == ["返聘", "离职", "晋升", "新入职"]


def test_a_reset_password_works_and_never_reaches_the_audit_trail(client):
    add(client)
    reset = client.put("/api/users/qian.new/password", json={"password": NEW_PASSWORD, "reason": "忘记密码"},
                       headers=admin(client))
    assert reset.status_code == 200, reset.text
    assert sign_in(client, "qian.new", NEW_PASSWORD).status_code == 200
    trail = client.get("/api/audit/export", params={"format": "csv"}, headers=as_user(client, *AUDITOR)).text
    assert "忘记密码" in trail and NEW_PASSWORD not in trail and PASSWORD not in trail


def test_bad_input_is_refused_with_a_reason_and_changes_nothing(client):
    assert add(client, reason="").status_code == 422
    assert add(client, roles=("admin", "auditor")).status_code == 422  # 三员分立
    assert add(client, password="short").status_code == 422
    assert client.put("/api/users/nobody/roles", json={"roles": ["staff"], "reason": "调岗"},
                      headers=admin(client)).status_code == 404
    assert client.post(f"/api/users/{ADMIN[0]}/disable", json={"reason": "试试"}, headers=admin(client)).status_code == 422
    assert [u["name"] for u in client.get("/api/users", headers=admin(client)).json()["users"]
            if u["name"] == "qian.new"] == []


def test_no_other_role_may_manage_users(client):
    for role in ("archivist", "staff", "manager", "director", "auditor", "security"):
        headers = as_user(client, f"u.{role}", roles=(role,))
        assert client.get("/api/users", headers=headers).status_code == 403, role
        body = {"name": "x.y", "roles": ["staff"], "password": PASSWORD, "reason": "新入职"}
        assert client.post("/api/users", json=body, headers=headers).status_code == 403, role


def test_the_administrator_reads_the_settings_without_any_url_or_key(client, container):
    shown = client.get("/api/settings", headers=admin(client))
    assert shown.status_code == 200
    body = shown.json()
    assert body["changed_at_run_time"] is False and body["settings"]["timezone"] == "Asia/Shanghai"
    assert not {"mongo_url", "es_url", "id_hash_key", "data_keys", "home"} & set(body["settings"])
    assert client.get("/api/settings", headers=as_user(client, *AUDITOR)).status_code == 403
