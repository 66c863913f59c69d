"""/api/locations, /api/boxes, /api/locate, /api/inventory, /api/reports/mismatches: the paper archive's places."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.bootstrap import Container
from docarchive.domain.paper.codes import CodeKind, check_code
from docarchive.domain.principal import Principal
from docarchive.services.paper import boxes, locations
from docarchive.services.paper.inventory import MAX_SCANNED, take_inventory
from docarchive.services.paper.locate import resolve_code
from docarchive.services.paper.mismatches import mismatch_report
from docarchive.services.paper.views import box_json, location_row
from docarchive.services.room_care import room_marks, with_room_care

router = APIRouter(prefix="/api", tags=["paper archive"])
Deps = Annotated[Container, Depends(get_container)]
Acting = Annotated[Principal, Depends(get_principal)]
Code = Annotated[str, Query(min_length=1, max_length=200)]


class NewLocation(BaseModel):
    path: str = Field(min_length=1, max_length=300, examples=["A库房/03密集架/2列/4节/3层"])
    capacity: int | None = Field(default=None, ge=1, description="boxes it holds directly")
    code: str | None = Field(default=None, max_length=40, description="its barcode; default L-nnnnnn")
    reason: str = Field(default="", max_length=500, description="why (required; kept in the history)")


class MoveTo(BaseModel):
    to: str | None = Field(default=None, max_length=300, description="a location path or code")
    reason: str = Field(default="", max_length=500, description="why (required; kept in the history)")


class NewBox(BaseModel):
    code: str = Field(min_length=1, max_length=40, examples=["B-0012"])
    location: str | None = Field(default=None, max_length=300, description="a location path or code")
    reason: str = Field(default="", max_length=500, description="why (required; kept in the history)")


class Inventory(BaseModel):
    location: str = Field(min_length=1, max_length=300, description="the shelf or room counted: path or code")
    codes: list[str] = Field(max_length=MAX_SCANNED, description="every barcode scanned there, in any order")


@router.get("/locations")
def list_locations(container: Deps, principal: Acting,
                   under: str | None = None, limit: Annotated[int, Query(ge=1, le=10_000)] = 1000):
    found = locations.list_locations(container.records, principal=principal, under=under, limit=limit)
    marks = room_marks(container.room_care, principal, found)  # 库房管理: flags on the rooms
    return [location_row(loc) | marks.get(loc.code, {}) for loc in found]


@router.post("/locations", status_code=201)
def add_location(container: Deps, principal: Acting, body: NewLocation):
    added = locations.add_location(container.records, path=body.path, capacity=body.capacity, code=body.code,
                                   principal=principal, clock=container.clock, reason=body.reason)
    return {**location_row(added.location), "created": [location_row(loc) for loc in added.created]}


@router.get("/locations/{code}")
def show_location(container: Deps, principal: Acting, code: str):
    return _located(container, principal, check_code(code, CodeKind.LOCATION))


@router.post("/locations/{code}/move")
def move_location(container: Deps, principal: Acting, code: str, body: MoveTo):
    moved = locations.move_location(container.records, location=code, to=body.to, reason=body.reason,
                                    principal=principal, clock=container.clock)
    return location_row(moved)


@router.get("/boxes")
def list_boxes(container: Deps, principal: Acting, location: str | None = None, after: str = "",
               limit: Annotated[int, Query(ge=1, le=10_000)] = 500):
    return [box_json(box) for box in boxes.list_boxes(container.records, principal=principal,
                     location=location, after=after, limit=limit)]


@router.post("/boxes", status_code=201)
def add_box(container: Deps, principal: Acting, body: NewBox):
    box = boxes.add_box(container.records, code=body.code, location=body.location, principal=principal,
                        clock=container.clock, reason=body.reason)
    return box_json(box)


@router.get("/boxes/{code}")
def show_box(container: Deps, principal: Acting, code: str):
    return _located(container, principal, check_code(code, CodeKind.BOX))


@router.post("/boxes/{code}/move")
def move_box(container: Deps, principal: Acting, code: str, body: MoveTo):
    box = boxes.move_box(container.records, code=code, to=body.to or "", reason=body.reason, principal=principal,
                         clock=container.clock)
    return box_json(box)


@router.get("/locate")
def locate(container: Deps, principal: Acting, code: Code):
    """Whatever a barcode scanner typed: a volume archive number, box, location or record code."""
    return _located(container, principal, code)


def _located(container: Container, principal: Principal, code: str) -> dict:
    """What a code names and where, with its room's care flags (库房管理) for those who read them."""
    found = resolve_code(container.records, code, container.archive_no_rule, principal=principal)
    return with_room_care(container.room_care, principal, found)


@router.post("/inventory")
def inventory(container: Deps, principal: Acting, body: Inventory):
    return take_inventory(container.records, principal=principal, scope=body.location, scanned=body.codes,
                          rule=container.archive_no_rule, disposals=container.volume_disposals)


@router.get("/reports/mismatches")
def mismatches(container: Deps, principal: Acting, limit: Annotated[int, Query(ge=1, le=100_000)] = 1000):
    return mismatch_report(container.records, principal=principal, limit=limit)
