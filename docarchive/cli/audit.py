"""`docarchive audit list | verify | export`: the audit trail for auditors."""

from __future__ import annotations

import argparse
import sys
from contextlib import closing
from pathlib import Path

from docarchive.bootstrap import bootstrap
from docarchive.cli.output import print_json
from docarchive.cli.principal import acting_principal
from docarchive.domain.audit import ACTIONS
from docarchive.services.audit import MAX_PAGE_SIZE, audit_filter, list_events, verify_log
from docarchive.services.audit_export import export_audit


def register(sub) -> None:
    audit = sub.add_parser("audit", help="the audit trail: who did what, when, from where")
    commands = audit.add_subparsers(dest="audit_command", required=True, metavar="COMMAND")
    listing = commands.add_parser("list", help="events, newest first")
    _filters(listing)
    listing.add_argument("--page", type=int, default=1)
    listing.add_argument("--size", type=int, default=50, help=f"events per page (at most {MAX_PAGE_SIZE})")
    listing.add_argument("--json", action="store_true", help="one JSON object: total, page, size, events")
    listing.set_defaults(handler=run_list)

    checking = commands.add_parser("verify", help="check the hash chain: exit 0 when intact, 1 at the first break")
    checking.set_defaults(handler=run_verify)

    exporting = commands.add_parser("export", help="write events to an XLSX or CSV file (by its extension)")
    _filters(exporting)
    exporting.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx|FILE.csv")
    exporting.set_defaults(handler=run_export)


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user")
    parser.add_argument("--customer-no")
    parser.add_argument("--document-id")
    parser.add_argument("--action", choices=ACTIONS)
    parser.add_argument("--from", dest="since", metavar="DATE", help="a date (local day) or ISO date-time")
    parser.add_argument("--to", dest="until", metavar="DATE", help="a date (that day included) or ISO date-time")


def _where(args, container):
    return audit_filter(user=args.user, customer_no=args.customer_no, document_id=args.document_id,
                        action=args.action, since=args.since, until=args.until, timezone=container.timezone)


def run_list(args) -> int:
    with closing(bootstrap()) as container:
        listing = list_events(container.audit, _where(args, container), page=args.page, size=args.size,
                              principal=acting_principal())
    if args.json:
        print_json(listing)
        return 0
    for event in listing["events"]:
        target = event["document_id"] or event["customer_no"] or event["subject"] or ""
        print(f"{event['seq']:>7}  {event['at']}  {event['user']:<12} {event['action']:<9} {event['outcome']:<6} "
              f"{event['source']:<15} {target}")
    print(f"{listing['total']} events; page {listing['page']}")
    return 0


def run_verify(args) -> int:
    with closing(bootstrap()) as container:
        result = verify_log(container.audit)
    print(result.summary())
    return 1 if result.broken else 0


def run_export(args) -> int:
    if args.out.suffix.lower() not in (".xlsx", ".csv"):
        print("docarchive: error: --out must end in .xlsx or .csv", file=sys.stderr)
        return 2
    with closing(bootstrap()) as container:
        count = export_audit(container.audit, _where(args, container), args.out, principal=acting_principal(),
                             clock=container.clock)
    print(f"{count} events written to {args.out}")
    return 0
