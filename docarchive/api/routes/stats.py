"""/api/stats: customer composition (客户构成分析); /api/stats/trends: the figures over time (read apart: they
read every record); both as one spreadsheet."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends

from docarchive.adapters.spreadsheet_output import write_table
from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.api.downloads import scratch_path, sent_and_removed
from docarchive.bootstrap import Container
from docarchive.domain.audit import EXPORT
from docarchive.domain.principal import Principal
from docarchive.services.audit import record
from docarchive.services.stats import STATISTICS_HEADER, customer_statistics, statistics_rows
from docarchive.services.stats_trends import trend_statistics

router = APIRouter(prefix="/api/stats", tags=["statistics"])
Deps = Annotated[Container, Depends(get_container)]
Acting = Annotated[Principal, Depends(get_principal)]


@router.get("")
def stats(container: Deps, principal: Acting):
    return customer_statistics(container.records, principal, completeness_rate=container.completeness_rate)


@router.get("/trends")
def trends(container: Deps, principal: Acting):
    """Records per category per year, ingest per month and day, complete files per month: what the user sees."""
    return _trends(container, principal)


def _trends(container: Container, principal: Principal) -> dict:
    return trend_statistics(container.records, principal, rules=container.completeness_rules, clock=container.clock)


@router.get("/export")
def export_stats(container: Deps, principal: Acting, format: Literal["csv", "xlsx"] = "xlsx"):
    """The figures and trends as rows (figure, value, count); the export is recorded in the audit trail."""
    figures = customer_statistics(container.records, principal, completeness_rate=container.completeness_rate)
    figures.update(_trends(container, principal))
    path = scratch_path("docarchive-stats-", f"statistics.{format}")
    write_table(path, STATISTICS_HEADER, statistics_rows(figures), title="statistics")
    record(container.audit, principal, EXPORT, clock=container.clock, subject="statistics",
           detail={"export": "statistics", "format": format})
    return sent_and_removed(path, format)
