"""Shapes of the retention, destruction, legal-hold and recycle-area requests (typed in the OpenAPI schema)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from docarchive.domain.disposal import HOLD_KINDS, METHODS, OPINIONS

REASON = Field(min_length=1, max_length=500, description="why; kept with the step and in the audit trail")
KEY = Field(min_length=1, max_length=80, description="a volume's archive number or a record id")


class ListDrafted(BaseModel):
    before: date = Field(description="list what reaches the end of its retention by this day")
    reason: str = REASON
    keys: list[str] | None = Field(default=None, max_length=1000, description="only these of what is due")


class Appraisal(BaseModel):
    key: str = KEY
    opinion: str = Field(description=" | ".join(OPINIONS))
    reason: str = REASON
    keep_years: int = Field(default=0, ge=0, le=50, description="keep: how many more years")


class Reasoned(BaseModel):
    reason: str = REASON


class Recovery(BaseModel):
    key: str = KEY
    reason: str = REASON


class Scheduling(BaseModel):
    at: datetime = Field(description="when the destruction takes place (not before the quarantine ends)")
    supervisor: str = Field(min_length=1, max_length=64, description="the user who supervises (监销人) and confirms")
    place: str = Field(min_length=1, max_length=200, description="where (指定地点)")


class Confirmation(BaseModel):
    method: str = Field(description=" | ".join(METHODS))


class HoldPlaced(BaseModel):
    kind: str = Field(description=" | ".join(HOLD_KINDS))
    subject: str = Field(min_length=1, max_length=80, description="customer number, archive number or record id")
    reason: str = REASON


class Deletion(BaseModel):
    document_id: str = Field(min_length=1, max_length=40)
    approval_id: str = Field(min_length=1, max_length=40, description="your approved `delete` request for it")
    reason: str = REASON


class PurgeAsked(BaseModel):
    document_id: str | None = Field(default=None, max_length=40, description="one record; none: all that are due")
