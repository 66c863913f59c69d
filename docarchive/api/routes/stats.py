"""/api/stats: customer composition (客户构成分析), and the same figures as a spreadsheet."""

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

router = APIRouter(prefix="/api/stats", tags=["statistics"])
Deps = Annotated[Container, Depends(get_container)]
Acting = Annotated[Principal, Depends(get_principal)]


@router.get("")
def stats(container: Deps, principal: Acting):
    return customer_statistics(container.records, principal, completeness_rate=container.completeness_rate)


@router.get("/export")
def export_stats(container: Deps, principal: Acting, format: Literal["csv", "xlsx"] = "xlsx"):
    """The figures as rows (figure, value, count); the export is recorded in the audit trail."""
    figures = customer_statistics(container.records, principal, completeness_rate=container.completeness_rate)
    path = scratch_path("docarchive-stats-", f"statistics.{format}")
    write_table(path, STATISTICS_HEADER, statistics_rows(figures), title="statistics")
    record(container.audit, principal, EXPORT, clock=container.clock, subject="statistics",
           detail={"export": "statistics", "format": format})
    return sent_and_removed(path, format)
