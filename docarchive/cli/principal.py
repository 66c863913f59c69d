"""Who a command acts as. Its own module: every command imports it, and `main` imports every command."""

from __future__ import annotations

import os

from docarchive.domain.errors import InvalidInput
from docarchive.domain.principal import Principal, principal_for


def acting_principal() -> Principal:
    """The user a command acts as: DOCARCHIVE_USER, else the login name (sign-in comes with access control)."""
    try:
        return principal_for(os.environ.get("DOCARCHIVE_USER") or _login_name())
    except ValueError as exc:
        raise InvalidInput(f"DOCARCHIVE_USER: {exc}") from exc


def _login_name() -> str | None:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None
