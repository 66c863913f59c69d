"""/api/retention, /api/destruction, /api/holds, /api/recycle: 保管期限, 鉴定 and 销毁, legal holds, and the
recycle area of deleted records. Thin: the services check roles and rules."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.api.downloads import attachment
from docarchive.api.schemas.disposal import (
    Appraisal, Confirmation, Deletion, HoldPlaced, ListDrafted, PurgeAsked, Reasoned, Recovery, Scheduling,
)
from docarchive.bootstrap import Container
from docarchive.domain.disposal import as_json
from docarchive.domain.principal import Principal
from docarchive.services import destruction, recycling
from docarchive.services.destruction_register import register_file
from docarchive.services.retention import due, due_json
from docarchive.services.retention_forecast import forecast_file

router = APIRouter(tags=["retention and destruction"])
Deps = Annotated[Container, Depends(get_container)]
Acting = Annotated[Principal, Depends(get_principal)]


@router.get("/api/retention/due")
def retention_due(container: Deps, principal: Acting, before: date | None = None,
                  format: Literal["json", "pdf", "xlsx"] = "json"):
    """What reaches the end of its retention period by `before` (default today), by month; `format=pdf|xlsx`
    for the forecast as a file (an audited export)."""
    desk = container.disposal_desk
    day = before or container.clock.now().astimezone(container.timezone).date()
    if format != "json":
        content = forecast_file(desk, principal, format, before=day, timezone=container.timezone)
        return attachment(content, format, f"retention-due-{day.isoformat()}.{format}")
    items = due(desk.records, desk.store, desk.retention, principal=principal, before=day)
    return {"before": day.isoformat(), **due_json(items)}


@router.get("/api/destruction/lists")
def lists(container: Deps, principal: Acting, state: str | None = None):
    return {"lists": as_json(destruction.lists(container.disposal_desk, principal, state=state))}


@router.post("/api/destruction/lists", status_code=201)
def draft(container: Deps, principal: Acting, body: ListDrafted):
    return as_json(destruction.draft_list(container.disposal_desk, principal, before=body.before,
                                          reason=body.reason, keys=body.keys))


@router.get("/api/destruction/lists/{list_id}")
def one_list(container: Deps, principal: Acting, list_id: str):
    return as_json(destruction.get_list(container.disposal_desk, principal, list_id))


@router.post("/api/destruction/lists/{list_id}/appraise")
def appraise(container: Deps, principal: Acting, list_id: str, body: Appraisal):
    return as_json(destruction.appraise(container.disposal_desk, principal, list_id, key=body.key,
                                        opinion=body.opinion, reason=body.reason, keep_years=body.keep_years))


@router.post("/api/destruction/lists/{list_id}/submit")
def submit(container: Deps, principal: Acting, list_id: str):
    return as_json(destruction.submit(container.disposal_desk, principal, list_id))


@router.post("/api/destruction/lists/{list_id}/approve")
def approve(container: Deps, principal: Acting, list_id: str, body: Reasoned):
    """Approve every item of the list that waits for the signed-in user's decision."""
    lst, decided = destruction.decide(container.disposal_desk, principal, list_id, approve=True, reason=body.reason)
    return {"list": lst.id, "decided": decided}


@router.post("/api/destruction/lists/{list_id}/reject")
def reject(container: Deps, principal: Acting, list_id: str, body: Reasoned):
    lst, decided = destruction.decide(container.disposal_desk, principal, list_id, approve=False, reason=body.reason)
    return {"list": lst.id, "decided": decided}


@router.post("/api/destruction/lists/{list_id}/quarantine")
def quarantine(container: Deps, principal: Acting, list_id: str, body: Reasoned):
    return as_json(destruction.quarantine(container.disposal_desk, principal, list_id, reason=body.reason))


@router.post("/api/destruction/lists/{list_id}/recover")
def recover(container: Deps, principal: Acting, list_id: str, body: Recovery):
    return as_json(destruction.recover(container.disposal_desk, principal, list_id, key=body.key,
                                       reason=body.reason))


@router.post("/api/destruction/lists/{list_id}/schedule")
def schedule(container: Deps, principal: Acting, list_id: str, body: Scheduling):
    at = body.at if body.at.tzinfo else body.at.replace(tzinfo=container.timezone)
    return as_json(destruction.schedule(container.disposal_desk, principal, list_id, at=at,
                                        supervisor=body.supervisor, place=body.place))


@router.post("/api/destruction/lists/{list_id}/destroy")
def destroy(container: Deps, principal: Acting, list_id: str, body: Confirmation):
    """The named supervisor confirms the destruction."""
    return as_json(destruction.destroy(container.disposal_desk, principal, list_id, method=body.method))


@router.get("/api/destruction/register")
def destruction_register(container: Deps, principal: Acting, format: Literal["json", "pdf", "xlsx"] = "json",
                         after: Annotated[int, Query(ge=0)] = 0, limit: Annotated[int, Query(ge=1, le=1000)] = 1000):
    """The permanent register (销毁清册); `format=pdf|xlsx` for the printable or spreadsheet copy."""
    desk = container.disposal_desk
    if format == "json":
        entries = destruction.register(desk, principal, after_seq=after, limit=limit)
        return {"entries": as_json(entries), "broken": destruction.verify_register(desk, principal)}
    data, media = register_file(desk, principal, format, timezone=container.timezone)
    return Response(data, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="destruction-register.{format}"'})


@router.get("/api/holds")
def holds(container: Deps, principal: Acting, all: bool = False):
    return {"holds": as_json(destruction.holds(container.disposal_desk, principal, active_only=not all))}


@router.post("/api/holds", status_code=201)
def place_hold(container: Deps, principal: Acting, body: HoldPlaced):
    return as_json(destruction.place_hold(container.disposal_desk, principal, kind=body.kind, subject=body.subject,
                                          reason=body.reason))


@router.post("/api/holds/{hold_id}/release")
def release_hold(container: Deps, principal: Acting, hold_id: str, body: Reasoned):
    return as_json(destruction.release_hold(container.disposal_desk, principal, hold_id, reason=body.reason))


@router.get("/api/recycle")
def recycle_area(container: Deps, principal: Acting):
    return {"records": as_json(recycling.recycle_area(container.disposal_desk, principal))}


@router.post("/api/recycle", status_code=201)
def delete_record(container: Deps, principal: Acting, body: Deletion):
    """Delete a record into the recycle area, on one's own approved `delete` request."""
    return as_json(recycling.delete_record(container.disposal_desk, principal, body.document_id,
                                           approval_id=body.approval_id, reason=body.reason))


@router.post("/api/recycle/{document_id}/restore")
def restore(container: Deps, principal: Acting, document_id: str, body: Reasoned):
    return as_json(recycling.restore_record(container.disposal_desk, principal, document_id, reason=body.reason))


@router.post("/api/recycle/purge")
def purge(container: Deps, principal: Acting, body: PurgeAsked):
    result = recycling.purge(container.disposal_desk, principal, document_id=body.document_id)
    return {"purged": result.purged, "held": result.held}
