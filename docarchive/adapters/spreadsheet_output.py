"""Tables written for people to open in Excel or WPS: XLSX (openpyxl's write-only mode, so a 100k-row ledger
never sits in memory as a whole workbook) or CSV with a BOM, chosen by the file's suffix.

Every cell is written as a value, never as a formula. Cell text comes from customers, OCR and imported files,
so a name like `=HYPERLINK(…)` or `=cmd|' /C calc'!A0` would run when the file is opened: text that a
spreadsheet would read as a formula gets a leading `'`, as OWASP's CSV-injection guidance recommends.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any, Iterable

from docarchive.domain.errors import InvalidInput

# What makes Excel, WPS or LibreOffice start a formula (or DDE), in ASCII and in the full-width forms
# Chinese input methods type; tab and CR because spreadsheets drop them before reading the rest.
_FORMULA_STARTS = frozenset("=+-@＝＋－＠")
_CONTROL_STARTS = frozenset("\t\r\n")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")  # -12.5 is a number, not a formula
_ILLEGAL_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # openpyxl refuses these in a cell
SUFFIXES = (".xlsx", ".csv")


def text_cell(value: Any) -> Any:
    """The value as a spreadsheet shows it and never runs it: numbers and dates as they are, text escaped."""
    if not isinstance(value, str) or not value or _PLAIN_NUMBER.fullmatch(value):
        return value
    if value[0] in _CONTROL_STARTS or value.lstrip()[:1] in _FORMULA_STARTS:
        return "'" + value
    return value


def check_table_path(path: Path) -> None:
    """Refuse, before any work is done, a file name whose suffix is neither .xlsx nor .csv."""
    if path.suffix.lower() not in SUFFIXES:
        shown = f"'{path.suffix}'" if path.suffix else "no suffix"
        raise InvalidInput(f"{path}: cannot write {shown}; name the file .xlsx or .csv")


def write_table(path: Path, header: list[str], rows: Iterable[Iterable[Any]], *, title: str = "Sheet1") -> int:
    """XLSX or CSV by the suffix; returns the number of data rows."""
    check_table_path(path)
    if path.suffix.lower() == ".csv":
        return write_csv(path, header, rows)
    return write_xlsx(path, header, rows, title=title)


def write_xlsx(path: Path, header: list[str], rows: Iterable[Iterable[Any]], *, title: str = "Sheet1") -> int:
    """Write one sheet; returns the number of data rows. Written to a temporary name first, so a failure
    never leaves half a file where a good one was."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append(xlsx_row(header))
    count = 0
    for row in rows:
        sheet.append(xlsx_row(row))
        count += 1
    partial = path.with_name(path.name + ".partial")
    workbook.save(partial)
    partial.replace(path)
    return count


def xlsx_row(row: Iterable[Any]) -> list[Any]:
    return [_ILLEGAL_IN_XLSX.sub("\ufffd", cell) if isinstance(cell, str) else cell for cell in map(text_cell, row)]


def write_csv(path: Path, header: list[str], rows: Iterable[Iterable[Any]]) -> int:
    """UTF-8 with a BOM, which Excel needs to read Chinese; the same temporary-name rule as XLSX."""
    partial = path.with_name(path.name + ".partial")
    count = 0
    with partial.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([text_cell(cell) for cell in header])
        for row in rows:
            writer.writerow(["" if cell is None else text_cell(cell) for cell in row])
            count += 1
    partial.replace(path)
    return count
