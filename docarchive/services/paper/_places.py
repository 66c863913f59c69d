"""Where things are: resolving a location given by code or path, and describing a place for people and programs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docarchive.domain.errors import NotFound
from docarchive.domain.paper.codes import LOCATION_CODE
from docarchive.domain.paper.model import Box, Location, display_path
from docarchive.ports.records import UnitOfWork


@dataclass
class Place:
    """A location with the locations above it (room first)."""

    location: Location
    ancestors: list[Location]

    @property
    def display(self) -> str:
        nodes = [*self.ancestors, self.location]
        return display_path([node.name for node in nodes], [node.kind for node in nodes])


def find_location(uow: UnitOfWork, code_or_path: str) -> Location:
    """A location by its code (L-000012) or its path (A库房/03密集架/2列/4节/3层)."""
    given = code_or_path.strip()
    found = uow.locations.find(given) if LOCATION_CODE.fullmatch(given) else None
    if found is None:
        found = uow.locations.find_by_path("/".join(part.strip() for part in given.replace(" / ", "/").strip("/").split("/")))
    if found is None:
        raise NotFound(f"no location {given}; add it with `docarchive location add PATH`")
    return found


def place_of(uow: UnitOfWork, location_code: str | None) -> Place | None:
    if location_code is None:
        return None
    location = uow.locations.find(location_code)
    if location is None:
        return None
    ancestors = uow.locations.find_many(location.ancestors)
    return Place(location, [ancestors[code] for code in location.ancestors if code in ancestors])


def location_json(place: Place) -> dict[str, Any]:
    location = place.location
    return {
        "code": location.code,
        "name": location.name,
        "kind": location.kind.value,
        "path": location.path,
        "display_path": place.display,
        "capacity": location.capacity,
        "parent_code": location.parent_code,
        "ancestors": [{"code": node.code, "name": node.name, "kind": node.kind.value} for node in place.ancestors],
    }


def box_where(place: Place | None) -> dict[str, Any]:
    """What the history keeps about a box's place: its code and path as they read at the time."""
    if place is None:
        return {"location_code": None, "location_path": None}
    return {"location_code": place.location.code, "location_path": place.display}


def box_path_text(box: Box, place: Place | None) -> str:
    return f"{place.display} / 盒 {box.code}" if place else f"(no location) / 盒 {box.code}"
