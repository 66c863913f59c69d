"""The API test client over the test's container (a module may still define its own, e.g. per search backend)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.fixture
def client(container):
    from docarchive.api.app import create_app

    with TestClient(create_app(container)) as test_client:
        yield test_client
