"""Recoverable deletion over HTTP on both deployments: a record is deleted only on its requester's approved
`delete` request, waits 30 days in the recycle area (hidden from search and reads, restorable), and is then
purged from every store; a legal hold keeps it. What each user sees at each step."""

from __future__ import annotations

from tests.api.disposal_fixtures import (
    APPRAISER, ARCHIVIST, DIRECTOR, STAFF, WORD, customer_of_department, png_record, searched, stored_text,
)
from tests.api.signin import as_user


def post(client, path, who, **body):
    return client.post(path, json=body, headers=as_user(client, *who))


def approved_delete(client, document_id, who=STAFF, decider=APPRAISER):
    asked = post(client, "/api/approvals", who, kind="delete", subject=document_id, reason="扫描错误，重复件")
    assert asked.status_code == 201, asked.text
    decided = post(client, f"/api/approvals/{asked.json()['id']}/approve", decider, reason="同意删除")
    assert decided.status_code == 200, decided.text
    return asked.json()["id"]


def recycled_ids(client, who):
    return [r["document_id"] for r in client.get("/api/recycle", headers=as_user(client, *who)).json()["records"]]


def test_a_wrong_scan_is_deleted_restored_deleted_again_and_purged_after_30_days(client, container):
    customer_of_department(container, "KH-R")
    wrong = png_record(container, "KH-R", title="错误扫描件")
    staff = as_user(client, *STAFF)
    # Without an approval, with someone else's, or with one still pending: refused, nothing changes.
    assert post(client, "/api/recycle", STAFF, document_id=wrong.id, approval_id="nope", reason="错扫").status_code == 403
    pending = post(client, "/api/approvals", STAFF, kind="delete", subject=wrong.id, reason="错扫").json()["id"]
    assert post(client, "/api/recycle", STAFF, document_id=wrong.id, approval_id=pending,
                reason="错扫").status_code == 403
    approval = approved_delete(client, wrong.id)
    assert post(client, "/api/recycle", ARCHIVIST, document_id=wrong.id, approval_id=approval,
                reason="错扫").status_code == 403
    assert client.get(f"/api/documents/{wrong.id}", headers=staff).status_code == 200

    deleted = post(client, "/api/recycle", STAFF, document_id=wrong.id, approval_id=approval, reason="扫描错误，重复件")
    assert deleted.status_code == 201, deleted.text
    assert deleted.json()["purge_after"].startswith("2026-06-05")
    # Hidden from every read and search; listed in the recycle area for its deleter and the archive room.
    for who in (STAFF, ARCHIVIST, DIRECTOR):
        assert client.get(f"/api/documents/{wrong.id}", headers=as_user(client, *who)).status_code == 404
        assert searched(client, who) == []
    assert recycled_ids(client, STAFF) == [wrong.id] and recycled_ids(client, ARCHIVIST) == [wrong.id]
    assert recycled_ids(client, APPRAISER) == []

    restored = post(client, f"/api/recycle/{wrong.id}/restore", STAFF, reason="删错了")
    assert restored.status_code == 200 and restored.json()["state"] == "restored"
    assert client.get(f"/api/documents/{wrong.id}", headers=staff).status_code == 200
    assert searched(client) == [wrong.id]

    again = approved_delete(client, wrong.id)
    assert post(client, "/api/recycle", STAFF, document_id=wrong.id, approval_id=again,
                reason="确认是错扫").status_code == 201
    # Purging before 30 days is refused; so is purging by anyone but the archive room.
    container.clock.advance(days=29)
    early = post(client, "/api/recycle/purge", ARCHIVIST, document_id=wrong.id)
    assert early.status_code == 409 and "restorable until" in early.json()["detail"]
    assert post(client, "/api/recycle/purge", ARCHIVIST).json() == {"purged": [], "held": []}
    assert post(client, "/api/recycle/purge", STAFF).status_code == 403
    assert container.blobs.exists(wrong.sha256)

    container.clock.advance(days=1)
    assert post(client, "/api/recycle/purge", ARCHIVIST).json() == {"purged": [wrong.id], "held": []}
    assert not container.blobs.exists(wrong.sha256)
    assert f"{WORD} 错误扫描件" not in stored_text(container)
    assert recycled_ids(client, ARCHIVIST) == []
    assert post(client, f"/api/recycle/{wrong.id}/restore", ARCHIVIST, reason="找回").status_code == 404
    trail = client.get("/api/audit", params={"document_id": wrong.id},
                       headers=as_user(client, "feng", ("auditor",), "审计部")).json()
    actions = {event["action"] for event in trail.get("events", trail if isinstance(trail, list) else [])}
    assert {"delete", "restore", "purge"} <= actions


def test_a_legal_hold_keeps_a_recycled_record_until_released(client, container):
    customer_of_department(container, "KH-H")
    record = png_record(container, "KH-H", title="涉诉往来函")
    approval = approved_delete(client, record.id)
    post(client, "/api/recycle", STAFF, document_id=record.id, approval_id=approval, reason="误传")
    hold = post(client, "/api/holds", ARCHIVIST, kind="record", subject=record.id, reason="诉讼保全").json()
    container.clock.advance(days=31)
    assert post(client, "/api/recycle/purge", ARCHIVIST).json() == {"purged": [], "held": [record.id]}
    refused = post(client, "/api/recycle/purge", ARCHIVIST, document_id=record.id)
    assert refused.status_code == 409 and "legal hold" in refused.json()["detail"]
    post(client, f"/api/holds/{hold['id']}/release", ARCHIVIST, reason="结案")
    assert post(client, "/api/recycle/purge", ARCHIVIST).json()["purged"] == [record.id]


def test_a_secret_record_is_deleted_only_on_a_directors_approval(client, container):
    from docarchive.domain.documents import Confidentiality

    customer_of_department(container, "KH-X")
    record = png_record(container, "KH-X", title="秘密协议", level=Confidentiality.SECRET)
    asked = post(client, "/api/approvals", ARCHIVIST, kind="delete", subject=record.id, reason="错扫").json()
    assert post(client, f"/api/approvals/{asked['id']}/approve", APPRAISER, reason="同意").status_code == 403
    assert post(client, f"/api/approvals/{asked['id']}/approve", DIRECTOR, reason="同意").status_code == 200
    assert post(client, "/api/recycle", ARCHIVIST, document_id=record.id, approval_id=asked["id"],
                reason="错扫").status_code == 201


def test_the_worker_purges_what_has_waited_30_days(client, container):
    from docarchive.services.recycling import run_purger

    customer_of_department(container, "KH-W")
    record = png_record(container, "KH-W", title="重复扫描")
    post(client, "/api/recycle", STAFF, document_id=record.id, approval_id=approved_delete(client, record.id),
         reason="重复")

    class OnePass:
        passes = 0

        def wait(self, seconds):
            self.passes += 1
            return self.passes > 1

    run_purger(container.disposal_desk, stop=OnePass(), interval_seconds=0)
    assert container.blobs.exists(record.sha256)  # not yet 30 days
    container.clock.advance(days=30)
    run_purger(container.disposal_desk, stop=OnePass(), interval_seconds=0)
    assert not container.blobs.exists(record.sha256) and recycled_ids(client, ARCHIVIST) == []
    stale = container.settings.cache_path / "pages" / record.sha256 / "1-full.png"  # as another host left it
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"cached page")
    run_purger(container.disposal_desk, stop=OnePass(), interval_seconds=0)
    assert not stale.parent.exists()
