"""`docarchive holdings` and `docarchive usage`: the archive room's holdings and use (馆藏与利用统计), as JSON, a
short table, or a file (--out report.xlsx | report.pdf)."""

from __future__ import annotations

from pathlib import Path

from docarchive.bootstrap import bootstrap
from docarchive.cli.output import print_json, report_format, write_report
from docarchive.cli.principal import acting_principal
from docarchive.domain.dates import parse_moment
from docarchive.printing.report_tables import Section, holdings_sections, use_sections
from docarchive.services.holdings import holdings_report, use_report
from docarchive.services.holdings_printouts import holdings_file, use_file


def register(sub) -> None:
    holdings = sub.add_parser("holdings", help="what the archive room holds, by year, category, retention, level")
    holdings.add_argument("--out", type=Path, metavar="FILE", help="write report.xlsx or report.pdf instead")
    holdings.add_argument("--json", action="store_true")
    holdings.set_defaults(handler=run_holdings)

    usage = sub.add_parser("usage", help="how the archive is used (accesses; loans), by month and category")
    usage.add_argument("--since", help="from (date or date and time; default a year before --until)")
    usage.add_argument("--until", help="before (default now)")
    usage.add_argument("--out", type=Path, metavar="FILE", help="write report.xlsx or report.pdf instead")
    usage.add_argument("--json", action="store_true")
    usage.set_defaults(handler=run_usage)


def run_holdings(args) -> int:
    container, principal = bootstrap(), acting_principal()
    try:
        if args.out:
            content = holdings_file(container.records, principal, report_format(args.out), clock=container.clock,
                                    timezone=container.timezone, audit=container.audit)
            return write_report(args.out, content)
        report = holdings_report(container.records, principal, audit=container.audit, clock=container.clock)
    finally:
        container.close()
    print_json(report) if args.json else _print_sections(holdings_sections(report))
    return 0


def run_usage(args) -> int:
    container, principal = bootstrap(), acting_principal()
    try:
        now, zone = container.clock.now(), container.timezone
        period = {"since": parse_moment(args.since, now, zone) if args.since else None,
                  "until": parse_moment(args.until, now, zone) if args.until else None}
        common = {"sources": container.use_sources, "clock": container.clock, "timezone": zone,
                  "audit": container.audit, **period}
        if args.out:
            content = use_file(container.records, principal, report_format(args.out), **common)
            return write_report(args.out, content)
        report = use_report(container.records, principal, **common)
    finally:
        container.close()
    print_json(report) if args.json else _print_sections(use_sections(report))
    return 0


def _print_sections(sections: list[Section]) -> None:
    for section in sections:
        print(section.title)
        print("  " + "\t".join(section.header))
        for row in section.rows:
            print("  " + "\t".join(str(value) for value in row))
