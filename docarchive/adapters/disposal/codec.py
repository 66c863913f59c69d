"""Disposal records ⇄ JSON-shaped dicts, one shape for every backend. Times are ISO-8601 UTC text (they sort
and compare as text in either backend)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any, TypeVar

from docarchive.domain.disposal import DestructionList, ListItem, as_json

T = TypeVar("T")


def to_dict(record: Any) -> dict[str, Any]:
    return as_json(record)


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    values = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        if "datetime" in str(f.type) and isinstance(value, str):
            value = datetime.fromisoformat(value)
        values[f.name] = value
    if cls is DestructionList:
        values["items"] = [from_dict(ListItem, item) for item in values.get("items", [])]
    return cls(**values)


def moment(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")
