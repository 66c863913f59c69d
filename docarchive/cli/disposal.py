"""`docarchive retention due`, `docarchive destruction …`, `docarchive hold …`, `docarchive record delete|restore|
recycle`, `docarchive purge`: 保管期限, 鉴定 and 销毁, legal holds and the recycle area, as the acting user."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docarchive.bootstrap import bootstrap
from docarchive.cli.output import print_json, report_format, write_report
from docarchive.cli.principal import acting_principal
from docarchive.domain.disposal import HOLD_KINDS, METHODS, OPINIONS, as_json
from docarchive.domain.errors import InvalidInput
from docarchive.services import destruction, recycling
from docarchive.services.destruction_register import register_file
from docarchive.services.paper.volumes import parse_when
from docarchive.services.retention import due, due_json
from docarchive.services.retention_forecast import forecast_file


def register(sub) -> None:
    retention = sub.add_parser("retention", help="保管期限: what reaches the end of its retention period")
    retention_commands = retention.add_subparsers(dest="retention_command", required=True, metavar="ACTION")
    due_parser = retention_commands.add_parser("due", help="volumes and records due by a date, by month")
    due_parser.add_argument("--before", help="a date (YYYY-MM-DD); default today")
    due_parser.add_argument("--out", type=Path, metavar="FILE", help="write forecast.xlsx or forecast.pdf instead")
    due_parser.add_argument("--json", action="store_true")
    due_parser.set_defaults(handler=run_due)
    _destruction(sub)
    _holds(sub)
    _records(sub)
    purge = sub.add_parser("purge", help="erase recycled records whose 30 days are over (or one, --record)")
    purge.add_argument("--record", help="one record id (refused before its 30 days)")
    purge.add_argument("--json", action="store_true")
    purge.set_defaults(handler=run_purge)


def _destruction(sub) -> None:
    parser = sub.add_parser("destruction", help="鉴定与销毁: destruction lists, their steps and the register")
    commands = parser.add_subparsers(dest="destruction_command", required=True, metavar="ACTION")
    add = _adder(commands)
    add("draft", "draft a list from what is due (archivist)", ("--before", {"required": True}),
        ("--reason", {"required": True}), ("--key", {"action": "append", "help": "only these (repeat)"}))
    add("list", "destruction lists, newest first", ("--state", {}))
    add("show", "one list", ("id", {}))
    add("appraise", "the appraisal group's opinion on one item", ("id", {}), ("--key", {"required": True}),
        ("--opinion", {"required": True, "choices": OPINIONS}), ("--reason", {"required": True}),
        ("--keep-years", {"type": int, "default": 0}))
    add("submit", "send an appraised list for approval (archivist)", ("id", {}))
    add("approve", "approve every item waiting for your decision", ("id", {}), ("--reason", {"required": True}))
    add("reject", "reject every item waiting for your decision", ("id", {}), ("--reason", {"required": True}))
    add("quarantine", "set what was approved apart for six months", ("id", {}), ("--reason", {"required": True}))
    add("recover", "take an item back while it is set apart", ("id", {}), ("--key", {"required": True}),
        ("--reason", {"required": True}))
    add("schedule", "name the time, place and supervisor (监销人)", ("id", {}), ("--at", {"required": True}),
        ("--supervisor", {"required": True}), ("--place", {"required": True}))
    add("destroy", "the supervisor confirms the destruction", ("id", {}),
        ("--method", {"required": True, "choices": METHODS}))
    add("register", "the permanent destruction register (销毁清册)", ("--pdf", {"type": Path}),
        ("--xlsx", {"type": Path}))


def _holds(sub) -> None:
    parser = sub.add_parser("hold", help="legal holds: what they cover cannot be destroyed or purged")
    commands = parser.add_subparsers(dest="hold_command", required=True, metavar="ACTION")
    add = _adder(commands, prefix="hold")
    add("add", "place a hold", ("--kind", {"required": True, "choices": HOLD_KINDS}),
        ("--subject", {"required": True}), ("--reason", {"required": True}))
    add("release", "release a hold", ("id", {}), ("--reason", {"required": True}))
    add("list", "active holds (--all: released ones too)", ("--all", {"action": "store_true"}))


def _records(sub) -> None:
    parser = sub.add_parser("record", help="deleting a record into the recycle area, restoring it")
    commands = parser.add_subparsers(dest="record_command", required=True, metavar="ACTION")
    add = _adder(commands, prefix="record")
    add("delete", "delete on your approved delete request", ("id", {}), ("--approval", {"required": True}),
        ("--reason", {"required": True}))
    add("restore", "bring a record back from the recycle area", ("id", {}), ("--reason", {"required": True}))
    add("recycle", "what waits in the recycle area")


def _adder(commands, prefix: str = "destruction"):
    def add(name: str, text: str, *arguments) -> None:
        parser = commands.add_parser(name, help=text)
        for flag, options in arguments:
            parser.add_argument(flag, **options)
        parser.add_argument("--json", action="store_true")
        parser.set_defaults(handler=_HANDLERS[f"{prefix} {name}"])
    return add


def run_due(args) -> int:
    fmt = report_format(args.out) if args.out else None
    container = bootstrap()
    desk = container.disposal_desk
    day = _day(args.before) if args.before else container.clock.now().astimezone(container.timezone).date()
    if fmt:
        content = forecast_file(desk, acting_principal(), fmt, before=day, timezone=container.timezone)
        return write_report(args.out, content)
    found = due_json(due(desk.records, desk.store, desk.retention, principal=acting_principal(), before=day))
    if args.json:
        print_json({"before": day.isoformat(), **found})
        return 0
    print(f"due by {day.isoformat()}: {found['total']}")
    for month in found["months"]:
        print(f"{month['month']}  ({month['count']})")
        for item in month["items"]:
            held = "  [legal hold]" if item["held"] else ""
            print(f"  {item['kind']:<6} {item['key']}  {item['retention']}  due {item['due']}  "
                  f"{item['title']}{held}")
    return 0


def _list_step(args) -> int:
    container, principal, list_id = bootstrap(), acting_principal(), getattr(args, "id", None)
    desk, command = container.disposal_desk, args.destruction_command
    if command == "draft":
        shown = destruction.draft_list(desk, principal, before=_day(args.before), reason=args.reason, keys=args.key)
    elif command == "list":
        return _print_lists(destruction.lists(desk, principal, state=args.state), args.json)
    elif command == "show":
        shown = destruction.get_list(desk, principal, list_id)
    elif command == "appraise":
        shown = destruction.appraise(desk, principal, list_id, key=args.key, opinion=args.opinion,
                                     reason=args.reason, keep_years=args.keep_years)
    elif command in ("approve", "reject"):
        shown, decided = destruction.decide(desk, principal, list_id, approve=command == "approve",
                                            reason=args.reason)
        print(f"{command}d {decided} item(s) of destruction list {list_id}")
        return 0
    elif command == "schedule":
        at = parse_when(args.at)
        shown = destruction.schedule(desk, principal, list_id, at=at, supervisor=args.supervisor, place=args.place)
    elif command == "destroy":
        shown = destruction.destroy(desk, principal, list_id, method=args.method)
    else:  # submit, quarantine, recover
        step = {"submit": lambda: destruction.submit(desk, principal, list_id),
                "quarantine": lambda: destruction.quarantine(desk, principal, list_id, reason=args.reason),
                "recover": lambda: destruction.recover(desk, principal, list_id, key=args.key, reason=args.reason)}
        shown = step[command]()
    return _print_lists([shown], args.json, detail=True)


def _print_lists(found, json_out: bool, *, detail: bool = False) -> int:
    for lst in found:
        if json_out:
            print_json(as_json(lst))
            continue
        until = f"  set apart until {_local(lst.quarantine_until)}" if lst.quarantine_until else ""
        when = f"  destroy at {_local(lst.scheduled_at)} supervised by {lst.supervisor}" if lst.scheduled_at else ""
        print(f"{lst.id}  {lst.state:<11} {len(lst.items)} item(s)  drafted by {lst.drafted_by}{until}{when}")
        if detail:
            for item in lst.items:
                opinion = f"{item.opinion}（{item.opinion_reason}，{item.appraised_by}）" if item.opinion else "not appraised"
                print(f"    {item.kind:<6} {item.key}  {item.retention}  due {item.due}  {opinion}"
                      f"{'  approval ' + item.approval_id if item.approval_id else ''}"
                      f"{'  → ' + item.outcome if item.outcome else ''}")
    return 0


def run_register(args) -> int:
    container, principal = bootstrap(), acting_principal()
    desk = container.disposal_desk
    for path, format in ((args.pdf, "pdf"), (args.xlsx, "xlsx")):
        if path is not None:
            data, _ = register_file(desk, principal, format, timezone=container.timezone)
            path.write_bytes(data)
            print(f"wrote {path} ({format.upper()}, {len(data)} bytes)")
    if args.pdf or args.xlsx:
        return 0
    entries = destruction.register(desk, principal)
    broken = destruction.verify_register(desk, principal)
    for entry in entries:
        if args.json:
            print_json(as_json(entry))
        else:
            print(f"#{entry.seq}  {' '.join(entry.archive_nos) or entry.key}  {entry.title}  {entry.retention}  "
                  f"destroyed {_local(entry.destroyed_at)} by {entry.method}, supervised by "
                  f"{entry.supervisor}; appraised by {entry.appraisal.get('by')}, approved by "
                  f"{entry.approval.get('by')}  (list {entry.list_id})")
    if not args.json:
        print(f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}; seals "
              f"{'intact' if not broken else 'BROKEN at ' + ', '.join(map(str, broken))}")
    return 0 if not broken else 1


def _hold_step(args) -> int:
    container, principal = bootstrap(), acting_principal()
    desk, command = container.disposal_desk, args.hold_command
    if command == "add":
        found = [destruction.place_hold(desk, principal, kind=args.kind, subject=args.subject, reason=args.reason)]
    elif command == "release":
        found = [destruction.release_hold(desk, principal, args.id, reason=args.reason)]
    else:
        found = destruction.holds(desk, principal, active_only=not args.all)
    for hold in found:
        if args.json:
            print_json(as_json(hold))
        else:
            released = (f"  released {_local(hold.released_at)} by {hold.released_by}: "
                        f"{hold.release_reason}") if hold.released_at else ""
            print(f"{hold.id}  {hold.kind} {hold.subject}  by {hold.placed_by}: {hold.reason}{released}")
    return 0


def _record_step(args) -> int:
    container, principal = bootstrap(), acting_principal()
    desk, command = container.disposal_desk, args.record_command
    if command == "delete":
        found = [recycling.delete_record(desk, principal, args.id, approval_id=args.approval, reason=args.reason)]
    elif command == "restore":
        found = [recycling.restore_record(desk, principal, args.id, reason=args.reason)]
    else:
        found = recycling.recycle_area(desk, principal)
    for entry in found:
        if args.json:
            print_json(as_json(entry))
        else:
            print(f"{entry.document_id}  {entry.state:<9} {entry.title}  deleted by {entry.deleted_by} "
                  f"{_local(entry.deleted_at)}: {entry.reason}; purged after {_local(entry.purge_after)}")
    return 0


def run_purge(args) -> int:
    container = bootstrap()
    result = recycling.purge(container.disposal_desk, acting_principal(), document_id=args.record)
    if args.json:
        print_json({"purged": result.purged, "held": result.held})
    else:
        print(f"purged {len(result.purged)} record(s){': ' + ' '.join(result.purged) if result.purged else ''}")
        if result.held:
            print(f"kept under legal hold: {' '.join(result.held)}")
    return 0


def _local(moment) -> str:
    """A time as people here read it: in the configured zone (Settings.timezone), to the minute."""
    from docarchive.config import Settings
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(Settings().timezone)).isoformat(timespec="minutes")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{text!r} is not a date (YYYY-MM-DD)") from None


_HANDLERS = {**{f"destruction {name}": _list_step for name in (
    "draft", "list", "show", "appraise", "submit", "approve", "reject", "quarantine", "recover", "schedule",
    "destroy")}, "destruction register": run_register,
    **{f"hold {name}": _hold_step for name in ("add", "release", "list")},
    **{f"record {name}": _record_step for name in ("delete", "restore", "recycle")}}
