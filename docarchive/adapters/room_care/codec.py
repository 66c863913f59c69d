"""Readings and checks ⇄ JSON-shaped dicts, the one shape every backend stores. Times are ISO-8601 UTC with
microseconds, so they sort and compare as text in either backend."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import UTC, datetime
from typing import Any, TypeVar

from docarchive.domain.room_care import Check, Reading

_TIMES = ("at", "recorded_at")
Entry = TypeVar("Entry", Reading, Check)


def entry_to_dict(entry: Reading | Check) -> dict[str, Any]:
    return {key: moment(value) if key in _TIMES and value else value for key, value in asdict(entry).items()}


def entry_from_dict(cls: type[Entry], data: dict[str, Any]) -> Entry:
    names = {f.name for f in fields(cls)}
    return cls(**{key: datetime.fromisoformat(value) if key in _TIMES and value else value
                  for key, value in data.items() if key in names})


def moment(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")
