"""Every route that changes something needs a non-empty reason: 422 with the same clear message otherwise,
nothing changed; a given reason is kept in the history of what changed."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.paper_fixtures import store_records

SHELF = "A库房/03密集架/2列/4节/3层"
MISSING = "a reason for the change is required"


@pytest.fixture
def archive(client, container):
    """A shelf, a box, a volume of customer KH-1 and two records: the things changes are made to."""
    client.post("/api/locations", json={"path": SHELF, "reason": "新库位"})
    client.post("/api/locations", json={"path": "B库房", "reason": "新库房"})
    client.post("/api/boxes", json={"code": "B-0012", "location": SHELF, "reason": "新盒"})
    volume = client.post("/api/volumes", json={"customer_no": "KH-1", "box": "B-0012", "reason": "立卷"}).json()
    records = store_records(container.records, "ab")
    location = client.get("/api/locations", params={"under": "B库房"}).json()[0]["code"]
    return {"volume": quote(volume["archive_no"]), "archive_no": volume["archive_no"], "records": records,
            "location": location}


CHANGES = {
    "add a location": lambda a: ("post", "/api/locations", {"path": "C库房"}),
    "move a location": lambda a: ("post", f"/api/locations/{a['location']}/move", {"to": SHELF}),
    "add a box": lambda a: ("post", "/api/boxes", {"code": "B-0099", "location": SHELF}),
    "move a box": lambda a: ("post", "/api/boxes/B-0012/move", {"to": "B库房"}),
    "open a volume": lambda a: ("post", "/api/volumes", {"customer_no": "KH-1", "box": "B-0012"}),
    "file a record": lambda a: ("put", f"/api/documents/{a['records'][0]}/paper", {"archive_no": a["archive_no"]}),
    "file records in bulk": lambda a: ("post", f"/api/volumes/{a['volume']}/items",
                                       {"document_ids": a["records"]}),
    "add a customer": lambda a: ("post", "/api/customers", {"customer_no": "KH-2", "name": "乙公司"}),
    "edit a customer": lambda a: ("patch", "/api/customers/KH-1", {"name": "甲公司"}),
    "move a record to another category": lambda a: ("patch", f"/api/documents/{a['records'][0]}",
                                                    {"category": "其他"}),
    "link a record by hand": lambda a: ("post", f"/api/review/{a['records'][0]}/link", {"customer_no": "KH-1"}),
    "dismiss a review reason": lambda a: ("post", f"/api/review/{a['records'][0]}/dismiss",
                                          {"reason_code": "not_filed"}),
    "transfer customers": lambda a: ("post", "/api/customers/transfer", {"from_owner": "local", "to_owner": "li"}),
}


@pytest.mark.parametrize("blank", [None, "", "   "], ids=["missing", "empty", "blank"])
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_without_a_reason_is_a_422_and_changes_nothing(client, archive, change, blank):
    method, url, body = CHANGES[change](archive)
    if blank is not None:
        body = {**body, "reason": blank}
    before = _state(client, archive)
    response = getattr(client, method)(url, json=body)
    assert response.status_code == 422, response.text
    assert "reason" in response.json()["detail"]
    assert _state(client, archive) == before


def test_a_missing_reason_is_named_the_same_way_everywhere(client, archive):
    for change in ("open a volume", "file a record", "add a box", "add a customer"):
        method, url, body = CHANGES[change](archive)
        assert getattr(client, method)(url, json=body).json()["detail"] == MISSING


def test_the_reasons_for_opening_a_volume_and_filing_a_record_are_in_their_history(client, archive):
    [placed] = client.get(f"/api/volumes/{archive['volume']}/history").json()
    assert placed["reason"] == "立卷"
    client.put(f"/api/documents/{archive['records'][0]}/paper", json={"archive_no": archive["archive_no"],
                                                                     "reason": "补归档"})
    [filed] = client.get(f"/api/documents/{archive['records'][0]}/paper/history").json()
    assert filed["reason"] == "补归档"


def _state(client, archive) -> tuple:
    """What any of the changes above would alter."""
    return (client.get("/api/locations").json(), client.get("/api/boxes").json(), client.get("/api/volumes").json(),
            client.get(f"/api/volumes/{archive['volume']}").json(),
            [client.get(f"/api/documents/{doc}").json() for doc in archive["records"]],
            client.get("/api/customers").json())
