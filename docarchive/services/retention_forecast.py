"""The retention forecast (保管期限到期预测) as a file to print (PDF) or work on (XLSX): exactly what `retention due`
lists for the same date and user — the same service, so the same roles and the same items — as an audited
export."""

from __future__ import annotations

from datetime import date, tzinfo

from docarchive.domain.audit import EXPORT
from docarchive.domain.errors import InvalidInput
from docarchive.domain.principal import Principal
from docarchive.printing.report_tables import tables_pdf, tables_xlsx
from docarchive.printing.retention_forecast import forecast_pdf_sections, forecast_xlsx_sections
from docarchive.services.audit import audited
from docarchive.services.destruction import DisposalDesk
from docarchive.services.retention import due, due_json

FORMATS = ("xlsx", "pdf")
TITLE = "保管期限到期预测"


def forecast_file(desk: DisposalDesk, principal: Principal, fmt: str, *, before: date, timezone: tzinfo) -> bytes:
    """What reaches its end on or before `before`, by month; refused (and audited as denied) like the list."""
    if fmt not in FORMATS:
        raise InvalidInput(f"format must be one of {', '.join(FORMATS)}")
    with audited(desk.audit, principal, EXPORT, clock=desk.clock, subject="retention-forecast",
                 detail={"format": fmt, "before": before.isoformat()}) as target:
        forecast = due_json(due(desk.records, desk.store, desk.retention, principal=principal, before=before))
        target["detail"]["rows"] = forecast["total"]
        made = desk.clock.now().astimezone(timezone).strftime("%Y-%m-%d %H:%M")
        heading = f"到期截至 {before.isoformat()}（含）　共 {forecast['total']} 件　制表时间：{made}　制表：{principal.user}"
        if fmt == "pdf":
            return tables_pdf(TITLE, heading, forecast_pdf_sections(forecast))
        return tables_xlsx(forecast_xlsx_sections(forecast), heading=f"{TITLE}　{heading}")
