"""Who a command acts as. Its own module: every command imports it, and `main` imports every command.

The CLI works on the store directly, so whoever runs it is the operating-system user who owns
DOCARCHIVE_HOME: they act as the archive room's custodian (archivist), under their login name. With
DOCARCHIVE_USER naming a docarchive account, a command acts with that account's roles and department
instead (an operator checking what a colleague sees, scripts running as a service account)."""

from __future__ import annotations

import os

from docarchive.domain.errors import InvalidInput
from docarchive.domain.principal import Principal, principal_for


def acting_principal() -> Principal:
    """The user a command acts as: DOCARCHIVE_USER (an account's roles if it names one), else the login name."""
    name = os.environ.get("DOCARCHIVE_USER") or _login_name()
    try:
        operator = principal_for(name)
    except ValueError as exc:
        raise InvalidInput(f"DOCARCHIVE_USER: {exc}") from exc
    return _account_principal(operator.user) or operator


def _account_principal(name: str) -> Principal | None:
    from docarchive.bootstrap import account_principal

    return account_principal(name)


def _login_name() -> str | None:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None
