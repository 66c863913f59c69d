"""Loan reports: current, overdue, and the history of a volume or a borrower — as rows for the API and the
CLI, as a spreadsheet (formula-safe: adapters/spreadsheet_output.py escapes every text cell), and as a PDF
to print: the same rows under Chinese headings, times in China time to the minute."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Callable

from docarchive.adapters.atomic_files import write_atomically
from docarchive.adapters.spreadsheet_output import write_table
from docarchive.domain.audit import EXPORT
from docarchive.domain.errors import InvalidInput
from docarchive.domain.lending import LENT, Loan, desk_time
from docarchive.domain.principal import Principal
from docarchive.printing.report_tables import Section, tables_pdf
from docarchive.services.audit import record
from docarchive.services.loans import Lending
from docarchive.services.loans.queries import MAX_LIST, list_loans

KINDS = ("current", "overdue", "history")
HEADER = ["loan", "status", "overdue", "borrower", "department", "mode", "copies", "level", "volumes", "purpose",
          "requested_at", "decided_by", "since", "due", "returned_at", "conditions", "renewals"]
PDF_HEADER = ("借阅单号", "状态", "逾期", "借阅人", "部门", "方式", "份数", "密级", "案卷", "用途", "申请时间", "批准人",
              "借出时间", "应还时间", "归还时间", "归还状况", "续借次数")
KIND_TITLES = {"current": "在借", "overdue": "逾期未还", "history": "借阅历史"}
SUFFIXES = (".xlsx", ".csv", ".pdf")


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


def report_row(loan: Loan, lending: Lending, *, when: Callable[[datetime | None], str] | None = None) -> list:
    """`when` writes the times (default ISO 8601, as stored)."""
    when, now = when or _iso, lending.clock.now()
    returned = [v.returned_at for v in loan.volumes if v.returned_at]
    return [loan.id, loan.status, "yes" if loan.overdue(now) else "", loan.borrower, loan.department, loan.mode,
            loan.copies, loan.level.value, " ".join(loan.archive_nos), loan.purpose, when(loan.requested_at),
            loan.decided_by, when(loan.since), when(loan.due), when(max(returned, default=None)),
            "; ".join(f"{v.archive_no}: {v.condition}" for v in loan.volumes if v.condition),
            len([r for r in loan.renewals if r.state == "approved"])]


def export_loans(lending: Lending, principal: Principal, path: Path, *, kind: str = "current",
                 volume: str | None = None, borrower: str | None = None) -> int:
    """Write the report to `path` (.xlsx, .csv or .pdf, by its suffix); the export is itself audited."""
    if path.suffix.lower() not in SUFFIXES:
        raise InvalidInput(f"{path}: name the file .xlsx, .csv or .pdf")
    loans = loan_report(lending, principal, kind=kind, volume=volume, borrower=borrower)
    if path.suffix.lower() == ".pdf":
        rows = [tuple(report_row(loan, lending, when=_china_minute)) for loan in loans]
        write_atomically(path, _loans_pdf(lending, principal, rows, kind=kind, volume=volume, borrower=borrower),
                         tmp_dir=path.parent, prefix=f".{path.name}.")
        count = len(rows)
    else:
        count = write_table(path, HEADER, (report_row(loan, lending) for loan in loans), title=f"借阅 {kind}")
    record(lending.audit, principal, EXPORT, clock=lending.clock, subject="loans",
           detail={"kind": kind, "volume": volume, "borrower": borrower, "rows": count,
                   "format": path.suffix.lower().lstrip(".")})
    return count


def _loans_pdf(lending: Lending, principal: Principal, rows: list[tuple], *, kind: str, volume: str | None,
               borrower: str | None) -> bytes:
    of = "".join(f"　{label}：{value}" for label, value in (("案卷", volume), ("借阅人", borrower)) if value)
    made = _china_minute(lending.clock.now())
    subtitle = f"{of}　共 {len(rows)} 笔　制表时间：{made}　制表：{principal.user}（只含本人可见的借阅）".lstrip("　")
    return tables_pdf(f"借阅报表 · {KIND_TITLES[kind]}", subtitle, [Section("借阅", PDF_HEADER, rows)], wide=True)


def _iso(at: datetime | None) -> str:
    return at.isoformat() if at else ""


def _china_minute(at: datetime | None) -> str:
    return desk_time(at) if at else ""
