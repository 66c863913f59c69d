"""The holdings and use reports as files (PDF to print, XLSX to work on): each one an audited export."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any, Callable, Iterable

from docarchive.domain.audit import EXPORT
from docarchive.domain.errors import InvalidInput
from docarchive.domain.principal import Principal
from docarchive.ports.audit import AuditLog
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore
from docarchive.printing import report_tables
from docarchive.services.audit import record
from docarchive.services.holdings import UseSource, holdings_report, use_report

FORMATS = ("pdf", "xlsx")


def holdings_file(records: RecordStore, principal: Principal, fmt: str, *, clock: Clock, timezone: tzinfo,
                  audit: AuditLog | None = None) -> bytes:
    report = holdings_report(records, principal, audit=audit, clock=clock)
    subtitle = f"统计时间：{_local(clock.now(), timezone)}　制表：{principal.user}　（只计本人可见的档案）"
    return _file(report, report_tables.holdings_sections, "馆藏统计", subtitle, fmt, principal,
                 audit=audit, clock=clock)


def use_file(records: RecordStore, principal: Principal, fmt: str, *, sources: Iterable[UseSource], clock: Clock,
             timezone: tzinfo, since: datetime | None = None, until: datetime | None = None,
             audit: AuditLog | None = None) -> bytes:
    report = use_report(records, principal, sources=sources, clock=clock, since=since, until=until,
                        timezone=timezone, audit=audit)
    period = f"{_local(datetime.fromisoformat(report['since']), timezone)} 至 " \
             f"{_local(datetime.fromisoformat(report['until']), timezone)}"
    return _file(report, report_tables.use_sections, "档案利用统计", f"统计期间：{period}　制表：{principal.user}",
                 fmt, principal, audit=audit, clock=clock)


def _file(report: dict[str, Any], sections: Callable, title: str, subtitle: str, fmt: str, principal: Principal,
          *, audit: AuditLog | None, clock: Clock) -> bytes:
    if fmt not in FORMATS:
        raise InvalidInput(f"format must be one of {', '.join(FORMATS)}")
    made = sections(report)
    content = report_tables.tables_pdf(title, subtitle, made) if fmt == "pdf" else report_tables.tables_xlsx(made)
    record(audit, principal, EXPORT, clock=clock, subject=f"report:{title}", detail={"format": fmt})
    return content


def _local(moment: datetime, timezone: tzinfo) -> str:
    return moment.astimezone(timezone).strftime("%Y-%m-%d %H:%M")
