"""Repositories of the paper archive: locations, boxes, volumes (with the record → volume filing index) and
the history of moves. They live in the same unit of work as the electronic records, so a filing and the
record it files commit together."""

from __future__ import annotations

from datetime import datetime
from typing import Iterator, Protocol

from docarchive.domain.paper.model import Box, ItemAgainstRecord, Location, Move, Volume


class LocationRepository(Protocol):
    def add(self, location: Location) -> None:
        """Raise Conflict when the code or the path is taken."""
        ...

    def get(self, code: str) -> Location:
        """Raise NotFound when absent."""
        ...

    def find(self, code: str) -> Location | None: ...

    def find_by_path(self, path: str) -> Location | None: ...

    def find_many(self, codes: list[str]) -> dict[str, Location]: ...

    def subtree(self, path: str) -> list[Location]:
        """The location at `path` and every location under it, in path order."""
        ...

    def children(self, location: Location) -> list[Location]:
        """The locations directly under this one, in path order."""
        ...

    def list(self, *, after_path: str = "", limit: int = 500) -> list[Location]:
        """Every location in path order, a batch at a time."""
        ...

    def update(self, location: Location) -> None:
        """Raise StaleVersion if it changed since it was read."""
        ...


class BoxRepository(Protocol):
    def add(self, box: Box) -> None:
        """Raise Conflict when the code is taken."""
        ...

    def get(self, code: str) -> Box: ...

    def find(self, code: str) -> Box | None: ...

    def find_many(self, codes: list[str]) -> dict[str, Box]: ...

    def at_locations(self, location_codes: list[str]) -> list[Box]:
        """The boxes whose current location is one of these, in code order."""
        ...

    def count_at(self, location_code: str) -> int: ...

    def list(self, *, after_code: str = "", limit: int = 500) -> list[Box]: ...

    def update(self, box: Box) -> None: ...


class VolumeRepository(Protocol):
    def add(self, volume: Volume) -> None:
        """Raise Conflict when the archive number is taken, or a record in it is filed in another volume."""
        ...

    def get(self, archive_no: str) -> Volume: ...

    def find(self, archive_no: str) -> Volume | None: ...

    def find_many(self, archive_nos: list[str]) -> dict[str, Volume]: ...

    def in_boxes(self, box_codes: list[str]) -> list[Volume]:
        """The volumes in these boxes, in archive-number order."""
        ...

    def boxes_of_volumes_in(self, box_codes: list[str]) -> dict[str, str]:
        """archive number → box code of the volumes in these boxes, without reading the volumes (inventory)."""
        ...

    def list(self, *, customer_no: str | None = None, after: str = "", limit: int = 500) -> list[Volume]:
        """In archive-number order, a batch at a time."""
        ...

    def update(self, volume: Volume) -> None:
        """Write back a changed volume (and its filing index); raise StaleVersion if it changed since read."""
        ...

    def filed_in(self, document_ids: list[str]) -> dict[str, str]:
        """document id → archive number of the volume it is filed in, for those that are filed."""
        ...

    def unprinted_catalogues(self) -> Iterator[tuple[str, int, int]]:
        """(archive number, catalogue version, printed version) of each committed volume whose catalogue changed
        since it was last printed, in archive-number order."""
        ...

    def items_disagreeing(self) -> Iterator[ItemAgainstRecord]:
        """Each committed volume item whose record is not stored or has another number of scanned pages, in
        archive-number and item order. Neither volumes nor records are decoded: a report over the whole archive."""
        ...


class PaperHistory(Protocol):
    """Append-only: every placement, move and filing, so "where was X on date D" has an answer."""

    def record(self, moves: list[Move]) -> None: ...

    def of(self, subject: str, *, limit: int = 100) -> list[Move]:
        """Newest first."""
        ...

    def at(self, subject: str, when: datetime) -> Move | None:
        """The last entry at or before `when`: where the subject was then."""
        ...
