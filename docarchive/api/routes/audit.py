"""/api/audit: the audit trail for auditors — list with filters, verify the chain, export to CSV or XLSX.

Only users with the auditor role may read it (403 otherwise, and the refusal is recorded); listing and
exporting are themselves recorded.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.api.downloads import scratch_path, sent_and_removed
from docarchive.bootstrap import Container
from docarchive.domain.audit import AuditFilter
from docarchive.domain.principal import Principal
from docarchive.services.audit import (
    MAX_PAGE_SIZE,
    audit_filter,
    event_json,
    list_events,
    require_auditor,
    verify_log,
)
from docarchive.services.audit_export import export_audit

router = APIRouter(prefix="/api/audit", tags=["audit"])
Deps = Annotated[Container, Depends(get_container)]
Acting = Annotated[Principal, Depends(get_principal)]


def _auditor(container: Deps, principal: Acting) -> Principal:
    require_auditor(container.audit, principal, clock=container.clock)
    return principal


Auditor = Annotated[Principal, Depends(_auditor)]


def _where(
    container: Deps,
    user: str | None = None,
    customer_no: str | None = None,
    document_id: str | None = None,
    action: str | None = None,
    from_: Annotated[str | None, Query(alias="from", description="a date (local day) or ISO date-time")] = None,
    to: Annotated[str | None, Query(description="a date (that day included) or ISO date-time (excluded)")] = None,
) -> AuditFilter:
    return audit_filter(user=user, customer_no=customer_no, document_id=document_id, action=action, since=from_,
                        until=to, timezone=container.timezone)


Where = Annotated[AuditFilter, Depends(_where)]


@router.get("")
def list_audit_events(container: Deps, auditor: Auditor, where: Where, page: Annotated[int, Query(ge=1)] = 1,
                      size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50):
    """Matching events, newest first, with the total."""
    return list_events(container.audit, where, page=page, size=size, principal=auditor)


@router.get("/verify")
def verify_audit_chain(container: Deps, auditor: Auditor):
    """`intact`, the event count and the last event; or the first broken event and what is wrong with it."""
    result = verify_log(container.audit)
    return {"intact": result.broken is None, "count": result.count,
            "last": event_json(result.last) if result.last else None,
            "broken": {"seq": result.broken.seq, "reason": result.broken.reason} if result.broken else None}


@router.get("/export")
def export_audit_events(container: Deps, auditor: Auditor, where: Where, format: Literal["csv", "xlsx"] = "csv"):
    path = scratch_path("docarchive-audit-", f"audit.{format}")
    export_audit(container.audit, where, path, principal=auditor, clock=container.clock)
    return sent_and_removed(path, format)
