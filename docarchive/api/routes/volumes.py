"""/api/volumes and /api/documents/{id}/paper: paper volumes, their catalogues, filing and cross-reference."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.bootstrap import Container
from docarchive.domain.documents import Confidentiality
from docarchive.domain.retention import parse_period
from docarchive.domain.paper.model import Retention
from docarchive.domain.principal import Principal
from docarchive.services.paper import filing, volumes
from docarchive.services.paper.filing import MAX_BULK
from docarchive.services.paper.locate import locate_document
from docarchive.services.paper.views import catalogue_json, move_json, volume_json

router = APIRouter(prefix="/api", tags=["paper archive"])
Deps = Annotated[Container, Depends(get_container)]
Acting = Annotated[Principal, Depends(get_principal)]


class NewVolume(BaseModel):
    customer_no: str = Field(min_length=1, max_length=64)
    box: str = Field(min_length=1, max_length=40)
    title: str = Field(default="", max_length=200)
    year: int | None = Field(default=None, ge=1900, le=2999)
    retention: str = Field(default=Retention.PERMANENT.value, max_length=20,
                           description="Y, D30, D10, or a period in years: its code follows (5 → D10, 20 → D30)")
    secrecy: Confidentiality = Confidentiality.NONE
    owner: str = Field(default="", max_length=64)
    department: str = Field(default="", max_length=64)
    reason: str = Field(default="", max_length=500, description="why (required; kept in the history)")


class Filing(BaseModel):
    archive_no: str = Field(min_length=1, max_length=80)
    item: int | None = Field(default=None, ge=1)
    pages: str | None = Field(default=None, max_length=20, examples=["12-15"])
    reason: str = Field(default="", max_length=500, description="why (required; kept in the history)")


class BulkFiling(BaseModel):
    document_ids: list[str] = Field(min_length=1, max_length=MAX_BULK, description="in scan order")
    reason: str = Field(default="", max_length=500, description="why (required; kept in the history)")


class Printed(BaseModel):
    version: int | None = Field(default=None, ge=0, description="the catalogue version printed; default current")


@router.get("/volumes")
def list_volumes(container: Deps, principal: Acting,
                 customer_no: str | None = None, box: str | None = None, after: str = "",
                 limit: Annotated[int, Query(ge=1, le=10_000)] = 500):
    found = volumes.list_volumes(container.records, principal=principal, customer_no=customer_no, box=box,
                                 after=after, limit=limit)
    return [volume_json(volume) for volume in found]


@router.post("/volumes", status_code=201)
def add_volume(container: Deps, principal: Acting, body: NewVolume):
    volume = volumes.add_volume(
        container.records, customer_no=body.customer_no, box=body.box, title=body.title, year=body.year,
        retention=parse_period(body.retention).code, secrecy=body.secrecy, owner=body.owner, department=body.department,
        rule=container.archive_no_rule, customer_archive_no_format=container.settings.archive_no_format,
        principal=principal, clock=container.clock, reason=body.reason,
    )
    return volume_json(volume)


@router.get("/volumes/{archive_no}")
def show_volume(container: Deps, principal: Acting, archive_no: str):
    """The catalogue (卷内目录): each item with its record's electronic code and storage address."""
    return catalogue_json(volumes.get_volume_catalogue(container.records, archive_no, principal=principal))


@router.get("/volumes/{archive_no}/location")
def volume_location(container: Deps, principal: Acting,
                    archive_no: str, at: Annotated[str | None, Query(max_length=40)] = None):
    """Where the volume was at `at` (ISO date — its end — or time, UTC unless given; default now)."""
    when = volumes.parse_when(at) if at else container.clock.now()
    move = volumes.volume_location_at(container.records, principal=principal, archive_no=archive_no, at=when)
    return {"archive_no": archive_no, "at": when.isoformat(), **move.to, "since": move.at.isoformat()}


@router.get("/volumes/{archive_no}/history")
def volume_history(container: Deps, principal: Acting,
                   archive_no: str, limit: Annotated[int, Query(ge=1, le=1000)] = 100):
    return [move_json(move) for move in volumes.volume_history(container.records, principal=principal,
                      archive_no=archive_no, limit=limit)]


@router.post("/volumes/{archive_no}/items", status_code=201)
def file_in_bulk(container: Deps, principal: Acting, archive_no: str, body: BulkFiling):
    items = filing.file_records(container.records, document_ids=body.document_ids, archive_no=archive_no,
                                reason=body.reason, principal=principal, clock=container.clock)
    return [{"item": i.n, "document_id": i.document_id, "pages": [i.first_page, i.last_page]} for i in items]


@router.post("/volumes/{archive_no}/printed")
def mark_printed(container: Deps, principal: Acting, archive_no: str, body: Printed):
    volume = volumes.mark_catalogue_printed(container.records, archive_no=archive_no, version=body.version,
                                            principal=principal, clock=container.clock)
    return volume_json(volume)


@router.get("/documents/{document_id}/paper")
def document_paper(container: Deps, principal: Acting, document_id: str):
    """Where the record's paper original is: archive number, item, pages, box and location."""
    return locate_document(container.records, document_id, principal=principal)


@router.get("/documents/{document_id}/paper/history")
def document_paper_history(container: Deps, principal: Acting,
                           document_id: str, limit: Annotated[int, Query(ge=1, le=1000)] = 100):
    moves = filing.filing_history(container.records, principal=principal, document_id=document_id, limit=limit)
    return [move_json(move) for move in moves]


@router.put("/documents/{document_id}/paper")
def file_document(container: Deps, principal: Acting, document_id: str, body: Filing):
    filing.file_record(container.records, document_id=document_id, archive_no=body.archive_no, item=body.item,
                       pages=filing.parse_pages(body.pages), reason=body.reason, principal=principal,
                       clock=container.clock)
    return locate_document(container.records, document_id, principal=principal)
