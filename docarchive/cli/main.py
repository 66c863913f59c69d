"""`docarchive` command line: thin commands over the services."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from docarchive.cli import customers, ingest, operations, paper, printouts, records, search, serve
from docarchive.domain.errors import DocarchiveError, InvalidInput
from docarchive.domain.principal import Principal, principal_for

COMMANDS = (ingest, records, customers, search, operations, serve, paper, printouts)
LATER_COMMANDS = ("docarchive.cli.customer_files",)  # they extend commands above (customer), and import this module


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


def acting_principal() -> Principal:
    """The user a command acts as: DOCARCHIVE_USER, else the login name (sign-in comes with access control)."""
    try:
        return principal_for(os.environ.get("DOCARCHIVE_USER") or _login_name())
    except ValueError as exc:
        raise InvalidInput(f"DOCARCHIVE_USER: {exc}") from exc


def _login_name() -> str | None:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


if __name__ == "__main__":
    sys.exit(main())
