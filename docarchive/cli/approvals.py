"""`docarchive approval request|approve|reject|cancel|list`: requests and their decisions, as the acting user
with their account's roles (cli/principal.py)."""

from __future__ import annotations

from datetime import timedelta

from docarchive.api.schemas.approvals import ApprovalOut
from docarchive.bootstrap import bootstrap
from docarchive.cli.output import print_json
from docarchive.cli.principal import acting_principal
from docarchive.domain.approvals import KINDS
from docarchive.services.approvals import (
    approve_request,
    cancel_request,
    my_requests,
    reject_request,
    request_approval,
    waiting_for,
)

_STEPS = {"approve": approve_request, "reject": reject_request, "cancel": cancel_request}


def register(sub) -> None:
    approval = sub.add_parser("approval", help="approval requests (审批): ask, decide, list what waits for you")
    commands = approval.add_subparsers(dest="approval_command", required=True, metavar="ACTION")

    asking = commands.add_parser("request", help="ask for what your role does not allow directly")
    asking.add_argument("--kind", required=True, choices=KINDS)
    asking.add_argument("--subject", required=True, help="a record id or a customer number")
    asking.add_argument("--reason", required=True, help="why (kept with the request)")
    asking.add_argument("--hours", type=float, help="how long an approval lasts (default by kind)")
    asking.add_argument("--json", action="store_true")
    asking.set_defaults(handler=run_request)

    for step, text in (("approve", "approve a request (never your own)"), ("reject", "reject a request"),
                       ("cancel", "withdraw your own pending request")):
        deciding = commands.add_parser(step, help=text)
        deciding.add_argument("id")
        deciding.add_argument("--reason", required=True, help="why (kept with the decision)")
        deciding.add_argument("--json", action="store_true")
        deciding.set_defaults(handler=run_step, step=step)

    listing = commands.add_parser("list", help="what waits for your decision; --mine: your own requests")
    listing.add_argument("--mine", action="store_true")
    listing.add_argument("--limit", type=int, default=100)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)


def run_request(args) -> int:
    container = bootstrap()
    duration = None if args.hours is None else timedelta(hours=args.hours)
    request = request_approval(container.approval_desk, acting_principal(), kind=args.kind,
                               subject=args.subject, reason=args.reason, duration=duration)
    _print(container, [request], as_json=args.json)
    return 0


def run_step(args) -> int:
    container = bootstrap()
    request = _STEPS[args.step](container.approval_desk, acting_principal(), args.id,
                                reason=args.reason)
    _print(container, [request], as_json=args.json)
    return 0


def run_list(args) -> int:
    container = bootstrap()
    chosen = my_requests if args.mine else waiting_for
    _print(container, chosen(container.approval_desk, acting_principal(), limit=args.limit),
           as_json=args.json)
    return 0


def _print(container, requests, *, as_json: bool) -> None:
    shown = [ApprovalOut.of(request, container.clock.now()).model_dump() for request in requests]
    for item in shown:
        if as_json:
            print_json(item)
        else:
            until = f" until {item['until']}" if item["until"] else ""
            print(f"{item['id']}  {item['state']:<9} {item['kind']:<32} {item['subject']}  "
                  f"by {item['requested_by']}{until}\n    {item['reason']}")
