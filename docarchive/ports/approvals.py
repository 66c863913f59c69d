"""Approval requests. Kept apart from the records' unit of work, like accounts: every request reads the live
grants of whoever is signed in, and a decision must not wait for, or roll back with, a change to the archive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from docarchive.domain.approvals import Request


@dataclass(frozen=True)
class RequestFilter:
    """Which requests to list; None matches anything. Every condition given holds."""

    state: str | None = None
    kinds: tuple[str, ...] | None = None
    department: str | None = None  # the subject's department
    requested_by: str | None = None


class ApprovalStore(Protocol):
    def add(self, request: Request) -> None:
        """Store a new request; raise Conflict when its id is taken."""
        ...

    def get(self, request_id: str) -> Request:
        """Raise NotFound for an unknown id."""
        ...

    def decide(self, request: Request) -> None:
        """Write back a request that was pending when read and is decided now (approved, rejected or
        cancelled). Raise Conflict when it is no longer pending: of two racing decisions one wins."""
        ...

    def list(self, where: RequestFilter = RequestFilter(), *, limit: int = 100) -> list[Request]:
        """Matching requests, newest first."""
        ...

    def approved_until_after(self, user: str, now: datetime) -> list[Request]:
        """`user`'s approved requests whose `until` is later than `now` — the live ones. Served by an index
        on (requester, until): this runs on every signed-in request."""
        ...

    def close(self) -> None: ...
