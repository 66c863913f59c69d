"""/api/users: accounts for system administrators (add, change roles, disable/enable, reset a password), and
/api/settings: the settings they may read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.bootstrap import Container
from docarchive.domain.principal import Principal
from docarchive.services import user_admin
from docarchive.services.settings_view import shown_settings

router = APIRouter(prefix="/api/users", tags=["users"])
Deps = Annotated[Container, Depends(get_container)]
Acting = Annotated[Principal, Depends(get_principal)]
REASON = Field(min_length=1, max_length=500, description="why; kept in the audit trail")


class NewUser(BaseModel):
    name: str = Field(min_length=1, max_length=64)
    roles: list[str] = Field(min_length=1, max_length=7)
    department: str = Field(default="", max_length=64)
    password: str = Field(min_length=1, max_length=256)
    reason: str = REASON


class Roles(BaseModel):
    roles: list[str] = Field(min_length=1, max_length=7)
    reason: str = REASON


class NewPassword(BaseModel):
    password: str = Field(min_length=1, max_length=256)
    reason: str = REASON


class Why(BaseModel):
    reason: str = REASON


def _deps(container: Container) -> dict:
    return {"clock": container.clock, "audit": container.audit}


@router.get("")
def list_users(container: Deps, principal: Acting):
    return {"users": user_admin.users(container.accounts, principal, clock=container.clock)}


@router.post("", status_code=201)
def add_user(container: Deps, principal: Acting, body: NewUser):
    return user_admin.add(container.accounts, principal, **_deps(container), name=body.name,
                          roles=body.roles, password=body.password, department=body.department, reason=body.reason)


@router.put("/{name}/roles")
def change_roles(container: Deps, principal: Acting, name: str, body: Roles):
    return user_admin.change_roles(container.accounts, principal, **_deps(container), name=name,
                                   roles=body.roles, reason=body.reason)


@router.post("/{name}/disable")
def disable(container: Deps, principal: Acting, name: str, body: Why):
    """Stops the user signing in and ends their sessions and tokens."""
    return user_admin.set_disabled(container.accounts, principal, **_deps(container), name=name,
                                   disabled=True, reason=body.reason)


@router.post("/{name}/enable")
def enable(container: Deps, principal: Acting, name: str, body: Why):
    return user_admin.set_disabled(container.accounts, principal, **_deps(container), name=name,
                                   disabled=False, reason=body.reason)


@router.put("/{name}/password")
def reset_password(container: Deps, principal: Acting, name: str, body: NewPassword):
    """A new password (the password rules apply); ends the user's sessions and tokens."""
    return user_admin.reset_password(container.accounts, principal, **_deps(container), name=name,
                                     password=body.password, reason=body.reason)


settings_router = APIRouter(prefix="/api/settings", tags=["users"])


@settings_router.get("")
def read_settings(container: Deps, principal: Acting):
    """The non-secret settings (administrators), read-only: they come from the environment at start."""
    return shown_settings(container.settings, principal)
