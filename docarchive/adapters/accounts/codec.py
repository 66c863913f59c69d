"""Users and tokens ⇄ JSON-shaped dicts, the one shape every account backend stores."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from docarchive.domain.accounts import Token, User

_TIMES = ("locked_until", "created_at", "updated_at", "expires_at")


def user_to_dict(user: User) -> dict[str, Any]:
    return _times_out({**asdict(user), "roles": list(user.roles)})


def user_from_dict(data: dict[str, Any]) -> User:
    values = _times_in({key: value for key, value in data.items() if key in User.__dataclass_fields__})
    return User(**{**values, "roles": tuple(values["roles"])})


def token_to_dict(token: Token) -> dict[str, Any]:
    return _times_out(asdict(token))


def token_from_dict(data: dict[str, Any]) -> Token:
    return Token(**_times_in({key: value for key, value in data.items() if key in Token.__dataclass_fields__}))


def _times_out(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value.isoformat() if key in _TIMES and value else value for key, value in data.items()}


def _times_in(data: dict[str, Any]) -> dict[str, Any]:
    return {key: datetime.fromisoformat(value) if key in _TIMES and value else value for key, value in data.items()}
