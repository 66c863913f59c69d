"""schemathesis against the API's own OpenAPI schema: generated requests for every operation, as a signed-in
archivist (who may do most things), must never get a 5xx, and every response must match the schema.
Bounded for CI: a few examples per operation (`SCHEMATHESIS_EXAMPLES`, default 3)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import not_a_server_error, response_schema_conformance  # noqa: E402

from docarchive.api.app import create_app  # noqa: E402
from tests.api.signin import token_for  # noqa: E402

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "3"))
# Operations whose success has side effects the run cannot undo between examples and that another test covers
# (signing out revokes the token the run uses).
SKIPPED = {("POST", "/api/auth/logout"), ("POST", "/api/auth/sign-out")}


@pytest.fixture
def api_schema(container):
    app = create_app(container)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    schema.app.state.fuzz_token = token_for(container)
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_generated_request_gets_a_server_error_and_every_response_matches_the_schema(case):
    if (case.method.upper(), case.path) in SKIPPED:
        pytest.skip("would revoke the run's own token")
    token = case.operation.schema.app.state.fuzz_token
    case.call_and_validate(headers={"Authorization": f"Bearer {token}", "Host": "testserver"},
                           checks=[not_a_server_error, response_schema_conformance])
