"""Loans ⇄ JSON-shaped dicts, the one shape every loan backend stores. Times are ISO-8601 UTC with
microseconds, so they compare as text in either backend (the overdue lookup compares `due`)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from docarchive.adapters.approvals.codec import moment
from docarchive.domain.lending import LentVolume, Loan, Renewal

_LOAN_TIMES = ("requested_at", "decided_at", "due")
_VOLUME_TIMES = ("out_at", "returned_at")
_RENEWAL_TIMES = ("requested_at", "decided_at")


def loan_to_dict(loan: Loan) -> dict[str, Any]:
    data = _times(asdict(loan), _LOAN_TIMES, moment)
    data["duration"] = loan.duration.total_seconds()
    data["volumes"] = [_times(asdict(volume), _VOLUME_TIMES, moment) for volume in loan.volumes]
    data["renewals"] = [_times(asdict(r), _RENEWAL_TIMES, moment) | {"duration": r.duration.total_seconds()}
                        for r in loan.renewals]
    data["archive_nos"] = list(loan.archive_nos)  # what a lookup by volume reads
    return data


def loan_from_dict(data: dict[str, Any]) -> Loan:
    values = _times(_known(data, Loan), _LOAN_TIMES, datetime.fromisoformat)
    values["duration"] = timedelta(seconds=values["duration"])
    values["volumes"] = tuple(LentVolume(**_known(_times(v, _VOLUME_TIMES, datetime.fromisoformat), LentVolume)
                                         | {"items": tuple(v.get("items", ()))}) for v in values["volumes"])
    values["renewals"] = tuple(
        Renewal(**_known(_times(r, _RENEWAL_TIMES, datetime.fromisoformat), Renewal)
                | {"duration": timedelta(seconds=r["duration"])}) for r in values.get("renewals", ()))
    values["borrower_roles"] = tuple(values.get("borrower_roles", ()))
    return Loan(**values)


def _times(data: dict[str, Any], names: tuple[str, ...], convert) -> dict[str, Any]:
    return {key: convert(value) if key in names and value else value for key, value in data.items()}


def _known(data: dict[str, Any], cls: type) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key in cls.__dataclass_fields__}
