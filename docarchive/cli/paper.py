"""`docarchive location|box|volume|file|locate|inventory|mismatches`: the paper archive from the terminal."""

from __future__ import annotations

import sys
from pathlib import Path

from docarchive.bootstrap import bootstrap
from docarchive.cli import printouts
from docarchive.cli.output import print_json
from docarchive.cli.principal import acting_principal
from docarchive.domain.documents import Confidentiality
from docarchive.domain.errors import InvalidInput
from docarchive.domain.retention import parse_period
from docarchive.domain.paper.model import Retention
from docarchive.services.paper import boxes, filing, locations, volumes
from docarchive.services.paper.inventory import take_inventory
from docarchive.services.paper.locate import resolve_code
from docarchive.services.paper.mismatches import mismatch_report
from docarchive.services.room_care import room_marks, with_room_care
from docarchive.services.paper.views import box_json, catalogue_json, location_row, move_json, volume_json


def register(sub) -> None:
    _register_places(sub)
    _register_volumes(sub)
    filed = sub.add_parser("file", help="file records into a paper volume (several: in scan order)")
    filed.add_argument("ids", nargs="*", metavar="DOC_ID")
    filed.add_argument("--volume", required=True, metavar="ARCHIVE_NO")
    filed.add_argument("--item", type=int, help="item number (件号); default: after the last")
    filed.add_argument("--pages", metavar="A-B", help="page range; default: the next free pages")
    filed.add_argument("--from", dest="from_file", metavar="FILE", help="record ids, one a line ('-': stdin)")
    filed.add_argument("--reason", required=True, help="why (kept in the history)")
    filed.add_argument("--json", action="store_true")
    filed.set_defaults(handler=run_file)

    locate = sub.add_parser("locate", help="where a record's paper original is, or what a scanned code names")
    locate.add_argument("code", metavar="DOC_ID|CODE")
    locate.add_argument("--json", action="store_true")
    locate.set_defaults(handler=run_locate)

    inventory = sub.add_parser("inventory", help="盘点: compare the barcodes scanned at a place with the records")
    inventory.add_argument("file", metavar="FILE", help="scanned codes, one a line ('-': stdin)")
    inventory.add_argument("--location", required=True, metavar="PATH")
    inventory.add_argument("--json", action="store_true")
    inventory.set_defaults(handler=run_inventory)

    report = sub.add_parser("mismatches", help="where the paper and electronic sets disagree")
    report.add_argument("--limit", type=int, default=1000)
    report.add_argument("--json", action="store_true")
    report.set_defaults(handler=run_mismatches)


def _register_places(sub) -> None:
    location = sub.add_parser("location", help="archive rooms, cabinets, shelves (库房/密集架/列/节/层)")
    commands = location.add_subparsers(dest="location_command", required=True)
    add = commands.add_parser("add", help="add a location and every missing node above it")
    add.add_argument("path", metavar="PATH", help="e.g. A库房/03密集架/2列/4节/3层")
    add.add_argument("--capacity", type=int, help="boxes it holds directly")
    add.add_argument("--code", help="its barcode (default L-nnnnnn)")
    add.add_argument("--reason", required=True, help="why (kept in the history)")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=run_location_add)
    listing = commands.add_parser("list", help="locations in path order")
    listing.add_argument("--under", metavar="PATH")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_location_list)
    move = commands.add_parser("move", help="move a location and everything in it")
    move.add_argument("location", metavar="PATH|CODE")
    move.add_argument("--to", required=True, metavar="PATH|CODE", help="the new parent ('/' for the top)")
    move.add_argument("--reason", required=True, help="why (kept in the history)")
    move.set_defaults(handler=run_location_move)

    box = sub.add_parser("box", help="archive boxes (档案盒)")
    commands = box.add_subparsers(dest="box_command", required=True)
    add = commands.add_parser("add", help="add a box at a location")
    add.add_argument("code", metavar="CODE")
    add.add_argument("--location", required=True, metavar="PATH")
    add.add_argument("--reason", required=True, help="why (kept in the history)")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=run_box_add)
    move = commands.add_parser("move", help="move a box (and the volumes in it)")
    move.add_argument("code", metavar="CODE")
    move.add_argument("--to", required=True, metavar="PATH")
    move.add_argument("--reason", required=True, help="why (kept in the history)")
    move.add_argument("--json", action="store_true")
    move.set_defaults(handler=run_box_move)


