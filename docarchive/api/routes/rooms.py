"""/api/rooms/{room}/readings|checks|care and /api/reports/room-care: the archive rooms' care log (库房管理).
A room is named by its location code (L-000001) or path (A库房)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.api.schemas.room_care import CheckIn, ReadingIn
from docarchive.bootstrap import Container
from docarchive.domain.principal import Principal
from docarchive.services import room_care

router = APIRouter(prefix="/api", tags=["archive-room care"])
Deps = Annotated[Container, Depends(get_container)]
Acting = Annotated[Principal, Depends(get_principal)]


@router.post("/rooms/{room}/readings", status_code=201)
def add_reading(container: Deps, principal: Acting, room: str, body: ReadingIn):
    """A temperature and humidity reading, typed at the desk or posted by a sensor's account."""
    care = container.room_care
    reading = room_care.record_reading(care, principal, room=room, temperature=body.temperature,
                                       humidity=body.humidity, at=body.at, source=body.source, note=body.note)
    return room_care.reading_json(reading, care.limits)


@router.post("/rooms/{room}/checks", status_code=201)
def add_check(container: Deps, principal: Acting, room: str, body: CheckIn):
    check = room_care.record_check(container.room_care, principal, room=room, kind=body.kind, ok=body.ok,
                                   findings=body.findings, actions=body.actions, at=body.at)
    return room_care.check_json(check)


@router.get("/rooms/{room}/care")
def care_of_room(container: Deps, principal: Acting, room: str, limit: Annotated[int, Query(ge=1, le=500)] = 20):
    return room_care.room_status(container.room_care, principal, room, limit=limit)


@router.get("/reports/room-care")
def room_care_report(container: Deps, principal: Acting, since: str | None = None, until: str | None = None):
    return room_care.care_report(container.room_care, principal, since=since, until=until)
