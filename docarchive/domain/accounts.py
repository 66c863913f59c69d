"""Users, roles and sign-in rules: who may sign in, with what password, and what a token is.

Roles follow the house policies: archivist (档案管理员), staff (客户经理), manager (部门经理), director (总经理),
auditor (审计), admin (系统管理员), security (安全保密管理员). Administrator, security officer and auditor are
separate people (三员分立): no user holds two of those roles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from docarchive.domain.errors import InvalidInput

ROLES = ("archivist", "staff", "manager", "director", "auditor", "admin", "security", "sensor")
# A sensor's account (an archive room's thermometer posting readings) is a device, never a person's: alone.
DEVICE_ROLES = frozenset({"sensor"})
SEPARATE_DUTIES = frozenset({"admin", "security", "auditor"})
MIN_PASSWORD = 10
MAX_PASSWORD = 256
MAX_FAILURES = 5  # failed sign-ins in a row before the account locks
LOCKED_FOR = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=1)
SESSION, PERSONAL = "session", "personal"
_NAME = re.compile(r"[^\s/\\:@]{1,64}")


@dataclass
class User:
    name: str
    roles: tuple[str, ...]
    department: str = ""
    password_hash: str = ""
    disabled: bool = False
    failures: int = 0  # failed sign-ins since the last good one
    locked_until: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    version: int = 1

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def failed_sign_in(self, now: datetime) -> None:
        self.failures += 1
        if self.failures >= MAX_FAILURES:
            self.locked_until, self.failures = now + LOCKED_FOR, 0

    def signed_in(self) -> None:
        self.failures, self.locked_until = 0, None


@dataclass
class Token:
    """A bearer token, stored by the SHA-256 of its value only: the value is shown once and never kept."""

    digest: str
    user: str
    kind: str  # SESSION (short-lived, from the sign-in form) or PERSONAL (for integrations)
    created_at: datetime
    expires_at: datetime | None  # None: a personal token lives until revoked
    label: str = ""
    revoked: bool = False
    extra: dict = field(default_factory=dict)

    def valid(self, now: datetime) -> bool:
        return not self.revoked and (self.expires_at is None or now < self.expires_at)


def check_user_name(name: str) -> str:
    name = (name or "").strip()
    if not _NAME.fullmatch(name):
        raise InvalidInput("a user name is 1–64 characters without spaces, slashes, colons or @")
    return name


def check_roles(roles: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    unique = tuple(dict.fromkeys(roles))
    if not unique:
        raise InvalidInput("give at least one role")
    unknown = [role for role in unique if role not in ROLES]
    if unknown:
        raise InvalidInput(f"unknown role {unknown[0]!r}; one of {', '.join(ROLES)}")
    if len(SEPARATE_DUTIES & set(unique)) > 1:
        raise InvalidInput("administrator, security officer and auditor are separate people (三员分立): "
                           "give a user only one of admin, security, auditor")
    if DEVICE_ROLES & set(unique) and len(unique) > 1:
        raise InvalidInput("a sensor's account holds the sensor role alone")
    return unique


def check_password(password: str, *, user: str) -> str:
    """At least 10 characters, letters and digits, not the user's name: the rule people can follow."""
    if not MIN_PASSWORD <= len(password or "") <= MAX_PASSWORD:
        raise InvalidInput(f"a password has {MIN_PASSWORD}–{MAX_PASSWORD} characters")
    if not (re.search(r"[^\W\d_]", password) and re.search(r"\d", password)):
        raise InvalidInput("a password mixes letters and digits")
    if user.lower() in password.lower():
        raise InvalidInput("a password must not contain the user name")
    return password
