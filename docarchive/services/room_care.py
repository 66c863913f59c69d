"""Archive-room care (库房管理) as use cases: record a climate reading (at the desk, or a sensor through the API)
or a periodic check, a room's state with its flags, and the report over every room.

Who: the archive room records readings and checks; a sensor's account (the `sensor` role, holding nothing else)
posts readings only; the security officer and directors read the log; anyone else is refused. Each recorded
entry is a domain event, which the audit trail follows once it is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any, Callable

from docarchive.domain import room_care as rules
from docarchive.domain.audit import CHANGE, VIEW, new_event
from docarchive.domain.dates import parse_moment
from docarchive.domain.errors import Forbidden, InvalidInput
from docarchive.domain.events import Event
from docarchive.domain.ids import new_id
from docarchive.domain.paper.model import Location, LocationKind
from docarchive.domain.principal import Principal
from docarchive.domain.room_care import Check, ClimateRange, Flag, Reading, RoomCheckRecorded, RoomReadingRecorded
from docarchive.ports.audit import AuditLog
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore, UnitOfWork
from docarchive.ports.room_care import RoomCareLog
from docarchive.services.access import access_of, require
from docarchive.services.audit import current_source, record
from docarchive.services.paper._places import find_location

MAX_LIST = 500
MAX_LISTED = 1000  # out-of-range readings a report lists per room (newest first); the count says how many were taken


@dataclass(frozen=True)
class RoomCare:
    """What every care use case needs besides the acting principal."""

    log: RoomCareLog
    records: RecordStore
    clock: Clock
    limits: ClimateRange = ClimateRange()
    intervals: dict[str, timedelta] = field(default_factory=lambda: rules.intervals_from(None))
    timezone: tzinfo | None = None  # where a time given without a zone was meant
    audit: AuditLog | None = None
    publish: Callable[[list[Event]], None] = lambda events: None  # the after-commit handlers


def record_reading(care: RoomCare, principal: Principal, *, room: str, temperature: object, humidity: object,
                   at: str | datetime | None = None, source: str = "desk", note: str = "") -> Reading:
    _require(care, principal, "room_readings", "record room readings", room)
    location = _room(care.records, room)
    now = care.clock.now()
    reading = rules.new_reading(id=new_id(), room=location.code, at=parse_moment(at, now, care.timezone),
                                temperature=temperature, humidity=humidity, by=principal.user, source=source,
                                note=note, now=now)
    care.log.add_reading(reading)
    care.publish([RoomReadingRecorded(reading)])
    return reading


def record_check(care: RoomCare, principal: Principal, *, room: str, kind: str, ok: bool, findings: str = "",
                 actions: str = "", at: str | datetime | None = None) -> Check:
    _require(care, principal, "room_care", "record room checks", room)
    location = _room(care.records, room)
    now = care.clock.now()
    check = rules.new_check(id=new_id(), room=location.code, kind=kind, at=parse_moment(at, now, care.timezone),
                            by=principal.user, ok=ok, findings=findings, actions=actions, now=now)
    care.log.add_check(check)
    care.publish([RoomCheckRecorded(check)])
    return check


def room_status(care: RoomCare, principal: Principal, room: str, *, limit: int = 20) -> dict[str, Any]:
    """A room's latest readings (each with its flags), each check kind's last check and due date, and the
    flags standing now."""
    _require(care, principal, "room_care_read", "read the archive-room care log", room)
    location = _room(care.records, room)
    readings = care.log.readings(location.code, limit=min(max(limit, 1), MAX_LIST))
    latest = care.log.latest_checks(location.code)
    return {"room": _room_json(location), "limits": limits_json(care.limits),
            "flags": [flag_json(f) for f in _flags(care, location, readings[:1], latest)],
            "readings": [reading_json(r, care.limits) for r in readings],
            "checks_due": _checks_due(care, location, latest),
            "checks": [check_json(c) for c in care.log.checks(location.code, limit=min(max(limit, 1), MAX_LIST))]}


def care_report(care: RoomCare, principal: Principal, *, since: str | datetime | None = None,
                until: str | datetime | None = None) -> dict[str, Any]:
    """Every room: its standing flags, the out-of-range readings measured in [since, until) (the last 30 days
    by default; a date alone is its local midnight) and the checks due or overdue."""
    _require(care, principal, "room_care_read", "read the archive-room care log", "report")
    now = care.clock.now()
    until = parse_moment(until, now, care.timezone) if until else now
    since = parse_moment(since, now, care.timezone) if since else until - timedelta(days=30)
    if since >= until:
        raise InvalidInput("the report's start must come before its end")
    rooms = []
    for location in rooms_of(care.records):
        outside = care.log.readings_outside(location.code, care.limits, since=since, until=until, limit=MAX_LISTED)
        newest, latest = care.log.newest(location.code)
        rooms.append({"room": _room_json(location),
                      "readings": care.log.count_readings(location.code, since=since, until=until),
                      "out_of_range": [reading_json(r, care.limits) for r in outside],
                      "flags": [flag_json(f) for f in _flags(care, location, [newest] if newest else [], latest)],
                      "checks_due": _checks_due(care, location, latest)})
    record(care.audit, principal, VIEW, clock=care.clock, subject="report:room-care")
    return {"since": since.isoformat(), "until": until.isoformat(), "limits": limits_json(care.limits),
            "rooms": rooms, "flagged": sum(1 for room in rooms if room["flags"])}


def flags_of_room(care: RoomCare, room: Location) -> list[Flag]:
    """The flags standing on a room now (for wherever the room is shown)."""
    reading, latest = care.log.newest(room.code)
    return _flags(care, room, [reading] if reading else [], latest)


def room_marks(care: RoomCare, principal: Principal, locations: list[Location]) -> dict[str, dict[str, Any]]:
    """{code: {"room_care": …}} for the rooms among `locations` (a location list's rows), for principals
    who may read the care log; nothing for anyone else."""
    if not may_read_care(principal):
        return {}
    return {loc.code: {"room_care": _mark(care, loc)} for loc in locations if _is_room(loc)}


def with_room_care(care: RoomCare, principal: Principal, found: dict[str, Any]) -> dict[str, Any]:
    """A locate answer with the flags of the room its place is in (`room_care`), for principals who may read
    the care log; unchanged for anyone else, or when the thing has no place."""
    place = found.get("location") or (found.get("where") or {}).get("location") or \
        (found.get("paper") or {}).get("location")
    if place is None or not may_read_care(principal):
        return found
    nodes = [*place["ancestors"], place]
    code = next((node["code"] for node in reversed(nodes) if node["kind"] == LocationKind.ROOM), nodes[0]["code"])
    with care.records.unit_of_work(readonly=True) as uow:
        room = uow.locations.find(code)
    return {**found, "room_care": _mark(care, room)} if room else found


def _mark(care: RoomCare, room: Location) -> dict[str, Any]:
    return {"room": room.code, "path": room.path, "flags": [flag_json(f) for f in flags_of_room(care, room)]}


def may_read_care(principal: Principal) -> bool:
    return access_of(principal).may("room_care_read")


def rooms_of(records: RecordStore) -> list[Location]:
    """The archive rooms: top-level places and places named as rooms (A库房, 档案室)."""
    rooms, after = [], ""
    with records.unit_of_work(readonly=True) as uow:
        while page := uow.locations.list(after_path=after, limit=1000):  # every shelf passes by: a page at a time
            rooms += [loc for loc in page if _is_room(loc)]
            after = page[-1].path
    return rooms


def room_of_location(uow: UnitOfWork, location: Location) -> Location:
    """The room a place is in: the nearest place above it (or itself) named as a room, else the top one."""
    above = uow.locations.find_many(location.ancestors)
    line = [location] + [above[code] for code in reversed(location.ancestors) if code in above]
    return next((loc for loc in line if loc.kind == LocationKind.ROOM), line[-1])


def _flags(care: RoomCare, location: Location, newest: list[Reading], latest: dict[str, Check]) -> list[Flag]:
    flags = rules.reading_flags(newest[0], care.limits) if newest else []
    return flags + rules.check_flags(latest, care.intervals, since=location.created_at, now=care.clock.now())


def _checks_due(care: RoomCare, location: Location, latest: dict[str, Check]) -> list[dict[str, Any]]:
    now, due_list = care.clock.now(), []
    for kind, interval in care.intervals.items():
        last = latest.get(kind)
        due = rules.due_at(last, interval, location.created_at)
        due_list.append({"kind": kind, "label": rules.CHECK_KINDS[kind], "interval_days": interval.days,
                         "last": check_json(last) if last else None, "due": due.isoformat() if due else None,
                         "overdue": bool(due and now > due)})
    return due_list


def _room(records: RecordStore, given: str) -> Location:
    """The room named by code or path; a place inside a room is refused with the room's name."""
    with records.unit_of_work(readonly=True) as uow:
        location = find_location(uow, (given or "").strip() or "?")
        if not _is_room(location):
            room = room_of_location(uow, location)
            raise InvalidInput(f"{location.path} is not a room; its room is {room.path} ({room.code})")
        return location


def _is_room(location: Location) -> bool:
    return location.parent_code is None or location.kind == LocationKind.ROOM


def _require(care: RoomCare, principal: Principal, action: str, what: str, room: str) -> None:
    try:
        require(principal, action, what)
    except Forbidden:
        record(care.audit, principal, CHANGE if action != "room_care_read" else VIEW, clock=care.clock,
               outcome="denied", subject=f"room:{room}"[:200])
        raise


def _room_json(location: Location) -> dict[str, Any]:
    return {"code": location.code, "path": location.path, "name": location.name}


def limits_json(limits: ClimateRange) -> dict[str, list[float]]:
    return {"temperature": list(limits.temperature), "humidity": list(limits.humidity)}


def flag_json(flag: Flag) -> dict[str, Any]:
    return {"kind": flag.kind, "text": flag.text, **flag.detail}


def reading_json(reading: Reading, limits: ClimateRange) -> dict[str, Any]:
    return {"id": reading.id, "room": reading.room, "at": reading.at.isoformat(), "temperature": reading.temperature,
            "humidity": reading.humidity, "by": reading.by, "source": reading.source, "note": reading.note,
            "flags": [flag_json(f) for f in rules.reading_flags(reading, limits)]}


def check_json(check: Check) -> dict[str, Any]:
    return {"id": check.id, "room": check.room, "kind": check.kind, "label": rules.CHECK_KINDS.get(check.kind),
            "at": check.at.isoformat(), "by": check.by, "ok": check.ok, "findings": check.findings,
            "actions": check.actions}


class AuditRoomCare:
    """The after-commit handler of care events: one "change" audit event per reading or check recorded."""

    def __init__(self, audit: AuditLog):
        self._audit = audit

    def __call__(self, events: list[Event]) -> None:
        for event in events:
            entry = event.reading if isinstance(event, RoomReadingRecorded) else event.check
            detail = ({"reading": entry.id, "temperature": entry.temperature, "humidity": entry.humidity,
                       "source": entry.source} if isinstance(entry, Reading)
                      else {"check": entry.id, "kind": entry.kind, "ok": entry.ok})
            self._audit.append(new_event(at=entry.recorded_at or entry.at, user=entry.by, action=CHANGE,
                                         source=current_source.get(), subject=f"room:{entry.room}", detail=detail))
