"""Excel customer ledgers: import (validated row by row, idempotent) and export.

Import commits in batches; a row that fails validation is reported (row, column, reason) and skipped, the
others go in. The same customer number again updates that customer with reason "import" — and only when
something differs, so importing a ledger twice writes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from docarchive.adapters.spreadsheet_output import check_table_path, write_table
from docarchive.domain.personal_data import mask_id_numbers_in, mask_personal_data
from docarchive.domain.audit import EXPORT
from docarchive.domain.errors import Conflict, DocarchiveError
from docarchive.domain.ledger import COLUMNS, Column, ledger_row, merge_contacts
from docarchive.domain.profile import ProfileInvalid
from docarchive.ports.audit import AuditLog
from docarchive.ports.records import RecordStore, UnitOfWork
from docarchive.domain.customers import customer_fields, default_keeper
from docarchive.services.customer_profiles import ProfileContext, add_in, update_in
from docarchive.services._ledger_rows import LedgerRow, Rejection, ledger_chunks, rejection
from docarchive.services.audit import audited
from docarchive.services.access import require, require_change, sees_customer
from docarchive.services.customers import all_customers

__all__ = ["check_table_path", "export_customers", "import_customers", "write_report"]

IMPORT_REASON = "import"
BATCH_ROWS = 2000  # rows per commit: few commits, and a crash loses at most one batch (re-run: idempotent)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "rejected_rows": len({r.row for r in self.rejected}), "ignored_columns": self.ignored_columns}


def import_customers(records: RecordStore, context: ProfileContext, path: Path, *,
                     background: bool | None = None) -> ImportReport:
    """Import a ledger; `background` reads and validates in a child process (None: for large files)."""
    require(context.principal, "edit_customers", "import customer files")
    report = ImportReport()
    chunks = ledger_chunks(path, background=background)
    header = next(chunks)
    report.ignored_columns = header.ignored_columns
    batch: list[LedgerRow] = []
    for chunk in chunks:
        batch += chunk
        if len(batch) >= BATCH_ROWS:
            _import_batch(records, context, header.columns, batch, report)
            batch = []
    _import_batch(records, context, header.columns, batch, report)
    return report


def write_report(report: ImportReport, path: Path) -> None:
    """The rejected rows as XLSX or CSV, by the suffix."""
    header = ["行号 row", "列 column", "值 value", "原因 reason"]
    rows = ([r.row, r.column, "" if r.value is None else mask_id_numbers_in(str(r.value)), r.reason]
            for r in report.rejected)
    write_table(path, header, rows, title="rejected")


def export_customers(records: RecordStore, principal, path: Path, *, audit: AuditLog | None = None) -> int:
    """Every customer as a ledger row, XLSX or CSV by the suffix of `path`."""
    fields = list(COLUMNS)
    header = [COLUMNS[name][0] for name in fields] + ["档案号"]
    with audited(audit, principal, EXPORT, subject=path.name, detail={"export": "customers"}) as event:
        rows = _export_rows(records, principal, fields)
        event["detail"]["rows"] = count = write_table(path, header, rows, title="客户台账")
    return count


def _export_rows(records: RecordStore, principal, fields: list[str]) -> Iterator[list[Any]]:
    """The customers the principal may know of: an export holds no more than their screens would."""
    for customer in all_customers(records):
        if not sees_customer(principal, customer):
            continue
        # ID numbers leave the system masked: an export is a copy outside every access check.
        values = mask_personal_data(ledger_row({"customer_no": customer.customer_no, **customer_fields(customer)}))
        yield [values.get(name) for name in fields] + [customer.archive_no]


def _import_batch(records, context, columns: list[Column], batch: list[LedgerRow], report: ImportReport) -> None:
    if not batch:
        return
    with records.unit_of_work() as uow:
        for row in batch:
            report.rejected += row.rejections
            if row.fields is not None:
                _import_row(uow, context, columns, row, report)
        uow.commit()


def _import_row(uow: UnitOfWork, context, columns, row: LedgerRow, report: ImportReport) -> None:
    try:
        _upsert(uow, context, row.customer_no, dict(row.fields), report)
    except ProfileInvalid as invalid:  # what only the stored customer can tell, e.g. a new one without a name
        report.rejected += [rejection(row.number, path, why, columns) for path, why in invalid.errors.items()]
    except DocarchiveError as error:
        report.rejected.append(Rejection(row.number, "", row.customer_no, " ".join(str(error).split())))


def _upsert(uow: UnitOfWork, context: ProfileContext, customer_no: str, cleaned: dict, report: ImportReport):
    customer = uow.customers.find(customer_no)
    if customer is None:
        add_in(uow, context, customer_no, default_keeper(context.principal, cleaned), IMPORT_REASON)
        report.created += 1
        return
    if not sees_customer(context.principal, customer):
        # The number is taken (it is unique), so the row cannot open a file; whose it is stays unsaid.
        raise Conflict(f"customer number {customer_no} belongs to a file you may not change")
    require_change(context.principal, customer_no, what=f"change customer {customer_no}")
    if "contacts" in cleaned:
        cleaned["contacts"] = merge_contacts(customer.profile.get("contacts", []), cleaned["contacts"])
    outcome = update_in(uow, context, customer, cleaned, IMPORT_REASON)
    report.updated += outcome == "updated"
    report.unchanged += outcome == "unchanged"
