"""The destruction register as a file to print (PDF, 销毁清册) or open in a spreadsheet (XLSX): an export,
audited like every other."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from docarchive.domain.audit import EXPORT
from docarchive.domain.principal import Principal
from docarchive.printing.destruction_register import register_pdf, register_xlsx
from docarchive.services.audit import audited
from docarchive.services.destruction import DisposalDesk, register

MEDIA = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def register_file(desk: DisposalDesk, principal: Principal, format: str, *, timezone: ZoneInfo) -> tuple[bytes, str]:
    with audited(desk.audit, principal, EXPORT, clock=desk.clock, subject="destruction-register",
                 detail={"format": format}):
        entries, after = [], 0
        while batch := register(desk, principal, after_seq=after, limit=1000):
            entries += batch
            after = batch[-1].seq
        printed = desk.clock.now().astimezone(timezone).isoformat(timespec="minutes")
        data = register_pdf(entries, printed_at=printed) if format == "pdf" else register_xlsx(entries)
    return data, MEDIA[format]
