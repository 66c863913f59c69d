"""`docarchive check [--json] [--pdf FILE]`: the four-property check (四性检测) of the whole archive."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from docarchive.maintenance import check_archive
from docarchive.cli.output import print_json


def register(sub) -> None:
    check = sub.add_parser("check", help="四性检测: authenticity, integrity, usability and safety of the whole archive "
                                         "(exit 0 when all hold, 1 with each failure located)")
    check.add_argument("--json", action="store_true", help='one object: {"ok", "failures": [...], "counts": {...}}')
    check.add_argument("--pdf", type=Path, metavar="FILE", help="also write the report as a PDF")
    check.set_defaults(handler=run_check)


def run_check(args) -> int:
    report = check_archive()
    if args.pdf:
        from docarchive.printing.check_report import check_report_pdf

        args.pdf.write_bytes(check_report_pdf(report, at=datetime.now(UTC), archive=_archive_name()))
    if args.json:
        print_json(report)
    else:
        for failure in report["failures"]:
            print(f"{failure['property']:<12} {failure['kind']:<24} {failure['where']}: {failure['detail']}")
        counts = report["counts"]
        summary = ", ".join(f"{n} {what}" for what, n in counts.items() if isinstance(n, int))
        print(("ok: " if report["ok"] else f"{len(report['failures'])} failures: ") + summary)
    return 0 if report["ok"] else 1


def _archive_name() -> str:
    from docarchive.config import Settings

    settings = Settings()
    return f"MongoDB {settings.mongo_database}" if settings.mongo_url else str(settings.home.resolve())
