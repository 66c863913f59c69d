"""/api/customers/{no}/…: the file's catalogue, activity entries, reviews and completeness; filing moves and
a record's change history."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.bootstrap import Container
from docarchive.domain.audit import EXPORT
from docarchive.domain.history import DOCUMENT
from docarchive.domain.principal import Principal
from docarchive.printing.catalogue import catalogue_pdf, catalogue_xlsx
from docarchive.services.activities import activity_json, list_activities, record_activity, record_review
from docarchive.services.audit import record
from docarchive.services.completeness import customer_completeness
from docarchive.services.documents import document_json
from docarchive.services.filing import catalogue_json, customer_catalogues, move_record
from docarchive.services.history import change_json, history_of

router = APIRouter(tags=["customer files"])
Deps = Annotated[Container, Depends(get_container)]
Acting = Annotated[Principal, Depends(get_principal)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class NewActivityBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str = Field(description="communication | transaction | complaint")
    occurred_at: str = Field(description="date or date-time, e.g. 2026-05-06T14:30 (the deployment's zone if none)")
    details: dict[str, Any] = Field(default_factory=dict, description="the kind's fields")


class ReviewBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str | None = None


class MoveBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    category: str
    reason: str


@router.get("/api/customers/{customer_no}/catalogue")
def catalogue(container: Deps, acting: Acting, customer_no: str, category: str | None = None,
              format: Literal["json", "pdf", "xlsx"] = "json"):
    catalogues = customer_catalogues(container.records, principal=acting, scheme=container.categories,
                                     customer_no=customer_no, category=category or None)
    if format == "json":
        body = [catalogue_json(c) for c in catalogues]
        return body[0] if category else body
    name = f"catalogue-{customer_no}.{format}"
    record(container.audit, acting, EXPORT, customer_no=customer_no,
           detail={"export": "catalogue", "format": format, "category": category})
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name, safe='')}"}
    if format == "pdf":
        return Response(catalogue_pdf(catalogues), media_type="application/pdf", headers=headers)
    return Response(catalogue_xlsx(catalogues), media_type=XLSX, headers=headers)


@router.get("/api/customers/{customer_no}/activities")
def activities(container: Deps, acting: Acting, customer_no: str, kind: str | None = None):
    entries = list_activities(container.records, principal=acting, customer_no=customer_no, kind=kind or None)
    return [activity_json(a) for a in entries]


@router.post("/api/customers/{customer_no}/activities", status_code=201)
def add_activity(container: Deps, acting: Acting, customer_no: str, body: NewActivityBody):
    activity = record_activity(container.records, principal=acting, clock=container.clock, tz=container.timezone,
                               customer_no=customer_no, kind=body.kind, occurred_at=body.occurred_at,
                               details=body.details)
    return activity_json(activity)


@router.post("/api/customers/{customer_no}/reviews", status_code=201)
def add_review(container: Deps, acting: Acting, customer_no: str, body: ReviewBody | None = None):
    review = record_review(container.records, principal=acting, clock=container.clock, customer_no=customer_no,
                           note=body.note if body else None)
    return activity_json(review)


@router.get("/api/customers/{customer_no}/completeness")
def completeness(container: Deps, acting: Acting, customer_no: str):
    return customer_completeness(container.records, principal=acting, rules=container.completeness_rules,
                                 customer_no=customer_no)


@router.patch("/api/documents/{document_id}")
def move_document(container: Deps, acting: Acting, document_id: str, body: MoveBody):
    document = move_record(container.records, principal=acting, clock=container.clock, scheme=container.categories,
                           document_id=document_id, category=body.category, reason=body.reason)
    return document_json(document)


@router.get("/api/documents/{document_id}/history")
def document_history(container: Deps, acting: Acting, document_id: str,
                     limit: Annotated[int, Query(ge=1, le=500)] = 100, offset: Annotated[int, Query(ge=0)] = 0):
    entries = history_of(container.records, acting, DOCUMENT, document_id, limit=limit, offset=offset)
    return {"document_id": document_id, "entries": [change_json(entry) for entry in entries]}
