"""Excel customer ledgers: import (validated row by row, idempotent) and export.

Import commits in batches; a row that fails validation is reported (row, column, reason) and skipped, the
others go in. The same customer number again updates that customer with reason "import" — and only when
something differs, so importing a ledger twice writes nothing the second time.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from docarchive.adapters.spreadsheets import read_xlsx, write_xlsx
from docarchive.domain.errors import DocarchiveError, InvalidInput
from docarchive.domain.ledger import COLUMNS, Column, column_of, ledger_row, map_headers, merge_contacts, row_fields
from docarchive.domain.ledger import to_profile_fields
from docarchive.domain.profile import ProfileInvalid, validate_fields
from docarchive.ports.records import RecordStore, UnitOfWork
from docarchive.services.customer_profiles import ProfileContext, add_in, customer_fields, update_in
from docarchive.services.customers import all_customers

IMPORT_REASON = "import"
BATCH_ROWS = 2000  # rows per commit: few commits, and a crash loses at most one batch (re-run: idempotent)


@dataclass(frozen=True)
class Rejection:
    row: int  # as Excel numbers it (the header is row 1)
    column: str  # "C 联系电话", or "" when the row as a whole is wrong
    value: Any
    reason: str


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


def import_customers(records: RecordStore, context: ProfileContext, path: Path) -> ImportReport:
    report = ImportReport()
    with read_xlsx(path) as rows:
        columns = _header(next(rows, None), report)
        batch: list[tuple[int, tuple]] = []
        for number, cells in enumerate(rows, start=2):
            if any(cell is not None and str(cell).strip() for cell in cells):
                batch.append((number, cells))
            if len(batch) >= BATCH_ROWS:
                _import_batch(records, context, columns, batch, report)
                batch = []
        _import_batch(records, context, columns, batch, report)
    return report


def write_report(report: ImportReport, path: Path) -> None:
    """The rejected rows as XLSX (by the extension) or CSV with a BOM, which Excel opens as UTF-8."""
    header = ["行号 row", "列 column", "值 value", "原因 reason"]
    rows = ([r.row, r.column, "" if r.value is None else str(r.value), r.reason] for r in report.rejected)
    if path.suffix.lower() == ".xlsx":
        write_xlsx(path, header, rows, title="rejected")
        return
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)


def export_customers(records: RecordStore, principal, path: Path) -> int:
    fields = list(COLUMNS)
    header = [COLUMNS[name][0] for name in fields] + ["档案号"]
    return write_xlsx(path, header, _export_rows(records, fields), title="客户台账")


def _export_rows(records: RecordStore, fields: list[str]) -> Iterator[list[Any]]:
    for customer in all_customers(records):
        values = ledger_row({"customer_no": customer.customer_no, **customer_fields(customer)})
        yield [values.get(name) for name in fields] + [customer.archive_no]


def _header(header: tuple | None, report: ImportReport) -> list[Column]:
    if header is None:
        raise InvalidInput("the workbook's first sheet is empty: expected a header row")
    columns, report.ignored_columns = map_headers(list(header))
    if not any(c.field == "customer_no" for c in columns):
        raise InvalidInput("no customer number column (客户编号 / 客户号) in the header row: nothing can be matched")
    return columns


def _import_batch(records, context, columns, batch, report: ImportReport) -> None:
    if not batch:
        return
    with records.unit_of_work() as uow:
        for number, cells in batch:
            _import_row(uow, context, columns, number, cells, report)
        uow.commit()


def _import_row(uow: UnitOfWork, context, columns, number: int, cells, report: ImportReport) -> None:
    values = row_fields(columns, cells)
    customer_no = str(values.pop("customer_no", "")).strip()
    if not customer_no:
        report.rejected.append(Rejection(number, _label(columns, "customer_no"), None, "客户编号 is required"))
        return
    try:
        raw = to_profile_fields(values)
        cleaned = validate_fields(raw)
        _upsert(uow, context, customer_no, cleaned, report)
    except ProfileInvalid as invalid:
        report.rejected += [_rejection(number, path, why, columns, cells) for path, why in invalid.errors.items()]
    except DocarchiveError as error:
        report.rejected.append(Rejection(number, "", customer_no, " ".join(str(error).split())))


def _upsert(uow: UnitOfWork, context: ProfileContext, customer_no: str, cleaned: dict, report: ImportReport):
    customer = uow.customers.find(customer_no)
    if customer is None:
        add_in(uow, context, customer_no, cleaned, IMPORT_REASON)
        report.created += 1
        return
    if "contacts" in cleaned:
        cleaned["contacts"] = merge_contacts(customer.profile.get("contacts", []), cleaned["contacts"])
    outcome = update_in(uow, context, customer, cleaned, IMPORT_REASON)
    report.updated += outcome == "updated"
    report.unchanged += outcome == "unchanged"


def _rejection(number: int, path: str, why: str, columns: list[Column], cells) -> Rejection:
    column = column_of(path, columns)
    if column is None:
        return Rejection(number, "", None, f"{path}: {why}")
    value = cells[column.index] if column.index < len(cells) else None
    return Rejection(number, f"{column.letter} {column.header}", value, f"{path}: {why}")


def _label(columns: list[Column], field_name: str) -> str:
    column = next((c for c in columns if c.field == field_name), None)
    return f"{column.letter} {column.header}" if column else ""
