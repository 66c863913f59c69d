"""Boxes (档案盒): a barcode and a current location; moving one moves the volumes in it, with history."""

from __future__ import annotations

from docarchive.domain.errors import Conflict
from docarchive.domain.events import PaperMoved
from docarchive.domain.history import required_reason
from docarchive.domain.paper.codes import CodeKind, check_code
from docarchive.domain.paper.model import Box, Location, Move, subject
from docarchive.domain.principal import Principal
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore, UnitOfWork
from docarchive.services.access import require
from docarchive.services.paper._places import box_where, find_location, place_of


def add_box(records: RecordStore, *, code: str, location: str | None, principal: Principal, clock: Clock,
            reason: str | None) -> Box:
    require(principal, "paper", "add boxes")
    reason = required_reason(reason)
    code = check_code(code, CodeKind.BOX)
    with records.unit_of_work() as uow:
        if uow.boxes.find(code) is not None:
            raise Conflict(f"box {code} exists")
        place = find_location(uow, location) if location else None
        if place is not None:
            _check_room_for_one_more(uow, place)
        box = Box(code=code, location_code=place.code if place else None, created_at=clock.now())
        uow.boxes.add(box)
        where = box_where(place_of(uow, box.location_code))
        uow.record(PaperMoved(Move(subject("box", code), clock.now(), principal.user, where, reason=reason,
                                   action="place")))
        uow.commit()
    return box


def move_box(records: RecordStore, *, code: str, to: str, principal: Principal, clock: Clock,
             reason: str | None) -> Box:
    """The box and every volume in it get a history entry: who, when, from, to, why."""
    require(principal, "paper", "move boxes")
    reason = required_reason(reason)
    code = check_code(code, CodeKind.BOX)
    with records.unit_of_work() as uow:
        box = uow.boxes.get(code)
        target = find_location(uow, to)
        if target.code == box.location_code:
            return box
        _check_room_for_one_more(uow, target)
        for volume in uow.volumes.in_boxes([box.code]):  # a box moves with its volumes: all must be in it
            volume.check_in_place(f"moved with box {box.code}")
        came_from = box_where(place_of(uow, box.location_code))
        box.location_code = target.code
        uow.boxes.update(box)
        uow.record(*map(PaperMoved, box_moves(uow, box, came_from, principal, clock, reason)))
        uow.commit()
    return box


def box_moves(uow: UnitOfWork, box: Box, came_from: dict, principal: Principal, clock: Clock,
              reason: str) -> list[Move]:
    now, where = clock.now(), box_where(place_of(uow, box.location_code))
    moves = [Move(subject("box", box.code), now, principal.user, where, came_from, reason)]
    for volume in uow.volumes.in_boxes([box.code]):
        moves.append(Move(subject("volume", volume.archive_no), now, principal.user, {"box": box.code, **where},
                          {"box": box.code, **came_from}, reason))
    return moves


def list_boxes(records: RecordStore, *, principal: Principal, location: str | None = None, after: str = "",
               limit: int = 500) -> list[Box]:
    require(principal, "paper_read", "see the archive room's boxes")
    with records.unit_of_work(readonly=True) as uow:
        if location:
            codes = [loc.code for loc in uow.locations.subtree(find_location(uow, location).path)]
            return [box for box in uow.boxes.at_locations(codes) if box.code > after][:limit]
        return uow.boxes.list(after_code=after, limit=limit)


def _check_room_for_one_more(uow: UnitOfWork, location: Location) -> None:
    if location.capacity is not None and uow.boxes.count_at(location.code) >= location.capacity:
        raise Conflict(f"location {location.path} is full ({location.capacity} boxes)")
