"""The loan register of the lending desk (借阅登记). Kept apart from the records' unit of work, like approvals:
a loan's steps are the desk's, each its own short write; the volume's "on loan" mark lives with the volume."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from docarchive.domain.lending import Loan


@dataclass(frozen=True)
class LoanFilter:
    """Which loans to list; None matches anything. Every condition given holds."""

    statuses: tuple[str, ...] | None = None
    borrower: str | None = None
    department: str | None = None  # the borrower's
    archive_no: str | None = None  # loans naming this volume
    due_before: datetime | None = None  # lent loans due before this moment: the overdue ones


class LoanStore(Protocol):
    def add(self, loan: Loan) -> None:
        """Store a new loan; raise Conflict when its id is taken."""
        ...

    def get(self, loan_id: str) -> Loan:
        """Raise NotFound for an unknown id."""
        ...

    def update(self, loan: Loan) -> Loan:
        """Write back a loan read at `loan.version`; return it at its next version. Raise StaleVersion when it
        changed since it was read (of two desk steps racing, one wins)."""
        ...

    def list(self, where: LoanFilter = LoanFilter(), *, limit: int = 100) -> list[Loan]:
        """Matching loans, newest request first."""
        ...

    def close(self) -> None: ...
