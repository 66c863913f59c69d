"""/api/auth: sign in (OAuth2 password form) for a short-lived bearer token, sign out, who am I."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import JSONResponse

from docarchive.api.deps import bearer_token
from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.bootstrap import Container
from docarchive.domain.principal import Principal
from docarchive.domain.audit import SIGN_IN
from docarchive.services.accounts import sign_in, sign_out
from docarchive.services.audit import audited, record

router = APIRouter(prefix="/api/auth", tags=["auth"])
Deps = Annotated[Container, Depends(get_container)]


@router.post("/token")
def token(container: Deps, request: Request, username: Annotated[str, Form(max_length=64)],
          password: Annotated[str, Form(max_length=256)]):
    wait = request.app.state.sign_in_throttle.retry_after(request.client.host if request.client else "")
    if wait:
        record(container.audit, Principal(user=username), SIGN_IN, clock=container.clock, outcome="denied",
               detail={"throttled": True})
        return JSONResponse({"detail": f"too many sign-in attempts from this address; try again in {wait} s"},
                            status_code=429, headers={"Retry-After": str(wait)})
    with audited(container.audit, Principal(user=username), SIGN_IN, clock=container.clock):  # failures too
        issued = sign_in(container.accounts, clock=container.clock, name=username, password=password)
    return {"access_token": issued.value, "token_type": "bearer", "expires_in": issued.expires_in}


@router.post("/logout", status_code=204)
def logout(container: Deps, request: Request, principal: Annotated[Principal, Depends(get_principal)]):
    sign_out(container.accounts, token=bearer_token(request))
    return Response(status_code=204)


@router.get("/me")
def me(principal: Annotated[Principal, Depends(get_principal)]):
    return {"user": principal.user, "roles": list(principal.roles), "department": principal.department}
