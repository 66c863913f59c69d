"""Archive-room care requests (库房管理): a reading, a check."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ReadingIn(BaseModel):
    temperature: float = Field(description="°C", examples=[19.5])
    humidity: float = Field(description="relative humidity, %", examples=[52])
    at: str | None = Field(default=None, max_length=40, description="when measured (ISO-8601; default now)")
    source: str = Field(default="desk", max_length=64, description='"desk", or the sensor\'s name')
    note: str = Field(default="", max_length=1000)


class CheckIn(BaseModel):
    kind: str = Field(description="fire | moisture | pests | locks | dust", max_length=20)
    ok: bool = Field(description="true: nothing wrong found")
    findings: str = Field(default="", max_length=1000, description="what was found (required when ok is false)")
    actions: str = Field(default="", max_length=1000, description="what was done about it")
    at: str | None = Field(default=None, max_length=40, description="when checked (ISO-8601; default now)")
