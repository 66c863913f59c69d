"""Approval requests' shapes (typed in the OpenAPI schema; the CLI prints the same)."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, Field

from docarchive.domain.approvals import KINDS, Request

REASON = Field(min_length=1, max_length=500, description="why; kept with the request and in the audit trail")


class ApprovalAsked(BaseModel):
    kind: str = Field(description=" | ".join(KINDS))
    subject: str = Field(min_length=1, max_length=64, description="a record id or a customer number")
    reason: str = REASON
    hours: float | None = Field(default=None, gt=0, description="how long an approval lasts (default by kind)")

    @property
    def duration(self) -> timedelta | None:
        return None if self.hours is None else timedelta(hours=self.hours)


class Decision(BaseModel):
    reason: str = REASON


class ApprovalOut(BaseModel):
    id: str
    kind: str
    subject: str
    state: str = Field(description="pending | approved | rejected | cancelled | expired (an approval past `until`)")
    requested_by: str
    requester_department: str
    reason: str
    requested_at: str
    hours: float
    department: str = Field(description="the subject's department: whose manager may decide")
    level: str
    decided_by: str
    decided_at: str | None
    decision_reason: str
    until: str | None

    @classmethod
    def of(cls, request: Request, now: datetime) -> "ApprovalOut":
        return cls(id=request.id, kind=request.kind, subject=request.subject, state=request.state_at(now),
                   requested_by=request.requested_by, requester_department=request.requester_department,
                   reason=request.reason, requested_at=request.requested_at.isoformat(),
                   hours=request.duration.total_seconds() / 3600, department=request.department,
                   level=request.level, decided_by=request.decided_by, decided_at=_iso(request.decided_at),
                   decision_reason=request.decision_reason, until=_iso(request.until))


class ApprovalList(BaseModel):
    approvals: list[ApprovalOut]


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at else None