def _register_volumes(sub) -> None:
    volume = sub.add_parser("volume", help="paper volumes (案卷)")
    commands = volume.add_subparsers(dest="volume_command", required=True)
    add = commands.add_parser("add", help="open a volume for a customer in a box")
    add.add_argument("--customer-no", required=True)
    add.add_argument("--box", required=True, metavar="CODE")
    add.add_argument("--title", default="")
    add.add_argument("--year", type=int)
    add.add_argument("--retention", default=Retention.PERMANENT.value, metavar="Y|D30|D10|YEARS",
                     help="保管期限: Y, D30, D10, or years (the code follows: 5 → D10, 20 → D30)")
    add.add_argument("--secrecy", choices=[c.value for c in Confidentiality], default=Confidentiality.NONE.value)
    add.add_argument("--owner", default="")
    add.add_argument("--department", default="")
    add.add_argument("--reason", required=True, help="why (kept in the history)")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=run_volume_add)
    show = commands.add_parser("show", help="a volume's catalogue (卷内目录)")
    show.add_argument("archive_no", metavar="ARCHIVE_NO")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_volume_show)
    where = commands.add_parser("where", help="where a volume is, or was at a date")
    where.add_argument("archive_no", metavar="ARCHIVE_NO")
    where.add_argument("--at", metavar="DATE", help="ISO date or time (UTC unless given)")
    where.add_argument("--json", action="store_true")
    where.set_defaults(handler=run_volume_where)
    history = commands.add_parser("history", help="every placement and move of a volume")
    history.add_argument("archive_no", metavar="ARCHIVE_NO")
    history.add_argument("--json", action="store_true")
    history.set_defaults(handler=run_volume_history)
    printouts.register_volume_print(commands)


def run_location_add(args) -> int:
    container = bootstrap()
    added = locations.add_location(container.records, path=args.path, capacity=args.capacity, code=args.code,
                                   principal=acting_principal(), clock=container.clock, reason=args.reason)
    row = {**location_row(added.location), "created": [location_row(loc) for loc in added.created]}
    _emit(args, row, f"{row['code']}  {row['path']}  ({len(row['created'])} created)")
    return 0


def run_location_list(args) -> int:
    container, principal = bootstrap(), acting_principal()
    found = locations.list_locations(container.records, principal=principal, under=args.under, limit=100_000)
    marks = room_marks(container.room_care, principal, found)  # 库房管理: flags on the rooms
    for loc in found:
        row = location_row(loc) | marks.get(loc.code, {})
        flags = "；".join(flag["text"] for flag in row.get("room_care", {}).get("flags", []))
        _emit(args, row, f"{row['code']}  {row['path']}" + (f"  capacity {row['capacity']}" if row["capacity"] else "")
              + (f"  [{flags}]" if flags else ""))
    return 0


def run_location_move(args) -> int:
    container = bootstrap()
    moved = locations.move_location(container.records, location=args.location,
                                    to=None if args.to.strip() == "/" else args.to, reason=args.reason,
                                    principal=acting_principal(), clock=container.clock)
    print(f"{moved.code}  {moved.path}")
    return 0


def run_box_add(args) -> int:
    container = bootstrap()
    box = boxes.add_box(container.records, code=args.code, location=args.location, principal=acting_principal(),
                        clock=container.clock, reason=args.reason)
    _emit(args, box_json(box), f"{box.code}  at {box.location_code}")
    return 0


def run_box_move(args) -> int:
    container = bootstrap()
    box = boxes.move_box(container.records, code=args.code, to=args.to, reason=args.reason,
                         principal=acting_principal(), clock=container.clock)
    _emit(args, box_json(box), f"{box.code}  now at {box.location_code}")
    return 0


def run_volume_add(args) -> int:
    container = bootstrap()
    volume = volumes.add_volume(
        container.records, customer_no=args.customer_no, box=args.box, title=args.title, year=args.year,
        retention=parse_period(args.retention).code, secrecy=Confidentiality(args.secrecy), owner=args.owner,
        department=args.department, rule=container.archive_no_rule,
        customer_archive_no_format=container.settings.archive_no_format, principal=acting_principal(),
        clock=container.clock, reason=args.reason,
    )
    _emit(args, volume_json(volume), f"{volume.archive_no}  {volume.title}  in box {volume.box_code}")
    return 0


