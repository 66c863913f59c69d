"""`docarchive loan request|approve|reject|cancel|checkout|return|renew|list|show|report`: the lending desk
(借阅) from the terminal, as the acting user (cli/principal.py). A barcode scanner types a code and Enter:
`docarchive loan checkout CODE` and `docarchive loan return CODE` take what it typed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from docarchive.api.schemas.loans import LoanOut
from docarchive.bootstrap import bootstrap
from docarchive.cli.output import print_json
from docarchive.cli.principal import acting_principal
from docarchive.domain.lending import CHINA_TIME, MODES, STATES
from docarchive.services.loans import counter, desk
from docarchive.services.loans.queries import list_loans, seen_loan
from docarchive.services.loans.reports import KINDS, export_loans, loan_report

_DECISIONS = {"approve": desk.approve_loan, "reject": desk.reject_loan, "cancel": desk.cancel_loan}


def register(sub) -> None:
    loan = sub.add_parser("loan", help="the lending desk (借阅): request, approve, check out, return, renew, list")
    commands = loan.add_subparsers(dest="loan_command", required=True, metavar="ACTION")
    _register_request(commands)
    for step, text in (("approve", "approve a loan or its waiting renewal (never your own)"),
                       ("reject", "reject a loan or its waiting renewal"),
                       ("cancel", "withdraw your loan request before it goes out")):
        deciding = _with_json(commands.add_parser(step, help=text))
        deciding.add_argument("id")
        deciding.add_argument("--reason", required=True, help="why (kept with the loan)")
        deciding.set_defaults(handler=run_decision, step=step)
    out = _with_json(commands.add_parser("checkout", help="hand a volume over: its scanned barcode, or --loan ID"))
    out.add_argument("code", nargs="?", help="the volume's barcode (archive number) as scanned")
    out.add_argument("--loan", help="hand over every volume of this approved loan")
    out.set_defaults(handler=run_checkout)
    back = _with_json(commands.add_parser("return", help="take a volume back by its scanned barcode"))
    back.add_argument("code")
    back.add_argument("--condition", help="the volume's condition (default 完好)")
    back.set_defaults(handler=run_return)
    renew = _with_json(commands.add_parser("renew", help="ask for more time on a loan that is out"))
    renew.add_argument("id")
    renew.add_argument("--reason", required=True)
    renew.add_argument("--hours", type=float, help="how much longer (default by mode and level)")
    renew.set_defaults(handler=run_renew)
    show = _with_json(commands.add_parser("show", help="one loan"))
    show.add_argument("id")
    show.set_defaults(handler=run_show)
    _register_lists(commands)


def _register_request(commands) -> None:
    asking = _with_json(commands.add_parser("request", help="file a loan request (refused ones say why)"))
    asking.add_argument("--volume", action="append", default=[], help="an archive number (repeat for more)")
    asking.add_argument("--box", action="append", default=[], help="every volume of a box (repeat for more)")
    asking.add_argument("--item", action="append", default=[], help="a single record by id (repeat for more)")
    asking.add_argument("--borrower", help="who borrows (the desk files for others); default: you")
    asking.add_argument("--purpose", required=True, help="what the loan is for")
    asking.add_argument("--mode", required=True, choices=MODES, help="read in the room, take out, or copy")
    asking.add_argument("--hours", type=float, help="how long (default by mode and level)")
    asking.add_argument("--copies", type=int, help="for --mode copy")
    asking.set_defaults(handler=run_request)


def _register_lists(commands) -> None:
    listing = _with_json(commands.add_parser("list", help="loans you may see; --overdue: out and past due"))
    listing.add_argument("--status", choices=STATES)
    listing.add_argument("--overdue", action="store_true")
    listing.add_argument("--borrower")
    listing.add_argument("--volume", help="loans naming this volume")
    listing.add_argument("--limit", type=int, default=100)
    listing.set_defaults(handler=run_list)
    report = _with_json(commands.add_parser("report", help="current, overdue or history loans; --output FILE"))
    report.add_argument("--kind", choices=KINDS, default="current")
    report.add_argument("--volume", help="history of this volume")
    report.add_argument("--borrower", help="history of this borrower")
    report.add_argument("--output", type=Path, help="write a spreadsheet (.xlsx or .csv) or a PDF instead")
    report.set_defaults(handler=run_report)


def _with_json(parser):
    parser.add_argument("--json", action="store_true", help="one JSON object per loan")
    return parser


def run_request(args) -> int:
    container = bootstrap()
    loan = desk.request_loan(container.lending, acting_principal(), volumes=args.volume, boxes=args.box,
                             items=args.item, borrower=args.borrower, purpose=args.purpose, mode=args.mode,
                             hours=args.hours, copies=args.copies)
    return _print(container, [loan], args.json)


def run_decision(args) -> int:
    container = bootstrap()
    loan = _DECISIONS[args.step](container.lending, acting_principal(), args.id, reason=args.reason)
    return _print(container, [loan], args.json)


def run_checkout(args) -> int:
    container = bootstrap()
    if bool(args.code) == bool(args.loan):
        from docarchive.domain.errors import InvalidInput

        raise InvalidInput("give the scanned barcode or --loan ID (one of them)")
    if args.loan:
        loan = counter.check_out_loan(container.lending, acting_principal(), args.loan)
    else:
        loan = counter.check_out_code(container.lending, acting_principal(), args.code)
    return _print(container, [loan], args.json)


def run_return(args) -> int:
    container = bootstrap()
    loan = counter.return_code(container.lending, acting_principal(), args.code, condition=args.condition)
    return _print(container, [loan], args.json)


def run_renew(args) -> int:
    container = bootstrap()
    loan = desk.renew_loan(container.lending, acting_principal(), args.id, hours=args.hours, reason=args.reason)
    return _print(container, [loan], args.json)


def run_show(args) -> int:
    container = bootstrap()
    return _print(container, [seen_loan(container.lending, acting_principal(), args.id)], args.json)


def run_list(args) -> int:
    container = bootstrap()
    loans = list_loans(container.lending, acting_principal(), status=args.status, overdue=args.overdue,
                       borrower=args.borrower, archive_no=args.volume, limit=args.limit)
    return _print(container, loans, args.json)


def run_report(args) -> int:
    container = bootstrap()
    common = dict(kind=args.kind, volume=args.volume, borrower=args.borrower)
    if args.output:
        count = export_loans(container.lending, acting_principal(), args.output, **common)
        print(f"{count} loans written to {args.output}")
        return 0
    return _print(container, loan_report(container.lending, acting_principal(), **common), args.json)


def _print(container, loans, as_json: bool) -> int:
    now = container.clock.now()
    for loan in loans:
        shown = LoanOut.of(loan, now).model_dump()
        if as_json:
            print_json(shown)
            continue
        flag = "  OVERDUE" if shown["overdue"] else ""
        due = f"  due {loan.due.astimezone(CHINA_TIME):%Y-%m-%d %H:%M}" if loan.due else ""  # China time, as the text
        print(f"{shown['id']}  {shown['status']:<9} {shown['mode']:<4} {shown['level']:<4} {shown['borrower']}  "
              f"{' '.join(v['archive_no'] for v in shown['volumes'])}{due}{flag}")
        print(f"    {shown['text'] or _returned(shown) or shown['reason']}")
        for renewal in shown["renewals"]:
            print(f"    renewal +{renewal['hours']:g}h {renewal['state']}: {renewal['decision_reason'] or renewal['reason']}")
    if not loans and not as_json:
        print("no loans")
    return 0


def _returned(shown: dict) -> str:
    """A closed loan's last line: when each volume came back (China time, as 借出 says when it went out) and
    in what condition."""
    back = [f"{v['archive_no']} 归还 {_local(v['returned_at'])}（{v['condition']}）"
            for v in shown["volumes"] if v["returned_at"]]
    return "；".join(back) if shown["status"] == "returned" else ""


def _local(moment: str) -> str:
    return datetime.fromisoformat(moment).astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")
