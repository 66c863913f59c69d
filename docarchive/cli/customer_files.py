"""`docarchive customer activity|catalogue|completeness|review`, `docarchive record move`, `docarchive report`:
the customer file's filing, activity entries and checks from the terminal."""

from __future__ import annotations

import argparse
import sys
from contextlib import closing
from pathlib import Path

from docarchive.bootstrap import bootstrap
from docarchive.cli.principal import acting_principal
from docarchive.cli.output import print_json
from docarchive.domain.audit import EXPORT
from docarchive.domain.history import DOCUMENT
from docarchive.printing.catalogue import catalogue_pdf, catalogue_xlsx
from docarchive.services.activities import activity_json, list_activities, record_activity, record_review
from docarchive.services.audit import record
from docarchive.services.completeness import completeness_report, customer_completeness, review_due
from docarchive.services.completeness_tracking import refresh_completeness
from docarchive.services.filing import catalogue_json, customer_catalogues, move_record
from docarchive.services.history import change_json, history_of

# The detail flags of `customer activity add`; each kind takes its own (see docarchive/domain/activities.py).
DETAIL_FLAGS = ("channel", "contact", "summary", "follow_up_on", "product", "quantity", "amount", "currency",
                "content", "handling", "result", "note")


def register(sub) -> None:
    customer_sub = _subcommands(sub, "customer", "customer files (一户一档)", "customer_command")
    _register_activity(customer_sub)
    _register_catalogue(customer_sub)
    completeness = customer_sub.add_parser("completeness", help="what the file holds and lacks (资料齐全)")
    completeness.add_argument("customer_no")
    completeness.add_argument("--json", action="store_true")
    completeness.set_defaults(handler=run_completeness)
    review = customer_sub.add_parser("review", help="record the periodic review (定期回访) of a file")
    review.add_argument("customer_no")
    review.add_argument("--note")
    review.set_defaults(handler=run_review)

    record_sub = _subcommands(sub, "record", "file records (move between categories)", "record_command")
    move = record_sub.add_parser("move", help="file a record in another category; the reason is kept")
    move.add_argument("document_id")
    move.add_argument("--category", required=True)
    move.add_argument("--reason", required=True)
    move.add_argument("--json", action="store_true")
    move.set_defaults(handler=run_move)
    history = record_sub.add_parser("history", help="the changes made to a record (who, when, why)")
    history.add_argument("document_id")
    history.add_argument("--json", action="store_true")
    history.set_defaults(handler=run_history)

    report_sub = _subcommands(sub, "report", "reports across every customer file", "report_command")
    report = report_sub.add_parser("completeness", help="every file checked against its type's rules")
    report.add_argument("--only-incomplete", action="store_true")
    report.add_argument("--json", action="store_true")
    report.set_defaults(handler=run_report_completeness)
    refresh = report_sub.add_parser("refresh-completeness", help="recheck the files whose kept completeness "
                                    "is missing or under other rules (run after changing the rules)")
    refresh.set_defaults(handler=run_refresh_completeness)
    due = report_sub.add_parser("review-due", help="files not reviewed within the review cycle")
    due.add_argument("--json", action="store_true")
    due.set_defaults(handler=run_review_due)


def _subcommands(sub, name: str, help_text: str, dest: str):
    """The subcommands of `name`, adding the command if no other module has (customer is shared)."""
    parser = sub.choices.get(name) or sub.add_parser(name, help=help_text)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return parser.add_subparsers(dest=dest, required=True)


def _register_activity(customer_sub) -> None:
    activity = customer_sub.add_parser("activity", help="communications, transactions and complaints")
    activity_sub = activity.add_subparsers(dest="activity_command", required=True)
    add = activity_sub.add_parser("add", help="record an entry on a customer's file")
    add.add_argument("customer_no")
    add.add_argument("--kind", required=True, choices=("communication", "transaction", "complaint"))
    add.add_argument("--at", required=True, dest="occurred_at", help="date or date-time, e.g. 2026-05-06T14:30")
    for flag in DETAIL_FLAGS:
        add.add_argument(f"--{flag.replace('_', '-')}", dest=flag)
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=run_activity_add)
    listing = activity_sub.add_parser("list", help="a customer's entries, oldest first")
    listing.add_argument("customer_no")
    listing.add_argument("--kind")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_activity_list)


def _register_catalogue(customer_sub) -> None:
    catalogue = customer_sub.add_parser("catalogue", help="the numbered catalogue (目录) of each category")
    catalogue.add_argument("customer_no")
    catalogue.add_argument("--category")
    catalogue.add_argument("--format", choices=("json", "pdf", "xlsx"), default="json")
    catalogue.add_argument("--output", type=Path, help="file to write a PDF or XLSX to")
    catalogue.set_defaults(handler=run_catalogue)


