"""The audit trail exported for auditors, as CSV (UTF-8 with a BOM, which Excel opens as UTF-8) or XLSX.

Every cell is text and never a formula: a value a spreadsheet would run (= + - @, or a leading tab or
carriage return) gets a leading apostrophe. Audited values include what users typed (queries, reasons).
"""

from __future__ import annotations

import json
from pathlib import Path

from docarchive.adapters.spreadsheet_output import write_table
from docarchive.domain.audit import EXPORT, AuditEvent, AuditFilter
from docarchive.domain.principal import Principal
from docarchive.ports.audit import AuditLog
from docarchive.ports.clock import Clock
from docarchive.services.audit import all_matching, filter_json, record

HEADER = ["seq", "at", "user", "action", "outcome", "source", "customer_no", "document_id", "subject", "detail",
          "prev_hash", "hash"]
FORMATS = ("csv", "xlsx")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_audit(audit: AuditLog, where: AuditFilter, path: Path, *, principal: Principal,
                 clock: Clock | None = None) -> int:
    """Write the matching events, newest first, to `path` (.xlsx or .csv); the export is itself audited."""
    rows = (export_row(event) for event in all_matching(audit, where))
    count = write_table(path, HEADER, rows, title="audit")
    record(audit, principal, EXPORT, clock=clock, subject="audit",
           detail={"format": path.suffix.lower().lstrip("."), "rows": count, "filter": filter_json(where)})
    return count


def export_row(event: AuditEvent) -> list[str]:
    values = [event.seq, event.at, event.user, event.action, event.outcome, event.source, event.customer_no,
              event.document_id, event.subject, json.dumps(event.detail, ensure_ascii=False, sort_keys=True),
              event.prev_hash, event.hash]
    return [safe_cell(value) for value in values]


def safe_cell(value: object) -> str:
    """Every audited value is text, even one that looks like a number (-1 may be a query someone typed)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
