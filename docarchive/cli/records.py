"""`docarchive show`, `docarchive list`: reading records from the terminal."""

from __future__ import annotations

from docarchive.bootstrap import bootstrap
from docarchive.domain.personal_data import REVEAL_ID_NUMBER
from docarchive.services.personal_data import reveal_id_numbers, shown
from docarchive.cli.output import print_json
from docarchive.cli.principal import acting_principal
from docarchive.services.documents import list_documents, shown_document


def register(sub) -> None:
    show = sub.add_parser("show", help="show one electronic record")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    show.add_argument("--reveal", action="store_const", const=REVEAL_ID_NUMBER,
                      help="show ID numbers in full (archivist, director; audited)")
    show.set_defaults(handler=run_show)

    listing = sub.add_parser("list", help="list records, newest first")
    listing.add_argument("--customer-no")
    listing.add_argument("--unassigned", action="store_true", help="only records not yet linked to a customer")
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)


def run_show(args) -> int:
    container = bootstrap()
    principal = acting_principal()
    found = shown_document(container.records, args.id, principal=principal, audit=container.audit)
    revealed = not found.get("withheld") and reveal_id_numbers(
        container.audit, principal, args.reveal, customer_no=found["customer_no"], document_id=found["id"])
    document = shown(found, reveal=revealed)
    if args.json:
        print_json(document, reveal=revealed)
        return 0
    print(f"{document['id']}  {document['title']}  [{document['doc_type']}]  customer {document['customer_no'] or '—'}")
    if document.get("withheld"):
        print(f"  ({document['confidentiality']}: content withheld; an approved request lets you read it)")
        return 0
    for key, value in document["fields"].items():
        print(f"  {key}: {value}")
    for warning in document["warnings"]:
        print(f"  ! {warning}")
    for page in document["pages"]:
        confidence = "text layer" if page["confidence"] is None else f"confidence {page['confidence']:.2f}"
        print(f"--- page {page['n']} ({confidence})\n{page['text']}")
    return 0


def run_list(args) -> int:
    documents = list_documents(bootstrap().records, principal=acting_principal(), customer_no=args.customer_no,
                               unassigned=args.unassigned, limit=args.limit)
    rows = [_row(d) for d in documents]
    if args.json:
        for row in rows:
            print_json(row)
    else:
        for row in rows:
            print(f"{row['id']}  {row['doc_type']:<12} {row['customer_no'] or 'unassigned':<16} {row['title']}")
    return 0


def _row(document: dict) -> dict:
    keys = ("id", "doc_type", "customer_no", "title", "filename", "created_at")
    if document.get("withheld"):
        return {key: document.get(key) for key in keys} | {"pages": document["page_count"], "withheld": True}
    return {key: document[key] for key in keys} | {"pages": len(document["pages"]),
                                                   "link": document["link"],
                                                   "review": [flag["reason"] for flag in document["review"]]}
