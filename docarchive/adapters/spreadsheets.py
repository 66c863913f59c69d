"""XLSX files through openpyxl: rows streamed in (read-only mode) and out (write-only mode), so a 100k-row
ledger never sits in memory as a whole workbook."""

from __future__ import annotations

import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

from docarchive.domain.errors import UnsupportedFile

Row = tuple[Any, ...]


@contextmanager
def read_xlsx(path: Path) -> Iterator[Iterator[Row]]:
    """The first sheet's rows as tuples of cell values (header first)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise UnsupportedFile(f"{path}: no such file") from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnsupportedFile(f"{path}: not a readable .xlsx workbook ({exc.__class__.__name__})") from exc
    try:
        yield workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def write_xlsx(path: Path, header: list[str], rows: Iterable[Iterable[Any]], *, title: str = "Sheet1") -> int:
    """Write one sheet; returns the number of data rows. Written to a temporary name first, so a failure
    never leaves half a file where a good one was."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append(list(row))
        count += 1
    partial = path.with_name(path.name + ".partial")
    workbook.save(partial)
    partial.replace(path)
    return count
