"""Locations: 库房 → 档案柜/密集架 (区·列·节·层) → shelf → position, each node with a code and optional capacity."""

from __future__ import annotations

from dataclasses import dataclass

from docarchive.domain.errors import Conflict, InvalidInput
from docarchive.domain.events import PaperMoved
from docarchive.domain.history import required_reason
from docarchive.domain.paper.codes import CodeKind, check_code, location_code
from docarchive.domain.paper.model import Location, Move, location_kind, split_location_path, subject
from docarchive.domain.principal import Principal
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore, UnitOfWork
from docarchive.services.access import require
from docarchive.services.paper._places import box_where, find_location, place_of
from docarchive.services.paper.boxes import box_moves

LOCATION_SEQUENCE = "paper_location"


@dataclass
class AddedLocation:
    location: Location
    created: list[Location]  # the nodes this call created, room first (empty: it existed)


def add_location(records: RecordStore, *, path: str, principal: Principal, clock: Clock, reason: str | None,
                 capacity: int | None = None, code: str | None = None) -> AddedLocation:
    """Create the location at `path` and every missing node above it; `code` and `capacity` are the last node's."""
    require(principal, "paper", "add locations")
    reason = required_reason(reason)
    segments = split_location_path(path)
    if capacity is not None and capacity < 1:
        raise InvalidInput("capacity must be at least 1 box")
    code = check_code(code, CodeKind.LOCATION) if code else None
    with records.unit_of_work() as uow:
        parent: Location | None = None
        created: list[Location] = []
        for depth in range(1, len(segments) + 1):
            node = uow.locations.find_by_path("/".join(segments[:depth]))
            if node is None:
                last = depth == len(segments)
                node = _new_node(uow, segments[depth - 1], parent, clock, code=code if last else None,
                                 capacity=capacity if last else None)
                created.append(node)
            parent = node
        uow.record(*(PaperMoved(Move(subject("location", node.code), clock.now(), principal.user,
                                     {"path": node.path, "parent_code": node.parent_code}, reason=reason,
                                     action="place"))
                     for node in created))
        uow.commit()
    if not created and (code or capacity):
        raise Conflict(f"location {parent.path} exists (code {parent.code}); nothing was changed")
    return AddedLocation(parent, created)


def _new_node(uow: UnitOfWork, name: str, parent: Location | None, clock: Clock, *, code: str | None,
              capacity: int | None) -> Location:
    node = Location(
        code=code or location_code(uow.next_sequence_value(LOCATION_SEQUENCE)),
        name=name,
        path=f"{parent.path}/{name}" if parent else name,
        parent_code=parent.code if parent else None,
        kind=location_kind(name),
        capacity=capacity,
        ancestors=[*parent.ancestors, parent.code] if parent else [],
        created_at=clock.now(),
    )
    uow.locations.add(node)
    return node


def list_locations(records: RecordStore, *, principal: Principal, under: str | None = None,
                   limit: int = 1000) -> list[Location]:
    require(principal, "paper_read", "see the archive room's shelves")
    with records.unit_of_work(readonly=True) as uow:
        if under:
            return uow.locations.subtree(find_location(uow, under).path)[:limit]
        return uow.locations.list(limit=limit)


def move_location(records: RecordStore, *, location: str, to: str | None, principal: Principal, clock: Clock,
                  reason: str | None) -> Location:
    """Move a location and everything in it (locations, boxes, volumes) under another; every box and volume
    inside gets a history entry, so where each one was stays answerable."""
    require(principal, "paper", "move locations")
    reason = required_reason(reason)
    with records.unit_of_work() as uow:
        node = find_location(uow, location)
        parent = find_location(uow, to) if to else None
        if parent is not None and (parent.code == node.code or node.code in parent.ancestors):
            raise InvalidInput(f"cannot move {node.path} into itself")
        new_path = f"{parent.path}/{node.name}" if parent else node.name
        if uow.locations.find_by_path(new_path) is not None:
            raise Conflict(f"location {new_path} exists")
        inside = uow.locations.subtree(node.path)
        node = next(loc for loc in inside if loc.code == node.code)  # the copy _rehome changes
        before = {loc.code: box_where(place_of(uow, loc.code)) for loc in inside}
        came_from = {"path": node.path, "parent_code": node.parent_code}
        _rehome(uow, inside, node, parent, new_path)
        moves = [Move(subject("location", node.code), clock.now(), principal.user,
                      {"path": new_path, "parent_code": node.parent_code}, came_from, reason)]
        moves += contents_moves(uow, [loc.code for loc in inside], before, principal, clock, reason)
        uow.record(*map(PaperMoved, moves))
        uow.commit()
        return uow.locations.get(node.code)


def _rehome(uow: UnitOfWork, inside: list[Location], node: Location, parent: Location | None, new_path: str) -> None:
    old_path, old_depth = node.path, len(node.ancestors)
    head = [*parent.ancestors, parent.code] if parent else []
    for loc in sorted(inside, key=lambda loc: len(loc.path), reverse=True):  # deepest first: paths stay unique
        loc.path = new_path + loc.path[len(old_path):]
        loc.ancestors = head + loc.ancestors[old_depth:]
        if loc.code == node.code:
            loc.parent_code = parent.code if parent else None
        uow.locations.update(loc)


def contents_moves(uow: UnitOfWork, location_codes: list[str], before: dict[str, dict], principal: Principal,
                   clock: Clock, reason: str) -> list[Move]:
    """History entries for every box at these locations and every volume in those boxes, after a move."""
    return [move for box in uow.boxes.at_locations(location_codes)
            for move in box_moves(uow, box, before[box.location_code], principal, clock, reason)]
