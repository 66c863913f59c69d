"""XLSX files read with calamine (python-calamine, the Rust reader): values only, which is all an import needs.

A workbook comes from outside, so its size is checked before calamine expands any of it (_xlsx_limits.py):
calamine's allocations abort the process when they fail. Writing is spreadsheet_output.py.
"""

from __future__ import annotations

import zipfile
from contextlib import contextmanager
from datetime import time, timedelta
from pathlib import Path
from typing import Any, Iterator

from docarchive.adapters._xlsx_limits import SheetLimits, check_workbook
from docarchive.adapters.spreadsheet_output import text_cell
from docarchive.domain.errors import UnsupportedFile

Row = tuple[Any, ...]


@contextmanager
def read_xlsx(path: Path, limits: SheetLimits = SheetLimits()) -> Iterator[Iterator[Row]]:
    """The first sheet's rows as tuples of cell values from row 1 (header first; an empty row comes as ())."""
    _check(path, limits)
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        grid = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError) as exc:
        raise UnsupportedFile(f"{path}: not a readable .xlsx workbook ({_reason(exc)})") from exc
    try:
        _check_cell_lengths(path, grid, limits)
        yield (_row(cells) for cells in grid)
    finally:
        workbook.close()


def _check(path: Path, limits: SheetLimits) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            check_workbook(archive, limits)
    except FileNotFoundError:
        raise UnsupportedFile(f"{path}: no such file") from None
    except UnsupportedFile as refused:
        raise UnsupportedFile(f"{path}: {refused}") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise UnsupportedFile(f"{path}: not a readable .xlsx workbook ({_reason(exc)})") from exc


def _check_cell_lengths(path: Path, grid: list[list[Any]], limits: SheetLimits) -> None:
    """Before the first row is handed out: a refusal half-way through would leave half a ledger imported."""
    longest = max((len(cell) for cells in grid for cell in cells if type(cell) is str), default=0)
    if longest > limits.cell_chars:
        raise UnsupportedFile(f"{path}: a cell holds {longest:,} characters; the limit is {limits.cell_chars:,} "
                              "(Excel's own)")


def _row(cells: list[Any]) -> Row:
    values = [_value(cell) for cell in cells]
    while values and values[-1] is None:
        values.pop()
    return tuple(values)


def _value(cell: Any) -> Any:
    if cell == "":
        return None
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)  # calamine reads every number as a float; 客户编号 12345 is not 12345.0
    if isinstance(cell, (time, timedelta)):
        return str(cell)
    if isinstance(cell, str) and cell.startswith("'") and text_cell(cell[1:]) == cell:
        return cell[1:]  # our own escape of text that looks like a formula: an export imports back unchanged
    return cell


def _reason(exc: BaseException) -> str:
    detail = " ".join(str(exc).split())[:120]
    return f"{exc.__class__.__name__}: {detail}" if detail else exc.__class__.__name__

