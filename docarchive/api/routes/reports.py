"""/api/reports: reports across every customer file."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.bootstrap import Container
from docarchive.domain.principal import Principal
from docarchive.services.completeness import completeness_report, review_due

router = APIRouter(prefix="/api/reports", tags=["reports"])
Deps = Annotated[Container, Depends(get_container)]
Acting = Annotated[Principal, Depends(get_principal)]


@router.get("/completeness")
def completeness(container: Deps, acting: Acting, only_incomplete: bool = False):
    return completeness_report(container.records, principal=acting, rules=container.completeness_rules,
                               only_incomplete=only_incomplete)


@router.get("/review-due")
def reviews_due(container: Deps, acting: Acting):
    due = review_due(container.records, principal=acting, clock=container.clock,
                     interval_months=container.settings.review_interval_months)
    return {"interval_months": container.settings.review_interval_months, "count": len(due), "customers": due}
