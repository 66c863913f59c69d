"""User administration over HTTP (系统管理员): add a user, change roles, disable or enable, set a new password.

The CLI acts on the store as the server's owner; over HTTP only the `admin` role may do this (三员分立: the
administrator manages accounts and sees no content). Every change carries a reason and is a `setting` event in
the audit trail; a password never appears in it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from docarchive.domain.accounts import User
from docarchive.domain.audit import SETTING
from docarchive.domain.errors import InvalidInput
from docarchive.domain.history import required_reason
from docarchive.domain.principal import Principal
from docarchive.ports.accounts import AccountStore
from docarchive.ports.audit import AuditLog
from docarchive.ports.clock import Clock
from docarchive.services import accounts
from docarchive.services.access import require
from docarchive.services.audit import record


def user_json(user: User, now: datetime) -> dict[str, Any]:
    return {"name": user.name, "roles": list(user.roles), "department": user.department,
            "disabled": user.disabled, "locked": user.locked(now),
            "created_at": user.created_at.isoformat() if user.created_at else None}


def users(store: AccountStore, principal: Principal, *, clock: Clock) -> list[dict[str, Any]]:
    require(principal, "manage_users", "manage users")
    return [user_json(user, clock.now()) for user in accounts.list_users(store)]


def add(store: AccountStore, principal: Principal, *, clock: Clock, audit: AuditLog | None, name: str,
        roles: list[str], password: str, department: str, reason: str | None) -> dict[str, Any]:
    require(principal, "manage_users", "manage users")
    reason = required_reason(reason)
    user = accounts.add_user(store, clock=clock, name=name, roles=roles, password=password, department=department)
    record(audit, principal, SETTING, clock=clock, subject=f"user:{user.name}",
           detail={"reason": reason, "added": {"roles": list(user.roles), "department": user.department}})
    return user_json(user, clock.now())


def change_roles(store: AccountStore, principal: Principal, *, clock: Clock, audit: AuditLog | None, name: str,
                 roles: list[str], reason: str | None) -> dict[str, Any]:
    require(principal, "manage_users", "manage users")
    user = accounts.set_roles(store, clock=clock, name=name, roles=roles, reason=reason, by=principal, audit=audit)
    return user_json(user, clock.now())


def set_disabled(store: AccountStore, principal: Principal, *, clock: Clock, audit: AuditLog | None, name: str,
                 disabled: bool, reason: str | None) -> dict[str, Any]:
    require(principal, "manage_users", "manage users")
    if disabled and name.strip() == principal.user:
        raise InvalidInput("you may not disable your own account: another administrator has to")
    user = accounts.set_disabled(store, clock=clock, name=name, disabled=disabled, reason=reason, by=principal,
                                 audit=audit)
    return user_json(user, clock.now())


def reset_password(store: AccountStore, principal: Principal, *, clock: Clock, audit: AuditLog | None, name: str,
                   password: str, reason: str | None) -> dict[str, Any]:
    """A new password ends the user's sessions and tokens; the event records that it changed, never what to."""
    require(principal, "manage_users", "manage users")
    reason = required_reason(reason)
    user = accounts.set_password(store, clock=clock, name=name, password=password)
    record(audit, principal, SETTING, clock=clock, subject=f"user:{user.name}",
           detail={"reason": reason, "password_reset": True})
    return user_json(user, clock.now())
