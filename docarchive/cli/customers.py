"""`docarchive customer show|add|edit`, `import customers`, `export customers`, `stats`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docarchive.bootstrap import bootstrap
from docarchive.domain.personal_data import REVEAL_ID_NUMBER
from docarchive.services.personal_data import reveal_id_numbers, shown
from docarchive.cli.output import print_json
from docarchive.api.schemas.customers import TransferOut
from docarchive.cli.principal import acting_principal
from docarchive.domain.errors import InvalidInput
from docarchive.domain.history import CUSTOMER
from docarchive.services.consents import add_consent, consents_of
from docarchive.services.customer_transfer import Handover, transfer_customers
from docarchive.services.customer_ledger import check_table_path, export_customers, import_customers, write_report
from docarchive.services.customer_profiles import create_customer, customer_page, update_customer
from docarchive.services.history import change_json, history_of
from docarchive.services.stats import customer_statistics


def register(sub) -> None:
    customer = sub.add_parser("customer", help="customer files (一户一档): profiles and their records")
    commands = customer.add_subparsers(dest="customer_command", required=True)
    show = commands.add_parser("show", help="a customer's profile and the records in their file")
    show.add_argument("customer_no")
    show.add_argument("--history", action="store_true", help="also the changes made to the profile")
    show.add_argument("--json", action="store_true")
    show.add_argument("--reveal", action="store_const", const=REVEAL_ID_NUMBER,
                      help="show ID numbers in full (archivist, director; audited)")
    show.set_defaults(handler=run_show)
    for name in ("add", "edit"):
        command = commands.add_parser(name, help=f"{name} a customer profile; fields as --set key=value")
        command.add_argument("customer_no")
        command.add_argument("--name")
        command.add_argument("--owner", help="who keeps the file (a user name; staff default to themselves)")
        command.add_argument("--department", help="the file's department (staff default to their own)")
        command.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                             help="a profile field; dotted for parts (region.city=杭州市), JSON for lists")
        command.add_argument("--unset", action="append", default=[], metavar="FIELD", help="clear a field")
        command.add_argument("--reason", help="why (required; kept in the history)")
        command.add_argument("--json", action="store_true")
        command.set_defaults(handler=run_add if name == "add" else run_edit)

    _register_consents(commands)
    transfer = commands.add_parser("transfer", help="hand one keeper's files to another, with a reason")
    transfer.add_argument("--from", dest="from_owner", required=True, metavar="USER")
    transfer.add_argument("--to", dest="to_owner", required=True, metavar="USER")
    transfer.add_argument("--department", help="their new department (default: each keeps its own)")
    transfer.add_argument("--customer-no", action="append", dest="customer_nos", metavar="NO",
                          help="only these (repeat); default: every file the first keeps")
    transfer.add_argument("--reason", required=True, help="why (kept in each file's history)")
    transfer.add_argument("--json", action="store_true")
    transfer.set_defaults(handler=run_transfer)

    importing = sub.add_parser("import", help="import data from other systems")
    importing.add_argument("what", choices=["customers"])
    importing.add_argument("file", type=Path, help="an Excel ledger (.xlsx), header in the first row")
    importing.add_argument("--report", type=Path, help="write the rejected rows here (.xlsx or .csv)")
    importing.add_argument("--json", action="store_true")
    importing.set_defaults(handler=run_import)

    exporting = sub.add_parser("export", help="export data for other systems")
    exporting.add_argument("what", choices=["customers"])
    exporting.add_argument("--out", type=Path, default=Path("customers.xlsx"), help="a .xlsx or .csv file")
    exporting.set_defaults(handler=run_export)

    stats = sub.add_parser("stats", help="customer composition (客户构成分析)")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(handler=run_stats)


def run_show(args) -> int:
    container, principal = bootstrap(), acting_principal()
    page = customer_page(container.records, principal, args.customer_no)
    if args.history:
        entries = history_of(container.records, principal, CUSTOMER, args.customer_no)
        page["history"] = [change_json(entry) for entry in entries]
    revealed = reveal_id_numbers(container.audit, principal, args.reveal, customer_no=args.customer_no)
    _print_page(page, as_json=args.json, reveal=revealed)
    return 0


def run_add(args) -> int:
    container = bootstrap()
    context = container.profile_context(acting_principal())
    customer = create_customer(container.records, context, {"customer_no": args.customer_no, **_fields(args)},
                               args.reason)
    _print_page(customer_page(container.records, context.principal, customer.customer_no), as_json=args.json)
    return 0


def run_edit(args) -> int:
    container = bootstrap()
    context = container.profile_context(acting_principal())
    update_customer(container.records, context, args.customer_no, _fields(args), args.reason)
    _print_page(customer_page(container.records, context.principal, args.customer_no), as_json=args.json)
    return 0


def run_transfer(args) -> int:
    container = bootstrap()
    handover = Handover(from_owner=args.from_owner, to_owner=args.to_owner, reason=args.reason,
                        to_department=args.department, customer_nos=args.customer_nos)
    customers = transfer_customers(container.records, handover, principal=acting_principal(),
                                   clock=container.clock, audit=container.audit)
    shown = TransferOut.of(customers).model_dump()
    if args.json:
        print_json(shown)
        return 0
    for row in shown["customers"]:
        print(f"{row['customer_no']}  {row['name']}  → {row['owner']} ({row['department'] or '—'})")
    print(f"{shown['count']} customer files transferred from {args.from_owner} to {args.to_owner}")
    return 0


def run_import(args) -> int:
    if args.report:
        check_table_path(args.report)  # before importing: a report that cannot be written is refused first
    container = bootstrap()
    report = import_customers(container.records, container.profile_context(acting_principal()), args.file)
    if args.report:
        write_report(report, args.report)
    summary = report.summary()
    if args.json:
        print_json({**summary, "rejected": [vars(r) for r in report.rejected]})
    else:
        print(" ".join(f"{key}={value}" for key, value in summary.items() if key != "ignored_columns"))
        for column in summary["ignored_columns"]:
            print(f"  ignored column: {column}")
        for rejection in report.rejected[:20]:
            print(f"  row {rejection.row} {rejection.column}: {rejection.reason}")
        if len(report.rejected) > 20:
            print(f"  … {len(report.rejected) - 20} more" + (f" in {args.report}" if args.report else ""))
    return 1 if report.rejected else 0


def run_export(args) -> int:
    container = bootstrap()
    count = export_customers(container.records, acting_principal(), args.out, audit=container.audit)
    print(f"{count} customers written to {args.out}")
    return 0


def run_stats(args) -> int:
    container = bootstrap()
    figures = customer_statistics(container.records, acting_principal(),
                                  completeness_rate=container.completeness_rate)
    if args.json:
        print_json(figures)
        return 0
    for key, value in figures.items():
        print(f"{key}: {json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value}")
    return 0


def _fields(args) -> dict[str, Any]:
    given = {"name": args.name, "owner": args.owner, "department": args.department}
    fields: dict[str, Any] = {key: value for key, value in given.items() if value is not None}
    for assignment in args.set:
        key, sep, text = assignment.partition("=")
        if not sep or not key.strip():
            raise InvalidInput(f"--set {assignment!r}: expected FIELD=VALUE")
        _put(fields, key.strip(), _value(text))
    for key in args.unset:
        _put(fields, key.strip(), None)
    return fields


def _value(text: str) -> Any:
    """JSON for lists and objects (contacts), the text as written otherwise."""
    if text.strip()[:1] in ("[", "{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"{text!r} is not valid JSON: {exc.msg}") from None
    return text


def _put(fields: dict[str, Any], dotted: str, value: Any) -> None:
    head, _, rest = dotted.partition(".")
    if rest:
        _put(fields.setdefault(head, {}), rest, value)
    else:
        fields[head] = value


def _print_page(page: dict[str, Any], *, as_json: bool, reveal: bool = False) -> None:
    page = shown(page, reveal=reveal)
    if as_json:
        print_json(page, reveal=reveal)
        return
    print(f"{page['customer_no']}  {page['name']}  archive no. {page['archive_no']}")
    print(f"  kept by {page['owner'] or '—'} ({page['department'] or '—'})")
    for key, value in page["profile"].items():
        print(f"  {key}: {json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else value}")
    for category, rows in page["records"].items():
        if rows:
            print(f"[{category}]")
            for row in rows:
                print(f"  {row['id']}  {row['doc_type']:<12} {row['title']}")
    for entry in page.get("history", []):
        print(f"* {entry['at']} {entry['user']}: {entry['reason']} — {', '.join(entry['changes'])}")


def _register_consents(commands) -> None:
    consent = commands.add_parser("consent", help="consents to process the customer's personal information")
    actions = consent.add_subparsers(dest="consent_command", required=True)
    adding = actions.add_parser("add", help="record a consent, with the record that shows it")
    adding.add_argument("customer_no")
    adding.add_argument("--date", required=True, help="when it was given (2026-05-06)")
    adding.add_argument("--scope", required=True, help="what the customer agreed to")
    adding.add_argument("--document-id", required=True, help="the record in the file that shows it")
    adding.add_argument("--reason", required=True)
    adding.add_argument("--json", action="store_true")
    adding.set_defaults(handler=run_consent_add)
    listing = actions.add_parser("list", help="the customer's consents, oldest first")
    listing.add_argument("customer_no")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_consent_list)


def run_consent_add(args) -> int:
    container = bootstrap()
    consent = add_consent(container.records, acting_principal(), args.customer_no, given_on=args.date,
                          scope=args.scope, document_id=args.document_id, reason=args.reason, clock=container.clock)
    _print_consents([consent], as_json=args.json)
    return 0


def run_consent_list(args) -> int:
    _print_consents(consents_of(bootstrap().records, acting_principal(), args.customer_no), as_json=args.json)
    return 0


def _print_consents(consents: list[dict[str, Any]], *, as_json: bool) -> None:
    for consent in shown(consents):
        if as_json:
            print_json(consent)
        else:
            print(f"{consent['date']}  {consent['scope']}  (record {consent['document_id']}, "
                  f"recorded by {consent['recorded_by']})")
