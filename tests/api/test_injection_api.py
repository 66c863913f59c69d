"""NoSQL-operator injection in every JSON body the API takes: each field (and the body itself) given a MongoDB
operator object or `$`-keys must be refused with a 4xx and a reason, never a 5xx, and never match or change
what it names. Runs on both deployments (tests/api/ runs on MongoDB in CI)."""

from __future__ import annotations

import re

import pytest

from tests.text_pdfs import archive_card

OPERATORS = [{"$gt": ""}, {"$ne": None}, {"$where": "sleep(1000)"}, {"$regex": ".*"}, ["$gt", ""]]


def json_operations(client) -> list[tuple[str, str, dict]]:
    schema = client.get("/openapi.json").json()
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                operations.append((method.upper(), path, _resolve(schema, body["schema"])))
    return operations


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _path(path: str, customer_no: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda m: customer_no if "no" in m[0] else "01JD0000000000000000000000", path)


@pytest.fixture
def customer_no(client):
    response = client.post("/api/documents", files={"files": ("card.pdf", archive_card("KH-2024-00042", "恒通商贸"),
                                                              "application/pdf")})
    assert response.status_code < 300, response.text
    return "KH-2024-00042"


def test_operator_objects_in_any_json_field_are_refused_with_a_reason(client, customer_no):
    tried, refused = 0, 0
    for method, path, body_schema in json_operations(client):
        url = _path(path, customer_no)
        fields = list(body_schema.get("properties", {})) or ["q"]
        bodies = [{"$where": "1 == 1"}, {"$gt": ""}, OPERATORS[0]]
        bodies += [{field: operator} for field in fields for operator in OPERATORS]
        for body in bodies:
            tried += 1
            response = client.request(method, url, json=body)
            assert response.status_code < 500, (method, url, body, response.status_code, response.text)
            if response.status_code >= 400:
                refused += 1
                assert response.json().get("detail"), (method, url, body, response.text)
            else:
                assert not _echoes_operator(response.json()), (method, url, body, response.text)
    assert tried > 100 and refused > 0.9 * tried, (tried, refused)
    print(f"\n{tried} bodies with operators tried, {refused} refused with a reason, none a 5xx")


def _echoes_operator(value) -> bool:
    """A stored `$` key would be an operator waiting for a query to run it."""
    if isinstance(value, dict):
        return any(str(key).startswith("$") or _echoes_operator(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_echoes_operator(item) for item in value)
    return False


def test_a_search_for_an_operator_finds_nothing_it_should_not(client, customer_no):
    for query in ['{"$gt": ""}', "$where", '{"$ne": null}']:
        response = client.get("/api/search", params={"q": query})
        assert response.status_code in (200, 400, 422), response.text
        if response.status_code == 200:
            assert response.json()["total"] == 0
    assert client.get("/api/customers/" + '{"$gt":""}').status_code in (400, 404, 422)