def run_activity_add(args) -> int:
    details = {flag: getattr(args, flag) for flag in DETAIL_FLAGS if getattr(args, flag) is not None}
    with closing(bootstrap()) as container:
        activity = record_activity(container.records, principal=acting_principal(), clock=container.clock,
                                   tz=container.timezone, customer_no=args.customer_no, kind=args.kind,
                                   occurred_at=args.occurred_at, details=details)
    _show(activity_json(activity), args.json, lambda a: f"{a['id']}  {a['category']}  {a['title']}")
    return 0


def run_activity_list(args) -> int:
    with closing(bootstrap()) as container:
        entries = list_activities(container.records, principal=acting_principal(), customer_no=args.customer_no,
                                  kind=args.kind)
    for entry in entries:
        _show(activity_json(entry), args.json, lambda a: f"{a['occurred_at']}  {a['category']:<6} {a['title']}")
    return 0


def run_catalogue(args) -> int:
    if args.format != "json" and args.output is None:
        print("docarchive: error: --output FILE is needed for a PDF or XLSX catalogue", file=sys.stderr)
        return 2
    with closing(bootstrap()) as container:
        principal = acting_principal()
        catalogues = customer_catalogues(container.records, principal=principal, scheme=container.categories,
                                         customer_no=args.customer_no, category=args.category)
        if args.format != "json":
            render = catalogue_pdf if args.format == "pdf" else catalogue_xlsx
            args.output.write_bytes(render(catalogues))
            record(container.audit, principal, EXPORT, customer_no=args.customer_no,
                   detail={"export": "catalogue", "format": args.format, "category": args.category})
    if args.format == "json":
        for catalogue in catalogues:
            print_json(catalogue_json(catalogue))
        return 0
    print(f"{args.output}: {sum(len(c.items) for c in catalogues)} items in {len(catalogues)} categories")
    return 0


def run_completeness(args) -> int:
    with closing(bootstrap()) as container:
        result = customer_completeness(container.records, principal=acting_principal(),
                                       rules=container.completeness_rules, customer_no=args.customer_no)
    _show(result, args.json, _completeness_line)
    return 0


def run_review(args) -> int:
    with closing(bootstrap()) as container:
        review = record_review(container.records, principal=acting_principal(), clock=container.clock,
                               customer_no=args.customer_no, note=args.note)
    print(f"{review.customer_no}: reviewed at {review.occurred_at.isoformat()} by {review.recorded_by}")
    return 0


def run_move(args) -> int:
    with closing(bootstrap()) as container:
        document = move_record(container.records, principal=acting_principal(), clock=container.clock,
                               scheme=container.categories, document_id=args.document_id, category=args.category,
                               reason=args.reason)
    _show({"id": document.id, "category": document.category, "version": document.version}, args.json,
          lambda d: f"{d['id']}  now filed in {d['category']}")
    return 0


def run_history(args) -> int:
    with closing(bootstrap()) as container:
        entries = history_of(container.records, acting_principal(), DOCUMENT, args.document_id)
    for entry in entries:
        _show(change_json(entry), args.json, lambda e: f"{e['at']}  {e['user']}  {e['changes']}  ({e['reason']})")
    return 0


def run_report_completeness(args) -> int:
    with closing(bootstrap()) as container:
        report = completeness_report(container.records, principal=acting_principal(),
                                     rules=container.completeness_rules, only_incomplete=args.only_incomplete)
    if args.json:
        print_json(report)
        return 0
    for row in report["files"]:
        print(_completeness_line(row))
    print(f"{report['complete']} of {report['customers']} files complete ({report['rate']:.1%})")
    return 0


def run_refresh_completeness(args) -> int:
    with closing(bootstrap()) as container:
        rechecked = refresh_completeness(container.records, rules=container.completeness_rules)
    print(f"rechecked {rechecked} files")
    return 0


def run_review_due(args) -> int:
    with closing(bootstrap()) as container:
        due = review_due(container.records, principal=acting_principal(), clock=container.clock,
                         interval_months=container.settings.review_interval_months)
    for row in due:
        _show(row, args.json, lambda r: f"{r['customer_no']:<16} {r['name']}  overdue {r['days_overdue']} days")
    return 0


def _completeness_line(row: dict) -> str:
    if row["complete"]:
        return f"{row['customer_no']:<16} complete"
    lacking = [m["label"] for m in row["missing"]] + [f"{m['label']} ({m['pages']}≠{m['expected_pages']} pages)"
                                                       for m in row["page_mismatches"]]
    return f"{row['customer_no']:<16} lacks: {', '.join(lacking)}"


def _show(value: dict, as_json: bool, line) -> None:
    if as_json:
        print_json(value)
    else:
        print(line(value))
