"""Signed-in API clients for tests: a user made straight in the account store, and its bearer token."""

from __future__ import annotations

from contextlib import contextmanager

from fastapi.testclient import TestClient

from docarchive.services.accounts import add_user, personal_token

PASSWORD = "archive-test-2026"
DEFAULT_USER = "local"  # what history says of the tests' default user


def token_for(container, name: str = DEFAULT_USER, roles=("archivist",), department: str = "") -> str:
    if container.accounts.find_user(name) is None:
        add_user(container.accounts, clock=container.clock, name=name, roles=list(roles), password=PASSWORD,
                 department=department)
    return personal_token(container.accounts, clock=container.clock, name=name).value


def as_user(client, name: str, roles=("archivist",), department: str = "") -> dict[str, str]:
    """Headers for one request made as another user."""
    return {"Authorization": f"Bearer {token_for(client.app.state.container, name, roles, department)}"}


@contextmanager
def signed_in_client(container, name: str = DEFAULT_USER, roles=("archivist",)):
    from docarchive.api.app import create_app

    headers = {"Authorization": f"Bearer {token_for(container, name, roles)}"}
    with TestClient(create_app(container), headers=headers) as client:
        yield client
