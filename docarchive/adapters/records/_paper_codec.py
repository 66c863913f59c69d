"""Paper-archive objects ⇄ JSON-shaped dicts, the shape both record backends store."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from docarchive.adapters.records.codec import _datetime as _time
from docarchive.adapters.records.codec import _iso
from docarchive.domain.documents import Confidentiality
from docarchive.domain.paper.model import (
    Box, LoanMark, Location, LocationKind, Move, Retention, Volume, VolumeItem,
)


def stamp(value: datetime) -> str:
    """One fixed-width UTC form, so stored times sort as text exactly as they sort in time."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def location_to_dict(location: Location) -> dict[str, Any]:
    return asdict(location) | {"kind": location.kind.value, "created_at": _iso(location.created_at)}


def location_from_dict(data: dict[str, Any]) -> Location:
    values = _known(data, Location)
    return Location(**values | {"kind": LocationKind(values["kind"]), "created_at": _time(values.get("created_at"))})


def box_to_dict(box: Box) -> dict[str, Any]:
    return asdict(box) | {"created_at": _iso(box.created_at)}


def box_from_dict(data: dict[str, Any]) -> Box:
    values = _known(data, Box)
    return Box(**values | {"created_at": _time(values.get("created_at"))})


def volume_to_dict(volume: Volume) -> dict[str, Any]:
    data = asdict(volume)
    data |= {"retention": volume.retention.value, "confidentiality": volume.confidentiality.value,
             "created_at": _iso(volume.created_at), "updated_at": _iso(volume.updated_at)}
    data["items"] = [asdict(item) | {"filed_at": _iso(item.filed_at)} for item in volume.items]
    mark = volume.on_loan
    data["on_loan"] = None if mark is None else (asdict(mark) | {"since": _iso(mark.since), "due": _iso(mark.due)})
    return data


def volume_from_dict(data: dict[str, Any]) -> Volume:
    values = _known(data, Volume)
    values |= {
        "retention": Retention(values["retention"]),
        "confidentiality": Confidentiality(values.get("confidentiality", "none")),
        "created_at": _time(values.get("created_at")),
        "updated_at": _time(values.get("updated_at")),
        "items": [VolumeItem(**_known(item, VolumeItem) | {"filed_at": _time(item.get("filed_at"))})
                  for item in values.get("items", [])],
        "on_loan": _loan_mark(values.get("on_loan")),
    }
    return Volume(**values)


def _loan_mark(data: dict[str, Any] | None) -> LoanMark | None:
    if not data:
        return None
    values = _known(data, LoanMark)
    return LoanMark(**values | {"since": _time(values["since"]), "due": _time(values.get("due"))})


def move_to_dict(move: Move) -> dict[str, Any]:
    return asdict(move) | {"at": stamp(move.at)}


def move_from_dict(data: dict[str, Any]) -> Move:
    values = _known(data, Move)
    return Move(**values | {"at": _time(values["at"])})


def _known(data: dict[str, Any], cls: type) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key in cls.__dataclass_fields__}
