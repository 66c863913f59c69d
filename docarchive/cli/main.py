"""`docarchive` command line: thin commands over the services."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from docarchive.cli import (
    approvals, audit, backup, check, confidentiality, customers, disposal, holdings, ingest, keys, loans, operations,
    paper, printouts, records, review, rooms, search, serve, users,
)
from docarchive.domain.errors import DocarchiveError

COMMANDS = (ingest, records, review, customers, search, operations, serve, paper, printouts, users, audit, keys,
            confidentiality, approvals, backup, check, disposal, loans, rooms, holdings)
LATER_COMMANDS = ("docarchive.cli.customer_files",)  # they extend commands registered above (customer)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="docarchive", description="Customer archives: scan, OCR, file, find.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(sub)
    for name in LATER_COMMANDS:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except DocarchiveError as exc:
        print(f"docarchive: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("docarchive: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
