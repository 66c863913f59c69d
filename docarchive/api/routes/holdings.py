"""/api/reports/holdings and /api/reports/use (JSON, .xlsx, .pdf): the archive room's holdings and use
(馆藏与利用统计), counted over what the signed-in user may see."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.bootstrap import Container
from docarchive.domain.principal import Principal
from docarchive.services.holdings import holdings_report, use_report
from docarchive.services.holdings_printouts import holdings_file, use_file
from docarchive.domain.dates import parse_moment

router = APIRouter(prefix="/api/reports", tags=["reports"])
Deps = Annotated[Container, Depends(get_container)]
Acting = Annotated[Principal, Depends(get_principal)]
_MEDIA = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@router.get("/holdings")
def holdings(container: Deps, principal: Acting):
    """Volumes, items, pages and records by year, category, retention and confidentiality."""
    return holdings_report(container.records, principal, audit=container.audit, clock=container.clock)


@router.get("/holdings.{fmt}", response_class=Response)
def holdings_printout(container: Deps, principal: Acting, fmt: Literal["pdf", "xlsx"]):
    content = holdings_file(container.records, principal, fmt, clock=container.clock, timezone=container.timezone,
                            audit=container.audit)
    return _download(content, fmt, "馆藏统计")


@router.get("/use")
def use(container: Deps, principal: Acting, since: str | None = None, until: str | None = None):
    """Uses (accesses from the audit trail; loans once the lending desk adds them) by month, category, kind."""
    return use_report(container.records, principal, sources=container.use_sources, clock=container.clock,
                      timezone=container.timezone, audit=container.audit, **_period(container, since, until))


@router.get("/use.{fmt}", response_class=Response)
def use_printout(container: Deps, principal: Acting, fmt: Literal["pdf", "xlsx"], since: str | None = None,
                 until: str | None = None):
    content = use_file(container.records, principal, fmt, sources=container.use_sources, clock=container.clock,
                       timezone=container.timezone, audit=container.audit, **_period(container, since, until))
    return _download(content, fmt, "档案利用统计")


def _period(container: Container, since: str | None, until: str | None) -> dict:
    now, zone = container.clock.now(), container.timezone
    return {"since": parse_moment(since, now, zone) if since else None,
            "until": parse_moment(until, now, zone) if until else None}


def _download(content: bytes, fmt: str, name: str) -> Response:
    disposition = f"attachment; filename=report.{fmt}; filename*=UTF-8''{quote(name)}.{fmt}"
    return Response(content, media_type=_MEDIA[fmt], headers={"Content-Disposition": disposition})
