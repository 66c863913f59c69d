from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """Time is injected so retention, loans and quarantine can be tested with a controlled clock."""

    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)
