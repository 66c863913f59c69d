"""The lending desk (借阅) as use cases: request, approve or reject, check out and return by barcode, renew,
list (current, overdue, history per volume or borrower), and the one question other services ask: is this
volume on loan? (`on_loan`). Every step is an audit event, refused ones included."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from docarchive.domain.paper.codes import ArchiveNoRule
from docarchive.ports.accounts import AccountStore
from docarchive.ports.audit import AuditLog
from docarchive.ports.clock import Clock
from docarchive.ports.loans import LoanStore
from docarchive.ports.records import RecordStore


@dataclass(frozen=True)
class Lending:
    """What every lending use case needs besides the acting principal."""

    store: LoanStore
    records: RecordStore  # the volumes lent, and their on-loan marks
    accounts: AccountStore | None  # who a borrower named by an archivist is
    clock: Clock
    rule: ArchiveNoRule  # what a scanned volume barcode looks like
    audit: AuditLog | None = None
    # DISPOSAL HOOK: archive number → its mark when set apart for destruction or destroyed (services/
    # disposal_marks), else None. bootstrap wires the destruction lists and register here: neither is lent.
    disposal_of: Callable[[str], dict[str, Any] | None] = lambda archive_no: None
