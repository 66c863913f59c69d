"""XLSX files read: rows streamed in (a plain XML reader, openpyxl's read-only mode for unusual layouts), so a
100k-row ledger never sits in memory as a whole workbook. Writing is spreadsheet_output.py."""

from __future__ import annotations

import itertools
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from xml.etree.ElementTree import ParseError

from docarchive.adapters._xlsx_reader import NotPlainXlsx, iter_first_sheet
from docarchive.domain.errors import UnsupportedFile

Row = tuple[Any, ...]


@contextmanager
def read_xlsx(path: Path) -> Iterator[Iterator[Row]]:
    """The first sheet's rows as tuples of cell values (header first; a row with no cells comes as ())."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise UnsupportedFile(f"{path}: no such file") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnsupportedFile(f"{path}: not a readable .xlsx workbook ({exc.__class__.__name__})") from exc
    with archive:
        try:
            rows = iter_first_sheet(archive)
            first = next(rows, None)  # reads the workbook's structure: a layout we do not know shows here
        except NotPlainXlsx:
            with _read_with_openpyxl(path) as rows:
                yield rows
            return
        except (ParseError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            raise UnsupportedFile(f"{path}: not a readable .xlsx workbook ({exc.__class__.__name__})") from exc
        yield _checked(path, itertools.chain([first] if first is not None else [], rows))


def _checked(path: Path, rows: Iterator[Row]) -> Iterator[Row]:
    """A sheet damaged after its first rows is reported as a bad file, not as a crash."""
    try:
        yield from rows
    except (ParseError, ValueError, IndexError, zipfile.BadZipFile) as exc:
        raise UnsupportedFile(f"{path}: the sheet is damaged ({exc.__class__.__name__})") from exc


@contextmanager
def _read_with_openpyxl(path: Path) -> Iterator[Iterator[Row]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnsupportedFile(f"{path}: not a readable .xlsx workbook ({exc.__class__.__name__})") from exc
    try:
        yield workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()

