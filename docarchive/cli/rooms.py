"""`docarchive room reading|check|status|report`: the archive rooms' care log (库房管理) from the terminal.
A room is named by its location code (L-000001) or path (A库房)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from docarchive.bootstrap import bootstrap
from docarchive.cli.output import print_json
from docarchive.cli.principal import acting_principal
from docarchive.domain.room_care import CHECK_KINDS
from docarchive.services import room_care


def register(sub) -> None:
    room = sub.add_parser("room", help="archive-room care (库房管理): readings, checks, flags, report")
    commands = room.add_subparsers(dest="room_command", required=True, metavar="ACTION")

    reading = commands.add_parser("reading", help="record a temperature and humidity reading")
    reading.add_argument("room", metavar="ROOM", help="the room's code or path")
    reading.add_argument("--temperature", required=True, metavar="°C")
    reading.add_argument("--humidity", required=True, metavar="%RH")
    reading.add_argument("--at", help="when measured (2026-05-06T09:30; default now)")
    reading.add_argument("--source", default="desk", help='"desk" (default) or the instrument\'s name')
    reading.add_argument("--note", default="")
    reading.add_argument("--json", action="store_true")
    reading.set_defaults(handler=run_reading)

    check = commands.add_parser("check", help="record a periodic check and what it found")
    check.add_argument("room", metavar="ROOM")
    check.add_argument("--kind", required=True, choices=tuple(CHECK_KINDS),
                       help=", ".join(f"{kind} ({label})" for kind, label in CHECK_KINDS.items()))
    result = check.add_mutually_exclusive_group(required=True)
    result.add_argument("--ok", action="store_true", help="nothing wrong found")
    result.add_argument("--problem", action="store_true", help="something wrong found (say what: --findings)")
    check.add_argument("--findings", default="")
    check.add_argument("--actions", default="", help="what was done about it")
    check.add_argument("--at", help="when checked (default now)")
    check.add_argument("--json", action="store_true")
    check.set_defaults(handler=run_check)

    status = commands.add_parser("status", help="a room's flags, latest readings and checks due")
    status.add_argument("room", metavar="ROOM")
    status.add_argument("--limit", type=int, default=20)
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=run_status)

    report = commands.add_parser("report", help="every room: flags, out-of-range readings, checks due")
    report.add_argument("--since", help="readings from (date or date and time; default 30 days ago)")
    report.add_argument("--until", help="readings before (default now)")
    report.add_argument("--json", action="store_true")
    report.set_defaults(handler=run_report)


def run_reading(args) -> int:
    container = bootstrap()
    try:
        care = container.room_care
        reading = room_care.record_reading(care, acting_principal(), room=args.room, temperature=args.temperature,
                                           humidity=args.humidity, at=args.at, source=args.source, note=args.note)
        row = room_care.reading_json(reading, care.limits)
    finally:
        container.close()
    _emit(args, row, f"{_local(row['at'], container)}  {row['temperature']:g}°C  {row['humidity']:g}%  "
                     f"{_flag_text(row['flags'])}")
    return 0


def run_check(args) -> int:
    container = bootstrap()
    try:
        check = room_care.record_check(container.room_care, acting_principal(), room=args.room, kind=args.kind,
                                       ok=args.ok, findings=args.findings, actions=args.actions, at=args.at)
    finally:
        container.close()
    row = room_care.check_json(check)
    _emit(args, row, f"{_local(row['at'], container)}  {row['label']}  "
                     f"{'正常' if row['ok'] else '发现问题：' + row['findings']}")
    return 0


def run_status(args) -> int:
    container = bootstrap()
    try:
        status = room_care.room_status(container.room_care, acting_principal(), args.room, limit=args.limit)
    finally:
        container.close()
    if args.json:
        print_json(status)
        return 0
    print(f"{status['room']['path']} ({status['room']['code']})  {_flag_text(status['flags']) or '无异常'}")
    for row in status["readings"]:
        print(f"  {_local(row['at'], container)}  {row['temperature']:g}°C  {row['humidity']:g}%  "
              f"{_flag_text(row['flags'])}".rstrip())
    for due in status["checks_due"]:
        when = _local(due["due"], container) if due["due"] else "-"
        print(f"  {due['label']:<6} due {when}{'  逾期' if due['overdue'] else ''}")
    return 0


def run_report(args) -> int:
    container = bootstrap()
    try:
        report = room_care.care_report(container.room_care, acting_principal(), since=args.since, until=args.until)
    finally:
        container.close()
    if args.json:
        print_json(report)
        return 0
    for row in report["rooms"]:
        print(f"{row['room']['path']} ({row['room']['code']})  readings {row['readings']}, "
              f"out of range {len(row['out_of_range'])}  {_flag_text(row['flags']) or '无异常'}")
    return 0


def _local(iso: str, container) -> str:
    """A stored time as people here read it: local, to the minute."""
    return datetime.fromisoformat(iso).astimezone(container.timezone).strftime("%Y-%m-%d %H:%M")


def _flag_text(flags: list[dict[str, Any]]) -> str:
    return "；".join(flag["text"] for flag in flags)


def _emit(args, row: dict[str, Any], line: str) -> None:
    print_json(row) if args.json else print(line.rstrip())
