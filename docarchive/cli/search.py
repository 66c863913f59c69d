"""`docarchive search QUERY` and `docarchive reindex`."""

from __future__ import annotations

import sys

from docarchive.bootstrap import bootstrap
from docarchive.services.personal_data import shown
from docarchive.cli.output import print_json
from docarchive.cli.principal import acting_principal
from docarchive.search.query import parse_query
from docarchive.services.search import reindex, search_records


def register(sub) -> None:
    parser = sub.add_parser("search", help="find records: words (AND), \"phrases\", -exclusions, OR, field:value")
    parser.add_argument("query", nargs="?", default="")
    parser.add_argument("--customer-no")
    parser.add_argument("--type", dest="doc_type", help="archive_card, id_card, contract or other")
    parser.add_argument("--year", type=int)
    parser.add_argument("--grade")
    parser.add_argument("--category")
    parser.add_argument("--page", type=int, default=1)
    parser.add_argument("--size", type=int, default=20)
    parser.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(handler=run_search)

    rebuild = sub.add_parser("reindex", help="rebuild the search index from the records")
    rebuild.set_defaults(handler=run_reindex)


def run_search(args) -> int:
    container = bootstrap()
    query = parse_query(args.query, customer_no=args.customer_no, doc_type=args.doc_type, year=args.year,
                        grade=args.grade, category=args.category)
    results = search_records(index=container.index, records=container.records, hasher=container.hasher,
                             principal=acting_principal(), query=query, page=args.page, size=args.size, sort=args.sort,
                             audit=container.audit, query_text=args.query)
    results = shown(results)  # snippets show ID numbers masked
    if args.json:
        print_json(results)
        return 0
    print(f"{results['total']}{'' if results['total_exact'] else '+'} records")
    for hit in results["hits"]:
        print(f"{hit['id']}  {hit['doc_type']:<12} {hit['customer_no'] or '—':<16} {hit['title']}  p.{hit['pages']}")
        for snippet in hit["snippets"][:1]:
            print(f"    {snippet.replace('<mark>', '[').replace('</mark>', ']')}")
    return 0


def run_reindex(args) -> int:
    container = bootstrap()
    with container.records.unit_of_work(readonly=True) as uow:
        total = uow.documents.count()
    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=total, unit="record", file=sys.stderr)
    count = reindex(index=container.index, records=container.records, hasher=container.hasher,
                    progress=bar.update if bar else None, jobs=container.settings.jobs)
    if bar:
        bar.close()
    print(f"reindexed {count} records", file=sys.stderr)
    return 0
