"""PATCH /api/documents/{id}/fields: the archive room corrects what extraction read, with a reason that goes
into the record's history; nobody else may, and nothing changes without a reason."""

from __future__ import annotations

from tests.api.customer_files import add_customer, add_record
from tests.api.signin import as_user


def record(container):
    add_customer(container, "KH-A", name="甲公司")
    return add_record(container, "KH-A", title="采购合同", category="合同协议")


def test_an_archivist_corrects_a_field_and_the_history_keeps_before_after_and_why(client, container):
    document = record(container)
    fixed = client.patch(f"/api/documents/{document.id}/fields",
                         json={"fields": {"合同编号": "HT-2024-017"}, "reason": "识别有误，按原件更正"})
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["fields"]["合同编号"] == "HT-2024-017"
    entry = client.get(f"/api/documents/{document.id}/history").json()["entries"][0]
    assert entry["reason"] == "识别有误，按原件更正"
    assert entry["changes"] == {"fields.合同编号": {"before": None, "after": "HT-2024-017"}}
    removed = client.patch(f"/api/documents/{document.id}/fields", json={"fields": {"合同编号": ""}, "reason": "删除"})
    assert "合同编号" not in removed.json()["fields"]


def test_without_a_reason_or_a_change_nothing_happens(client, container):
    document = record(container)
    url = f"/api/documents/{document.id}/fields"
    assert client.patch(url, json={"fields": {"a": "b"}, "reason": ""}).status_code == 422
    assert client.patch(url, json={"fields": {}, "reason": "更正"}).status_code == 422
    assert client.patch(url, json={"fields": {"a": "x" * 501}, "reason": "更正"}).status_code == 422
    assert client.patch(url, json={"fields": {"a": None}, "reason": "更正"}).status_code == 422  # already absent
    assert client.get(f"/api/documents/{document.id}/history").json()["entries"] == []


def test_only_the_archive_room_corrects_fields(client, container):
    document = record(container)
    for role in ("staff", "manager", "director", "auditor", "security", "admin"):
        refused = client.patch(f"/api/documents/{document.id}/fields", json={"fields": {"a": "b"}, "reason": "更正"},
                               headers=as_user(client, f"u.{role}", roles=(role,)))
        assert refused.status_code == 403, (role, refused.text)
