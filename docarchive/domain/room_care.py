"""Archive-room care (库房管理): climate readings and periodic checks of a room, and what is wrong with it now.
Pure rules, no I/O.

The house rules (../shared/seeds) ask for fire, moisture, dust, pest and theft protection of the paper
(防火、防潮、防尘、防虫、防盗), regular checks of the room's doors and windows and of the files for mould and
insects. The building norm for paper stacks (JGJ 25, 档案馆建筑设计规范) gives 14–24 °C and 45–60 % RH; the
ranges and each check's interval are settings.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from docarchive.domain.errors import InvalidInput
from docarchive.domain.events import Event

# Check kinds and what people call them; the default interval of each in days (settings override).
CHECK_KINDS = {"fire": "消防器材", "moisture": "防潮", "pests": "防虫防霉", "locks": "门窗门锁", "dust": "清洁防尘"}
DEFAULT_INTERVAL_DAYS = {"fire": 30, "moisture": 7, "pests": 30, "locks": 7, "dust": 30}
# What a thermometer or hygrometer in a room can truthfully say; anything outside is a typo or a broken sensor.
PLAUSIBLE_TEMPERATURE = (-40.0, 70.0)
PLAUSIBLE_HUMIDITY = (0.0, 100.0)
MAX_TEXT = 1000
MAX_SOURCE = 64


@dataclass(frozen=True)
class ClimateRange:
    """Acceptable temperature (°C) and relative humidity (%), both ends included."""

    temperature: tuple[float, float] = (14.0, 24.0)
    humidity: tuple[float, float] = (45.0, 60.0)

    def __post_init__(self) -> None:
        for name, (low, high) in (("temperature", self.temperature), ("humidity", self.humidity)):
            if not low < high:
                raise InvalidInput(f"the acceptable {name} range must run from low to high, not {low}–{high}")


@dataclass(frozen=True)
class Reading:
    """A temperature and humidity reading of a room, typed at the desk or posted by a sensor."""

    id: str
    room: str  # the room's location code
    at: datetime  # when it was measured
    temperature: float
    humidity: float
    by: str  # who recorded it (a person, or a sensor's account)
    source: str = "desk"  # "desk", or the sensor's name
    note: str = ""
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class Check:
    """A periodic check of a room: its kind, what was found and what was done about it."""

    id: str
    room: str
    kind: str
    at: datetime
    by: str
    ok: bool  # nothing wrong found
    findings: str = ""
    actions: str = ""
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class Flag:
    """Something wrong with a room now: an out-of-range reading or an overdue check."""

    kind: str  # "temperature" | "humidity" | "check_overdue" | "check_failed"
    text: str
    detail: dict = field(default_factory=dict)


def parse_number(value: object, what: str) -> float:
    """A reading's number from hostile input: a finite decimal, nothing else."""
    if isinstance(value, bool):
        raise InvalidInput(f"{what} must be a number")
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidInput(f"{what} must be a number, not {str(value)[:20]!r}") from None
    if not math.isfinite(number):
        raise InvalidInput(f"{what} must be a finite number")
    return number


def new_reading(*, id: str, room: str, at: datetime, temperature: object, humidity: object, by: str,
                source: str = "desk", note: str = "", now: datetime) -> Reading:
    """A reading, refused when its numbers are impossible or it is dated in the future."""
    celsius = _within(parse_number(temperature, "temperature"), PLAUSIBLE_TEMPERATURE, "temperature", "°C")
    percent = _within(parse_number(humidity, "relative humidity"), PLAUSIBLE_HUMIDITY, "relative humidity", "%")
    _not_future(at, now)
    return Reading(id=id, room=room, at=at, temperature=round(celsius, 2), humidity=round(percent, 2), by=by,
                   source=_text(source or "desk", "source", MAX_SOURCE), note=_text(note, "note"), recorded_at=now)


