"""The lending desk's shapes (typed in the OpenAPI schema; the CLI prints the same)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from docarchive.domain.lending import MODES, LentVolume, Loan, Renewal, loan_mark_text

REASON = Field(min_length=1, max_length=500, description="why; kept with the loan and in the audit trail")
CODES = Field(default_factory=list, max_length=50)


class LoanAsked(BaseModel):
    volumes: list[str] = Field(default_factory=list, max_length=50, description="archive numbers (档号)")
    boxes: list[str] = CODES
    items: list[str] = Field(default_factory=list, max_length=50, description="single records, by id")
    borrower: str | None = Field(default=None, max_length=64, description="a user name; default: yourself")
    purpose: str = Field(default="", max_length=500)
    mode: str = Field(description=" | ".join(MODES))
    hours: float | None = Field(default=None, gt=0, description="how long (default by mode and level)")
    copies: int | None = Field(default=None, ge=1, le=20, description="for mode copy")


class Decision(BaseModel):
    reason: str = REASON


class RenewalAsked(BaseModel):
    reason: str = REASON
    hours: float | None = Field(default=None, gt=0)


class Scanned(BaseModel):
    code: str = Field(min_length=1, max_length=80, description="what the barcode scanner typed")
    condition: str | None = Field(default=None, max_length=500, description="on return: the volume's condition")


class LentVolumeOut(BaseModel):
    archive_no: str
    level: str
    items: list[str]
    out_at: str | None
    out_by: str
    returned_at: str | None
    returned_to: str
    condition: str

    @classmethod
    def of(cls, volume: LentVolume) -> "LentVolumeOut":
        return cls(archive_no=volume.archive_no, level=volume.level, items=list(volume.items),
                   out_at=_iso(volume.out_at), out_by=volume.out_by, returned_at=_iso(volume.returned_at),
                   returned_to=volume.returned_to, condition=volume.condition)


class RenewalOut(BaseModel):
    hours: float
    reason: str
    requested_by: str
    requested_at: str
    state: str
    decided_by: str
    decided_at: str | None
    decision_reason: str

    @classmethod
    def of(cls, renewal: Renewal) -> "RenewalOut":
        return cls(hours=renewal.duration.total_seconds() / 3600, reason=renewal.reason,
                   requested_by=renewal.requested_by, requested_at=renewal.requested_at.isoformat(),
                   state=renewal.state, decided_by=renewal.decided_by, decided_at=_iso(renewal.decided_at),
                   decision_reason=renewal.decision_reason)


class LoanOut(BaseModel):
    id: str
    status: str = Field(description="pending | approved | refused | rejected | cancelled | lent | returned")
    reason: str = Field(description="why refused, what it waits for, or the decision's reason")
    borrower: str
    department: str
    purpose: str
    mode: str
    copies: int
    level: str
    hours: float
    requested_by: str
    requested_at: str
    decided_by: str
    decided_at: str | None
    since: str | None
    due: str | None
    overdue: bool
    text: str | None = Field(description="借出：X，自 T 起，应还 T2 while a volume is out")
    volumes: list[LentVolumeOut]
    renewals: list[RenewalOut]

    @classmethod
    def of(cls, loan: Loan, now: datetime) -> "LoanOut":
        lent = loan.out_volumes
        return cls(id=loan.id, status=loan.status, reason=loan.reason, borrower=loan.borrower,
                   department=loan.department, purpose=loan.purpose, mode=loan.mode, copies=loan.copies,
                   level=loan.level.value, hours=loan.duration.total_seconds() / 3600,
                   requested_by=loan.requested_by, requested_at=loan.requested_at.isoformat(),
                   decided_by=loan.decided_by, decided_at=_iso(loan.decided_at), since=_iso(loan.since),
                   due=_iso(loan.due), overdue=loan.overdue(now),
                   text=loan_mark_text(loan.borrower, loan.since, loan.due) if lent else None,
                   volumes=[LentVolumeOut.of(v) for v in loan.volumes],
                   renewals=[RenewalOut.of(r) for r in loan.renewals])


class LoanList(BaseModel):
    loans: list[LoanOut]
    count: int
    overdue: int


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at else None
