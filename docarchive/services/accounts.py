"""Users and sign-in: local accounts with argon2id password hashes, lockout, short-lived session tokens,
personal tokens for integrations, and the principal every request acts as.

A failed sign-in never says whether the user exists, is disabled or locked, or only mistyped: the answer is
the same, and a password is checked against a dummy hash when there is no user, so timing does not tell either.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from docarchive.domain.accounts import (
    PERSONAL,
    SESSION,
    SESSION_LIFETIME,
    Token,
    User,
    check_password,
    check_roles,
    check_user_name,
)
from docarchive.domain.audit import SETTING
from docarchive.domain.errors import NotFound, Unauthenticated
from docarchive.domain.history import required_reason
from docarchive.domain.principal import Principal
from docarchive.ports.accounts import AccountStore
from docarchive.ports.audit import AuditLog
from docarchive.ports.clock import Clock
from docarchive.services.audit import record

_HASHER = PasswordHasher()  # argon2id with the library's current parameters (RFC 9106 low-memory profile)
_DUMMY_HASH = _HASHER.hash("no such user: the same work as a real check")
WRONG_SIGN_IN = "wrong user name or password, or the account is locked or disabled"
NO_TOKEN = "sign in first: this needs a valid bearer token"


@dataclass(frozen=True)
class IssuedToken:
    value: str  # shown once; only its digest is stored
    expires_in: int | None  # seconds; None for a personal token


def add_user(accounts: AccountStore, *, clock: Clock, name: str, roles: list[str], password: str,
             department: str = "") -> User:
    name = check_user_name(name)
    user = User(name=name, roles=check_roles(roles), department=department.strip()[:64],
                password_hash=_HASHER.hash(check_password(password, user=name)), created_at=clock.now(),
                updated_at=clock.now())
    accounts.add_user(user)
    return user


def set_password(accounts: AccountStore, *, clock: Clock, name: str, password: str) -> User:
    """A new password ends every session and token the user had: whoever knew the old one is signed out."""
    user = _existing(accounts, name)
    user.password_hash = _HASHER.hash(check_password(password, user=user.name))
    user.signed_in()  # a new password unlocks
    return _save(accounts, user, clock, revoke=True)


def set_roles(accounts: AccountStore, *, clock: Clock, name: str, roles: list[str], reason: str | None,
              by: Principal | None = None, audit: AuditLog | None = None) -> User:
    """Replace a user's roles, with the reason, as a setting change in the audit trail (accounts keep no
    change log of their own)."""
    reason = required_reason(reason)
    user = _existing(accounts, name)
    before, user.roles = list(user.roles), check_roles(roles)
    saved = _save(accounts, user, clock, revoke=True)
    record(audit, by, SETTING, clock=clock, subject=f"user:{user.name}",
           detail={"reason": reason, "roles": [before, list(user.roles)]})
    return saved


def set_disabled(accounts: AccountStore, *, clock: Clock, name: str, reason: str | None, disabled: bool = True,
                 by: Principal | None = None, audit: AuditLog | None = None) -> User:
    reason = required_reason(reason)
    user = _existing(accounts, name)
    user.disabled = disabled
    saved = _save(accounts, user, clock, revoke=disabled)
    record(audit, by, SETTING, clock=clock, subject=f"user:{user.name}",
           detail={"reason": reason, "disabled": disabled})
    return saved


def sign_in(accounts: AccountStore, *, clock: Clock, name: str, password: str) -> IssuedToken:
    user = accounts.find_user((name or "").strip())
    now = clock.now()
    if user is None:
        _verify(_DUMMY_HASH, password)
        raise Unauthenticated(WRONG_SIGN_IN)
    if user.disabled or user.locked(now) or not _verify(user.password_hash, password):
        if not user.disabled and not user.locked(now):
            user.failed_sign_in(now)
            _save(accounts, user, clock)
        raise Unauthenticated(WRONG_SIGN_IN)
    if user.failures:
        user.signed_in()
        _save(accounts, user, clock)
    return _issue(accounts, user, SESSION, clock, expires_in=int(SESSION_LIFETIME.total_seconds()))


def personal_token(accounts: AccountStore, *, clock: Clock, name: str, label: str = "") -> IssuedToken:
    """A token for an integration, valid until revoked (by disabling the user or changing the password)."""
    return _issue(accounts, _existing(accounts, name), PERSONAL, clock, expires_in=None, label=label[:100])


def sign_out(accounts: AccountStore, *, token: str) -> None:
    accounts.revoke_token(_digest(token))


def principal_of_token(accounts: AccountStore, *, clock: Clock, token: str | None) -> Principal:
    """The principal a bearer token acts as; Unauthenticated for anything but a live token of an enabled user."""
    if not token or len(token) > 200:
        raise Unauthenticated(NO_TOKEN)
    found = accounts.find_token(_digest(token))
    if found is None or not found.valid(clock.now()):
        raise Unauthenticated(NO_TOKEN)
    user = accounts.find_user(found.user)
    if user is None or user.disabled:
        raise Unauthenticated(NO_TOKEN)
    return principal_of_user(user)


def principal_of_user(user: User) -> Principal:
    """Who an account acts as: its name, roles and department (grants are added per request)."""
    return Principal(user=user.name, roles=tuple(user.roles), department=user.department)


def list_users(accounts: AccountStore) -> list[User]:
    return accounts.list_users()


def _issue(accounts: AccountStore, user: User, kind: str, clock: Clock, *, expires_in: int | None,
           label: str = "") -> IssuedToken:
    value = secrets.token_urlsafe(32)
    now = clock.now()
    expires = None if expires_in is None else now + SESSION_LIFETIME
    accounts.add_token(Token(digest=_digest(value), user=user.name, kind=kind, created_at=now, expires_at=expires,
                             label=label))
    return IssuedToken(value, expires_in)


def _digest(token: str) -> str:
    """Tokens are 256 random bits: a plain hash is enough to keep the stored digests useless to a thief."""
    return hashlib.sha256(token.encode()).hexdigest()


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _existing(accounts: AccountStore, name: str) -> User:
    user = accounts.find_user((name or "").strip())
    if user is None:
        raise NotFound(f"no user named {name}")
    return user


def _save(accounts: AccountStore, user: User, clock: Clock, *, revoke: bool = False) -> User:
    user.updated_at = clock.now()
    accounts.update_user(user)
    if revoke:
        accounts.revoke_tokens_of(user.name)
    return user