def new_check(*, id: str, room: str, kind: str, at: datetime, by: str, ok: bool, findings: str = "",
              actions: str = "", now: datetime) -> Check:
    """A check; one that found something wrong says what was found."""
    if kind not in CHECK_KINDS:
        raise InvalidInput(f"check kind must be one of {', '.join(CHECK_KINDS)}")
    findings, actions = _text(findings, "findings"), _text(actions, "actions")
    if not ok and not findings.strip():
        raise InvalidInput("a check that found a problem says what it found (findings)")
    _not_future(at, now)
    return Check(id=id, room=room, kind=kind, at=at, by=by, ok=ok, findings=findings, actions=actions,
                 recorded_at=now)


def reading_flags(reading: Reading, limits: ClimateRange) -> list[Flag]:
    """What is out of range in one reading."""
    flags = []
    for kind, value, (low, high), unit, name in (
            ("temperature", reading.temperature, limits.temperature, "°C", "温度"),
            ("humidity", reading.humidity, limits.humidity, "%", "相对湿度")):
        if not low <= value <= high:
            flags.append(Flag(kind, f"{name} {value:g}{unit} 超出 {low:g}–{high:g}{unit}",
                              {"value": value, "range": [low, high], "at": reading.at.isoformat()}))
    return flags


def due_at(last: Check | None, interval: timedelta, since: datetime | None) -> datetime | None:
    """When the next check of a kind is due: an interval after the last one, or after `since` (the room's
    care began) when there has been none; None when neither is known."""
    start = last.at if last else since
    return start + interval if start else None


def check_flags(last_by_kind: dict[str, Check], intervals: dict[str, timedelta], *, since: datetime | None,
                now: datetime) -> list[Flag]:
    """Overdue checks, and the latest check of a kind when it found a problem."""
    flags = []
    for kind, interval in intervals.items():
        last = last_by_kind.get(kind)
        due = due_at(last, interval, since)
        label = CHECK_KINDS.get(kind, kind)
        if due is not None and now > due:
            flags.append(Flag("check_overdue", f"{label}检查逾期（应于 {due:%Y-%m-%d} 前）",
                              {"check": kind, "due": due.isoformat(), "last": last.at.isoformat() if last else None}))
        if last is not None and not last.ok:
            flags.append(Flag("check_failed", f"{label}检查发现问题：{last.findings}",
                              {"check": kind, "at": last.at.isoformat(), "actions": last.actions}))
    return flags


def intervals_from(days: dict[str, int] | None) -> dict[str, timedelta]:
    """Each check kind's interval: the defaults, overridden by a setting's {kind: days}."""
    merged = {**DEFAULT_INTERVAL_DAYS, **(days or {})}
    unknown = [kind for kind in merged if kind not in CHECK_KINDS]
    if unknown:
        raise InvalidInput(f"unknown check kind {unknown[0]!r} in the intervals; one of {', '.join(CHECK_KINDS)}")
    if any(not isinstance(d, int) or d < 1 for d in merged.values()):
        raise InvalidInput("a check interval is a whole number of days, at least 1")
    return {kind: timedelta(days=merged[kind]) for kind in CHECK_KINDS}


def _within(value: float, bounds: tuple[float, float], what: str, unit: str) -> float:
    low, high = bounds
    if not low <= value <= high:
        raise InvalidInput(f"{what} {value:g}{unit} is impossible in an archive room (allowed {low:g}–{high:g}{unit})")
    return value


def _not_future(at: datetime, now: datetime) -> None:
    if at.tzinfo is None:
        raise InvalidInput("a reading or check time needs its time zone")
    if at > now + timedelta(minutes=5):  # a sensor's clock may run a little ahead
        raise InvalidInput(f"{at.isoformat()} is in the future")


def _text(value: str | None, what: str, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if len(text) > limit or any(not (ch.isprintable() or ch in "\n\t") for ch in text):
        raise InvalidInput(f"{what} must be at most {limit} printable characters")
    return text


@dataclass(frozen=True)
class RoomReadingRecorded(Event):
    """A climate reading of a room was recorded (its audit event follows)."""

    reading: Reading


@dataclass(frozen=True)
class RoomCheckRecorded(Event):
    """A periodic check of a room was recorded."""

    check: Check
