"""Ledger readers side by side: what reading a customer ledger costs with calamine (the import's reader),
openpyxl in read-only mode, and the hand-written sheet-XML parser the import used before calamine.

    python -m bench.ledger_readers [--rows 100000] [--repeat 3] [--old-reader-rev 1627eca^]

One generated ledger (bench.customers' rows and header) is read whole by each reader, the readers taking
turns round by round so load from other processes falls on all alike; printed: seconds per read (best and
median), rows per second and the ratio to calamine. The old parser is taken from git at `--old-reader-rev`
(the commit before calamine replaced it) into a temporary module: it is no longer part of docarchive.
The calamine figure includes the bounds the import checks first (rows, columns, cells, uncompressed size).
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Callable

from bench.customers import HEADER, ledger_rows
from docarchive.adapters.spreadsheet_output import write_xlsx
from docarchive.adapters.spreadsheets import read_xlsx


def read_with_calamine(path: Path) -> int:
    with read_xlsx(path) as rows:
        return sum(1 for _ in rows)


def read_with_openpyxl(path: Path) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def old_reader(rev: str, workdir: Path) -> Callable[[Path], int] | None:
    """The pre-calamine parser from git, or None outside a git checkout that has it."""
    root = Path(__file__).resolve().parents[1]
    shown = subprocess.run(["git", "-C", str(root), "show", f"{rev}:docarchive/adapters/_xlsx_reader.py"],
                           capture_output=True, text=True)
    if shown.returncode != 0:
        print(f"old reader: not found at {rev} ({shown.stderr.strip()})")
        return None
    source = workdir / "old_xlsx_reader.py"
    source.write_text(shown.stdout, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_xlsx_reader", source)
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_xlsx_reader"] = module
    spec.loader.exec_module(module)

    def read(path: Path) -> int:
        with zipfile.ZipFile(path) as archive:
            return sum(1 for _ in module.iter_first_sheet(archive))

    return read


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--old-reader-rev", default="1627eca^")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        ledger = workdir / "ledger.xlsx"
        write_xlsx(ledger, HEADER, ledger_rows(args.rows), title="客户台账")
        print(f"ledger: {args.rows:,} rows, {ledger.stat().st_size / 1e6:.1f} MB")
        readers = {"calamine (import)": read_with_calamine, "openpyxl read-only": read_with_openpyxl}
        if (old := old_reader(args.old_reader_rev, workdir)) is not None:
            readers["hand-written XML (before)"] = old
        times: dict[str, list[float]] = {name: [] for name in readers}
        for round_ in range(args.repeat):
            for name in list(readers)[round_ % len(readers):] + list(readers)[:round_ % len(readers)]:
                started = time.perf_counter()
                rows = readers[name](ledger)
                times[name].append(time.perf_counter() - started)
                assert rows >= args.rows, (name, rows)
        base = statistics.median(times["calamine (import)"])
        print(f"{'reader':<28} {'best s':>8} {'median s':>9} {'rows/s':>10} {'÷ calamine':>11}")
        for name, seconds in times.items():
            median = statistics.median(seconds)
            print(f"{name:<28} {min(seconds):8.2f} {median:9.2f} {args.rows / median:10,.0f} {median / base:10.2f}×")


if __name__ == "__main__":
    main()