def run_volume_show(args) -> int:
    view = catalogue_json(volumes.get_volume_catalogue(bootstrap().records, args.archive_no,
                          principal=acting_principal()))
    if args.json:
        print_json(view)
        return 0
    print(f"{view['archive_no']}  {view['title']}  {view['location_path'] or ''}")
    for item in view["catalogue"]:
        first, last = item["pages"]
        print(f"  {item['item']:>3}  {first}–{last}  {item['document_id']}  {item['title'] or '(record missing)'}")
    return 0


def run_volume_where(args) -> int:
    container = bootstrap()
    when = volumes.parse_when(args.at) if args.at else container.clock.now()
    move = volumes.volume_location_at(container.records, principal=acting_principal(),
                                      archive_no=args.archive_no, at=when)
    row = {"archive_no": args.archive_no, "at": when.isoformat(), **move.to, "since": move.at.isoformat()}
    _emit(args, row, f"{row['location_path']} / 盒 {row['box']}  (since {row['since']})")
    return 0


def run_volume_history(args) -> int:
    for move in volumes.volume_history(bootstrap().records, principal=acting_principal(), archive_no=args.archive_no):
        row = move_json(move)
        _emit(args, row, f"{row['at']}  {row['action']:<6} {row['by']}: {row['to'].get('location_path')}")
    return 0


def run_file(args) -> int:
    container = bootstrap()
    ids = list(args.ids) + (_read_lines(args.from_file) if args.from_file else [])
    if not ids:
        raise InvalidInput("give a record id (or --from FILE)")
    common = dict(archive_no=args.volume, reason=args.reason, principal=acting_principal(), clock=container.clock)
    if len(ids) == 1:
        items = [filing.file_record(container.records, document_id=ids[0], item=args.item,
                                    pages=filing.parse_pages(args.pages), **common)]
    elif args.item is not None or args.pages:
        raise InvalidInput("--item and --pages file one record; several are filed in order on the next pages")
    else:
        items = filing.file_records(container.records, document_ids=ids, **common)
    for item in items:
        row = {"document_id": item.document_id, "archive_no": args.volume, "item": item.n,
               "pages": [item.first_page, item.last_page]}
        _emit(args, row, f"{item.document_id}  → {args.volume}  第{item.n}件 第{item.first_page}–{item.last_page}页")
    return 0


def run_locate(args) -> int:
    container, principal = bootstrap(), acting_principal()
    found = resolve_code(container.records, args.code, container.archive_no_rule, principal=principal)
    found = with_room_care(container.room_care, principal, found)  # 库房管理: the room's flags
    if args.json:
        print_json(found)
    elif found["kind"] == "record":
        print(found["paper"]["text"] if found["paper"] else f"{found['document_id']}: {found['reason']}")
    else:
        flag = f"  [{found['disposal']['label']}]" if found.get("disposal") else ""
        lent = f"（{found['loan']['text']}）" if found.get("loan") else ""
        print(f"{found['kind']} {found['code']}: {found['where'].get('location_path') or '(no location)'}{lent}{flag}")
    if not args.json and (found.get("room_care") or {}).get("flags"):
        print("库房: " + "；".join(flag["text"] for flag in found["room_care"]["flags"]))
    return 0


def run_inventory(args) -> int:
    container = bootstrap()
    report = take_inventory(container.records, principal=acting_principal(), scope=args.location,
                            scanned=_read_lines(args.file),
                            rule=container.archive_no_rule, disposals=container.volume_disposals)
    if args.json:
        print_json(report)
        return 0
    print(" ".join(f"{key} {value}" for key, value in report["counts"].items()))
    for key in ("missing", "misplaced", "unknown", "on_loan", "set_apart", "destroyed"):
        for entry in report[key]:
            said = entry.get("recorded_location_path") or entry.get("reason") or entry.get("note") or ""
            if key == "on_loan":
                said = entry["loan"]["text"]
            print(f"  {key:<9} {entry['code']}  {said}")
    return 0


def run_mismatches(args) -> int:
    report = mismatch_report(bootstrap().records, principal=acting_principal(), limit=args.limit)
    if args.json:
        print_json(report)
    else:
        print(" ".join(f"{key} {value}" for key, value in report["counts"].items()))
    return 0


def _emit(args, row: dict, line: str) -> None:
    if getattr(args, "json", False):
        print_json(row)
    else:
        print(line)


def _read_lines(name: str) -> list[str]:
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read {name}: {exc}") from exc
    return [line.strip() for line in text.splitlines() if line.strip()]
