"""/api/review: records that need a person (why, with the evidence), linking by hand, clearing a reason."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.api.schemas.review import DismissReason, LinkByHand, ReviewPageOut
from docarchive.bootstrap import Container
from docarchive.domain.principal import Principal
from docarchive.services.documents import document_json
from docarchive.services.linking import MAX_PAGE_SIZE, dismiss_reason, link_by_hand, review_queue

router = APIRouter(prefix="/api/review", tags=["review"])
Deps = Annotated[Container, Depends(get_container)]
Acting = Annotated[Principal, Depends(get_principal)]


@router.get("", response_model=ReviewPageOut)
def list_review(container: Deps, principal: Acting, reason: Annotated[str | None, Query(max_length=40)] = None,
                page: Annotated[int, Query(ge=1)] = 1, size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50):
    return ReviewPageOut.of(review_queue(container.records, principal=principal, reason=reason or None, page=page,
                                         size=size))


@router.post("/{document_id}/link")
def link_record(container: Deps, principal: Acting, document_id: str, body: LinkByHand):
    document = link_by_hand(container.records, principal=principal, clock=container.clock, document_id=document_id,
                            customer_no=body.customer_no, reason=body.reason)
    return document_json(document)


@router.post("/{document_id}/dismiss")
def dismiss(container: Deps, principal: Acting, document_id: str, body: DismissReason):
    document = dismiss_reason(container.records, principal=principal, clock=container.clock,
                              document_id=document_id, reason_code=body.reason_code, reason=body.reason)
    return document_json(document)
