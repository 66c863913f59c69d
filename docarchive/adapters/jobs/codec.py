"""Jobs ⇄ JSON-shaped dicts, the one shape every job queue stores."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from docarchive.domain.principal import LOCAL_ARCHIVIST, Principal
from docarchive.ports.jobs import Job

_DATES = ("lease_until", "created_at", "updated_at")


def job_to_dict(job: Job) -> dict[str, Any]:
    data = asdict(job)
    for key in _DATES:
        data[key] = data[key].isoformat() if data[key] else None
    return data


def job_from_dict(data: dict[str, Any]) -> Job:
    values = dict(data)
    for key in _DATES:
        values[key] = datetime.fromisoformat(values[key]) if values.get(key) else None
    by = values.get("submitted_by")
    values["submitted_by"] = Principal(by["user"], tuple(by["roles"]), by["department"]) if by else LOCAL_ARCHIVIST
    return Job(**{k: v for k, v in values.items() if k in Job.__dataclass_fields__})
