"""The archive-room care log (库房管理): readings and checks per room. Kept apart from the records' unit of work,
like approvals: a sensor posts a reading every few minutes, and that must neither wait for nor roll back with
a change to the archive. Entries are only ever added, never changed."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from docarchive.domain.room_care import Check, ClimateRange, Reading


class RoomCareLog(Protocol):
    def add_reading(self, reading: Reading) -> None:
        """Store a reading; raise Conflict when its id is taken."""
        ...

    def add_check(self, check: Check) -> None:
        """Store a check; raise Conflict when its id is taken."""
        ...

    def readings(self, room: str, *, since: datetime | None = None, until: datetime | None = None,
                 limit: int = 100) -> list[Reading]:
        """The room's readings measured in [since, until), newest first (by measuring time, then id)."""
        ...

    def count_readings(self, room: str, *, since: datetime, until: datetime) -> int:
        """How many readings of the room were measured in [since, until)."""
        ...

    def readings_outside(self, room: str, limits: ClimateRange, *, since: datetime, until: datetime,
                         limit: int = 1000) -> list[Reading]:
        """The room's readings in [since, until) with a temperature or humidity outside `limits` (ends
        included in the range), newest first: the store filters, so a year of sensor readings is not read."""
        ...

    def checks(self, room: str, *, kind: str | None = None, limit: int = 100) -> list[Check]:
        """The room's checks (of one kind, when given), newest first."""
        ...

    def latest_checks(self, room: str) -> dict[str, Check]:
        """The newest check of each kind done in the room."""
        ...

    def newest(self, room: str) -> tuple[Reading | None, dict[str, Check]]:
        """The room's newest reading and newest check of each kind: what its flags stand on. This runs on every
        locate of something in the room, so it is a few index lookups over one connection."""
        ...

    def close(self) -> None: ...
