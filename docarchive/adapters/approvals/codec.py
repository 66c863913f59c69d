"""Requests ⇄ JSON-shaped dicts, the one shape every approval backend stores. Times are ISO-8601 UTC with
microseconds, so they compare as text in either backend (the live-grant lookup compares `until`)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any

from docarchive.domain.approvals import Request

_TIMES = ("requested_at", "decided_at", "until")


def request_to_dict(request: Request) -> dict[str, Any]:
    data = asdict(request)
    data["duration"] = request.duration.total_seconds()
    return {key: moment(value) if key in _TIMES and value else value for key, value in data.items()}


def request_from_dict(data: dict[str, Any]) -> Request:
    values = {key: value for key, value in data.items() if key in Request.__dataclass_fields__}
    values["duration"] = timedelta(seconds=values["duration"])
    return Request(**{key: datetime.fromisoformat(value) if key in _TIMES and value else value
                      for key, value in values.items()})


def moment(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")
