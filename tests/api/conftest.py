"""The API test client over the test's container (a module may still define its own, e.g. per search backend)."""

from __future__ import annotations

import pytest
from tests.api.signin import signed_in_client


@pytest.fixture
def client(container):
    with signed_in_client(container) as test_client:
        yield test_client
