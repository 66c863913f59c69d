"""Loan reports: current, overdue, and the history of a volume or a borrower — as rows for the API and the
CLI, and as a spreadsheet (formula-safe: adapters/spreadsheet_output.py escapes every text cell)."""

from __future__ import annotations

from pathlib import Path

from docarchive.adapters.spreadsheet_output import write_table
from docarchive.domain.audit import EXPORT
from docarchive.domain.errors import InvalidInput
from docarchive.domain.lending import LENT, Loan
from docarchive.domain.principal import Principal
from docarchive.services.audit import record
from docarchive.services.loans import Lending
from docarchive.services.loans.queries import MAX_LIST, list_loans

KINDS = ("current", "overdue", "history")
HEADER = ["loan", "status", "overdue", "borrower", "department", "mode", "copies", "level", "volumes", "purpose",
          "requested_at", "decided_by", "since", "due", "returned_at", "conditions", "renewals"]


def loan_report(lending: Lending, principal: Principal, *, kind: str = "current", volume: str | None = None,
                borrower: str | None = None, limit: int = MAX_LIST) -> list[Loan]:
    """current: out now; overdue: out and past due; history: every loan of a volume or a borrower."""
    if kind not in KINDS:
        raise InvalidInput(f"a loan report is one of {', '.join(KINDS)}")
    if kind == "history" and not (volume or borrower):
        raise InvalidInput("a loan history is of a volume (--volume) or a borrower (--borrower)")
    status = LENT if kind == "current" else None
    return list_loans(lending, principal, status=status, overdue=kind == "overdue", borrower=borrower,
                      archive_no=volume, limit=limit)


def report_row(loan: Loan, lending: Lending) -> list:
    now = lending.clock.now()
    returned = [v.returned_at for v in loan.volumes if v.returned_at]
    return [loan.id, loan.status, "yes" if loan.overdue(now) else "", loan.borrower, loan.department, loan.mode,
            loan.copies, loan.level.value, " ".join(loan.archive_nos), loan.purpose, _iso(loan.requested_at),
            loan.decided_by, _iso(loan.since), _iso(loan.due), _iso(max(returned, default=None)),
            "; ".join(f"{v.archive_no}: {v.condition}" for v in loan.volumes if v.condition),
            len([r for r in loan.renewals if r.state == "approved"])]


def export_loans(lending: Lending, principal: Principal, path: Path, *, kind: str = "current",
                 volume: str | None = None, borrower: str | None = None) -> int:
    """Write the report to `path` (.xlsx or .csv); the export is itself audited."""
    loans = loan_report(lending, principal, kind=kind, volume=volume, borrower=borrower)
    count = write_table(path, HEADER, (report_row(loan, lending) for loan in loans), title=f"借阅 {kind}")
    record(lending.audit, principal, EXPORT, clock=lending.clock, subject="loans",
           detail={"kind": kind, "volume": volume, "borrower": borrower, "rows": count,
                   "format": path.suffix.lower().lstrip(".")})
    return count


def _iso(at) -> str:
    return at.isoformat() if at else ""
