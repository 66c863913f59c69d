"""`docarchive review list|link|dismiss`: the records that need a person, and what a person decides."""

from __future__ import annotations

from docarchive.api.schemas.review import ReviewPageOut
from docarchive.bootstrap import bootstrap
from docarchive.services.personal_data import shown
from docarchive.cli.output import print_json
from docarchive.cli.principal import acting_principal
from docarchive.domain.linking import REVIEW_REASONS
from docarchive.services.documents import document_json
from docarchive.services.linking import dismiss_reason, link_by_hand, review_queue


def register(sub) -> None:
    review = sub.add_parser("review", help="records that need a person: unlinked, conflicting, unfiled, …")
    commands = review.add_subparsers(dest="review_command", required=True, metavar="ACTION")

    listing = commands.add_parser("list", help="the review queue, oldest first, with counts per reason")
    listing.add_argument("--reason", choices=REVIEW_REASONS)
    listing.add_argument("--page", type=int, default=1)
    listing.add_argument("--size", type=int, default=50)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)

    link = commands.add_parser("link", help="file a record under a customer by hand")
    link.add_argument("id")
    link.add_argument("--customer-no", required=True)
    link.add_argument("--reason", required=True, help="why (kept in the record's history)")
    link.add_argument("--json", action="store_true")
    link.set_defaults(handler=run_link)

    dismiss = commands.add_parser("dismiss", help="clear one reason a record waits for")
    dismiss.add_argument("id")
    dismiss.add_argument("--reason-code", required=True, choices=REVIEW_REASONS)
    dismiss.add_argument("--reason", required=True, help="why (kept in the record's history)")
    dismiss.add_argument("--json", action="store_true")
    dismiss.set_defaults(handler=run_dismiss)


def run_list(args) -> int:
    page = ReviewPageOut.of(review_queue(bootstrap().records, principal=acting_principal(), reason=args.reason,
                                         page=args.page, size=args.size)).model_dump()
    page = shown(page)
    if args.json:
        print_json(page)
        return 0
    counts = ", ".join(f"{reason} {n}" for reason, n in page["counts"].items() if reason != "all")
    print(f"{page['total']} records need a person ({counts or 'none'})")
    for item in page["items"]:
        reasons = ", ".join(_describe(flag) for flag in item["reasons"])
        print(f"{item['id']}  {item['doc_type']:<12} {item['customer_no'] or 'unassigned':<16} {item['title']}"
              f"\n    {reasons}")
    return 0


def run_link(args) -> int:
    container = bootstrap()
    document = link_by_hand(container.records, principal=acting_principal(), clock=container.clock,
                            document_id=args.id, customer_no=args.customer_no, reason=args.reason)
    return _done(args, document, f"{document.id} linked to {document.customer_no}")


def run_dismiss(args) -> int:
    container = bootstrap()
    document = dismiss_reason(container.records, principal=acting_principal(), clock=container.clock,
                              document_id=args.id, reason_code=args.reason_code, reason=args.reason)
    return _done(args, document, f"{document.id}: {args.reason_code} cleared")


def _done(args, document, line: str) -> int:
    print_json(document_json(document)) if args.json else print(line)
    return 0


def _describe(flag: dict) -> str:
    details = {key: value for key, value in flag.items() if key != "reason"}
    if "candidates" in details:
        details["candidates"] = "/".join(c["customer_no"] for c in details["candidates"])
    return flag["reason"] + (f" ({', '.join(f'{k} {v}' for k, v in details.items())})" if details else "")
