"""/api/approvals: requests to do what one's role does not allow directly, and their decisions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.api.schemas.approvals import ApprovalAsked, ApprovalList, ApprovalOut, Decision
from docarchive.bootstrap import Container
from docarchive.domain.principal import Principal
from docarchive.services.approvals import (
    MAX_LIST,
    approve_request,
    cancel_request,
    my_requests,
    reject_request,
    request_approval,
    waiting_for,
)

router = APIRouter(prefix="/api/approvals", tags=["approvals"])
Deps = Annotated[Container, Depends(get_container)]
Acting = Annotated[Principal, Depends(get_principal)]


@router.get("", response_model=ApprovalList)
def listing(container: Deps, principal: Acting, mine: bool = False,
            limit: Annotated[int, Query(ge=1, le=MAX_LIST)] = 100):
    """What waits for the signed-in user's decision; `mine=true`: their own requests, in every state."""
    chosen = my_requests if mine else waiting_for
    requests = chosen(container.approval_desk, principal, limit=limit)
    return ApprovalList(approvals=[_step(container, request) for request in requests])


@router.post("", status_code=201, response_model=ApprovalOut)
def ask(container: Deps, principal: Acting, body: ApprovalAsked):
    request = request_approval(container.approval_desk, principal, kind=body.kind, subject=body.subject,
                               reason=body.reason, duration=body.duration)
    return _step(container, request)


@router.post("/{request_id}/approve", response_model=ApprovalOut)
def approve(container: Deps, principal: Acting, request_id: str, body: Decision):
    """Approve (never one's own); an approved reading or customer access is a grant until `until`."""
    return _step(container, approve_request(container.approval_desk, principal, request_id, reason=body.reason))


@router.post("/{request_id}/reject", response_model=ApprovalOut)
def reject(container: Deps, principal: Acting, request_id: str, body: Decision):
    return _step(container, reject_request(container.approval_desk, principal, request_id, reason=body.reason))


@router.post("/{request_id}/cancel", response_model=ApprovalOut)
def cancel(container: Deps, principal: Acting, request_id: str, body: Decision):
    """The requester withdraws a request not yet decided."""
    return _step(container, cancel_request(container.approval_desk, principal, request_id, reason=body.reason))


def _step(container: Container, request) -> ApprovalOut:
    return ApprovalOut.of(request, container.clock.now())
