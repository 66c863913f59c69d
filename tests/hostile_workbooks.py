"""Hostile XLSX ledgers, made on the fly: a valid workbook whose sheet XML says something an attacker chose."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
_HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>客户编号</t></is></c><c r="B1" t="inlineStr"><is><t>客户名称</t></is></c></row>'


def _template() -> dict[str, bytes]:
    workbook = Workbook()
    workbook.active.append(["客户编号", "客户名称"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def workbook_with_rows(path: Path, *rows_xml: str, dimension: str = "A1:B2", zip64: bool = False) -> Path:
    """A ledger with the header row and then `rows_xml` (streamed, so it may be huge) as its sheetData."""
    parts = _template()
    del parts[SHEET]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        with archive.open(SHEET, "w", force_zip64=zip64) as sheet:
            sheet.write('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                        f'<dimension ref="{dimension}"/><sheetData>{_HEADER}'.encode())
            for piece in rows_xml:
                sheet.write(piece.encode())
            sheet.write(b"</sheetData></worksheet>")
    return path


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def far_row(path: Path) -> Path:
    """Row two thousand million: a reader that fills the gap row by row never ends."""
    return workbook_with_rows(path, f'<row r="2000000000">{text_cell("A2000000000", "KH-1")}</row>',
                              dimension="A1:B2000000000")


def far_column(path: Path) -> Path:
    """Column ZZZZZZZ: a reader that pads the row up to it runs out of memory."""
    return workbook_with_rows(path, f'<row r="2">{text_cell("A2", "KH-1")}{text_cell("ZZZZZZZ2", "x")}</row>',
                              dimension="A1:ZZZZZZZ2")


def huge_cell(path: Path, megabytes: int = 300) -> Path:
    """A few hundred KB on disk that expand to one cell of `megabytes` MB (zip's deflate does ~1000:1)."""
    megabyte = "甲" * ((1 << 20) // 3)
    return workbook_with_rows(path, f'<row r="2">{text_cell("A2", "KH-1")}<c r="B2" t="inlineStr"><is><t>',
                              *(megabyte for _ in range(megabytes)), "</t></is></c></row>", zip64=True)


def long_cell(path: Path) -> Path:
    """One cell of a megabyte: within the uncompressed limit, far over a cell's."""
    return huge_cell(path, megabytes=1)


def lying_sizes(path: Path, claimed: int = 1000) -> Path:
    """A workbook whose zip directory says the sheet is `claimed` bytes: it really expands to 10 MB."""
    workbook_with_rows(path, "".join(f'<row r="{n}">{text_cell(f"A{n}", "KH-" + "x" * 90)}</row>'
                                     for n in range(2, 80_000)), dimension="A1:B80000")
    data = bytearray(path.read_bytes())
    name = SHEET.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = data.find(signature)
        while start >= 0:
            if data[start + name_at : start + name_at + len(name)] == name:
                struct.pack_into("<I", data, start + size_at, claimed)
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))
    return path


def many_rows(path: Path, count: int) -> Path:
    rows = "".join(f'<row r="{n}">{text_cell(f"A{n}", f"KH-{n}")}</row>' for n in range(2, count + 2))
    return workbook_with_rows(path, rows, dimension=f"A1:B{count + 1}")


def wide_row(path: Path, count: int) -> Path:
    """One row of `count` cells: each a column a reader must keep."""
    cells = "".join(f'<c r="{_letters(n)}2"><v>{n}</v></c>' for n in range(1, count + 1))
    return workbook_with_rows(path, f'<row r="2">{cells}</row>')


def _letters(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
