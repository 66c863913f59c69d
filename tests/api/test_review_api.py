"""The review queue over HTTP: what waits for a person and why, linking by hand, clearing a reason."""

from __future__ import annotations

from tests.api.uploads import upload
from tests.text_pdfs import archive_card, complaint


def post(client, name: str, data: bytes) -> dict:
    status, body = upload(client, files={"files": (name, data, "application/pdf")})
    assert status == 201, body
    return body


def test_a_record_naming_a_customer_not_on_file_waits_and_is_linked_when_the_card_arrives(client):
    record = post(client, "complaint.pdf", complaint("KH-2024-00077"))
    assert record["customer_no"] is None and record["link"] is None
    assert {"reason": "customer_not_on_file", "customer_no": "KH-2024-00077"} in record["review"]
    queue = client.get("/api/review", params={"reason": "customer_not_on_file"}).json()
    assert queue["total"] == 1 and queue["counts"]["customer_not_on_file"] == 1
    assert [item["id"] for item in queue["items"]] == [record["id"]]

    post(client, "card.pdf", archive_card("KH-2024-00077", "上海华东机电设备有限公司"))
    linked = client.get(f"/api/documents/{record['id']}").json()
    assert linked["customer_no"] == "KH-2024-00077"
    assert linked["link"]["how"] == "page_number" and linked["link"]["evidence"] == "the page names KH-2024-00077"
    assert client.get("/api/review", params={"reason": "customer_not_on_file"}).json()["total"] == 0
    history = client.get(f"/api/documents/{record['id']}/history").json()["entries"]
    assert history[0]["reason"] == "linked automatically: the page names KH-2024-00077"


def test_a_person_links_a_record_by_hand_with_a_reason(client):
    post(client, "card.pdf", archive_card("KH-2024-00001", "杭州西湖电子有限公司"))
    record = post(client, "complaint.pdf", complaint("KH-2024-00999"))
    missing_reason = client.post(f"/api/review/{record['id']}/link", json={"customer_no": "KH-2024-00001"})
    assert missing_reason.status_code == 422
    unknown = client.post(f"/api/review/{record['id']}/link", json={"customer_no": "KH-0", "reason": "x"})
    assert unknown.status_code == 404
    linked = client.post(f"/api/review/{record['id']}/link",
                         json={"customer_no": "KH-2024-00001", "reason": "number misprinted on the form"})
    assert linked.status_code == 200
    assert linked.json()["link"] | {"at": None} == {"customer_no": "KH-2024-00001", "how": "manual",
                                                    "evidence": "number misprinted on the form", "at": None,
                                                    "by": "local"}
    assert "customer_not_on_file" not in [flag["reason"] for flag in linked.json()["review"]]


def test_a_reason_is_cleared_once_and_bad_requests_say_why(client):
    record = post(client, "complaint.pdf", complaint("KH-2024-00555"))
    url = f"/api/review/{record['id']}/dismiss"
    assert client.post(url, json={"reason_code": "bogus", "reason": "x"}).status_code == 422
    assert client.post(url, json={"reason_code": "not_filed", "reason": ""}).status_code == 422
    cleared = client.post(url, json={"reason_code": "not_filed", "reason": "born digital; no paper original"})
    assert cleared.status_code == 200 and "not_filed" not in [f["reason"] for f in cleared.json()["review"]]
    again = client.post(url, json={"reason_code": "not_filed", "reason": "again"})
    assert again.status_code == 422 and "not waiting for not_filed" in again.json()["detail"]
    assert client.post("/api/review/NOPE/dismiss", json={"reason_code": "not_filed", "reason": "x"}).status_code == 404
    assert client.get("/api/review", params={"reason": "bogus"}).status_code == 422
    assert client.get("/api/review", params={"size": 0}).status_code == 422
