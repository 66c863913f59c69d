from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """Time is injected so retention, loans and quarantine can be tested with a controlled clock."""

    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedTimeClock:
    """A clock that always shows one time (Settings.fixed_clock): tests and demonstrations of the CLI only."""

    def __init__(self, at: datetime):
        self.at = at

    def now(self) -> datetime:
        return self.at
