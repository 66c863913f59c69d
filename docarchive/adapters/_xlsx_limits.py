"""Bounds a workbook must keep before calamine reads it.

calamine builds a sheet as one dense grid from its first to its last cell, and a failed allocation aborts the
whole process (Rust aborts; Python gets no exception): a single `<row r="2000000000">` or cell `ZZZZZZZ2`
would take the server down, and a 293 KB zip that expands to a 300 MB cell would be read whole. So the zip's
parts are checked first — their declared sizes before anything is expanded, then the bytes themselves,
streamed in blocks (zipfile stops at the declared size and fails the CRC of a part that lied about it) — for
the rows, columns and cell sizes calamine would allocate.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import IO

from docarchive.domain.errors import UnsupportedFile


@dataclass(frozen=True)
class SheetLimits:
    rows: int = 200_000  # data rows, after the header; twice the largest ledger we benchmark
    columns: int = 256  # a ledger has about 30
    cells: int = 4_000_000  # rows × columns spanned: calamine's grid and the rows in Python stay ~0.5 GB
    cell_chars: int = 32_767  # Excel's own limit for one cell
    uncompressed_bytes: int = 256 << 20  # all parts together, as declared and as read (100k rows: ~80 MB)

    @property
    def element_bytes(self) -> int:
        """A cell's (or shared string's) XML: its text at 4 bytes a character, and the markup around it."""
        return self.cell_chars * 4 + 4096


_BLOCK = 1 << 20
# In sheet XML only a cell's reference starts with a letter. Written as Excel writes it (fast to find), and as
# XML also allows: other spaces, other quotes; the second is tried where the first misses cells. A cell's own
# reference places it, whatever its row says: its row number counts too (six digits or more: over 100,000).
_REF_FORMS = (rb' r="', rb"""\sr\s*=\s*["']""")
_CELL_COLUMNS = tuple(re.compile(form + rb"([A-Za-z]+)") for form in _REF_FORMS)
_CELL_FAR_ROWS = tuple(re.compile(form + rb"[A-Za-z]+(\d{6,})") for form in _REF_FORMS)
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
_PREFIXED = re.compile(rb":(?:c|row|si)\b")  # an element with a namespace prefix, like <x:row>, or close to it


class _Patterns:
    """Element starts: literal patterns are several times faster to search for than ones allowing a prefix."""

    def __init__(self, prefix: bytes):
        c, row, si = (b"<" + prefix + name + rb"\b" for name in (b"c", b"row", b"si"))
        self.cell = re.compile(c)
        self.cell_or_row = re.compile(c + b"|" + row)
        self.row_ref = re.compile(row + rb"""(?:[^>]*?\sr\s*=\s*["'](\d+))?""")  # b"" for a row without r
        self.row = re.compile(row)
        self.shared_string = re.compile(si)


_PLAIN, _ANY_PREFIX = _Patterns(b""), _Patterns(rb"(?:\w+:)?")


def check_workbook(archive: zipfile.ZipFile, limits: SheetLimits) -> None:
    """Raise UnsupportedFile, with the reason in one line, for a workbook over the limits."""
    _check_declared_sizes(archive, limits)
    for info in archive.infolist():
        if _SHEET_PART.fullmatch(info.filename):
            with archive.open(info) as part:
                _SheetScan(limits).run(part)
        elif info.filename == "xl/sharedStrings.xml":
            with archive.open(info) as part:
                _ElementScan(limits).run(part)


def _check_declared_sizes(archive: zipfile.ZipFile, limits: SheetLimits) -> None:
    declared = sum(info.file_size for info in archive.infolist())
    if declared > limits.uncompressed_bytes:
        raise UnsupportedFile(f"the workbook expands to {declared / 2**20:,.0f} MB; the limit is "
                              f"{limits.uncompressed_bytes / 2**20:,.0f} MB (split the ledger)")


class _ElementScan:
    """Streams a part in blocks cut between tags, and measures each element (shared string) in it."""

    def __init__(self, limits: SheetLimits):
        self.limits = limits
        self.open_bytes = 0  # of the element still going on at the end of the last block
        self.patterns = _PLAIN

    def starts(self) -> re.Pattern:
        return self.patterns.shared_string

    def run(self, part: IO[bytes]) -> None:
        carry = b""
        while block := part.read(_BLOCK):
            buffer = carry + block
            cut = buffer.rfind(b"<")
            if cut <= 0:  # no tag starts in a whole block: only text, which belongs to the open element
                cut = len(buffer)
            self.scan(buffer[:cut])
            carry = buffer[cut:]
        self.scan(carry)

    def scan(self, block: bytes) -> int:
        """Returns how many elements start in the block."""
        self.patterns = _ANY_PREFIX if _PREFIXED.search(block) else _PLAIN
        pieces = self.starts().split(block)
        self.open_bytes += len(pieces[0])
        longest = max(self.open_bytes, max(map(len, pieces[1:-1]), default=0))
        if len(pieces) > 1:
            self.open_bytes = len(pieces[-1])
        if max(longest, self.open_bytes) > self.limits.element_bytes:
            raise UnsupportedFile(f"a cell holds more than {self.limits.cell_chars:,} characters (Excel's own limit)")
        return len(pieces) - 1


class _SheetScan(_ElementScan):
    """Also finds the last row and column calamine would allocate up to."""

    def __init__(self, limits: SheetLimits):
        super().__init__(limits)
        self.rows = 0  # <row> elements seen, and the highest row number any of them gave
        self.last_row = 0
        self.columns: set[bytes] = set()  # column letters of the cells that say where they are
        self.open_row_cells = 0  # cells without a reference in the row still going on
        self.widest_unreferenced = 0

    def starts(self) -> re.Pattern:
        return self.patterns.cell_or_row

    def scan(self, block: bytes) -> int:
        elements = super().scan(block)
        row_numbers = self.patterns.row_ref.findall(block)  # one per row: b"" where the row does not say
        rows = len(row_numbers)
        self.rows += rows
        self.last_row = max(self.last_row, self.rows, *map(_row_number, filter(None, row_numbers)))
        form = 0
        references = _CELL_COLUMNS[form].findall(block)
        if len(references) != elements - rows:
            form = 1
            references = _CELL_COLUMNS[form].findall(block)
        self.columns.update(references)
        far_rows = _CELL_FAR_ROWS[form].findall(block)
        self.last_row = max(self.last_row, max(map(_row_number, far_rows), default=0))
        if len(references) != elements - rows:
            self._count_unreferenced(block)
        self._check()
        return elements

    def _count_unreferenced(self, block: bytes) -> None:
        """Cells without `r` go one column to the right of the last: count them per row."""
        rows = self.patterns.row.split(block)
        counts = [len(self.patterns.cell.findall(row)) for row in rows]
        self.open_row_cells += counts[0]
        self.widest_unreferenced = max(self.widest_unreferenced, self.open_row_cells, *counts)
        if len(rows) > 1:
            self.open_row_cells = counts[-1]

    def _check(self) -> None:
        limits = self.limits
        if self.last_row > limits.rows + 1:
            raise UnsupportedFile(f"the sheet goes down to row {self.last_row:,}; the limit is {limits.rows:,} "
                                  "rows after the header (split the ledger)")
        widest = max(self.columns, key=_column_number, default=b"")
        last_column = _column_number(widest) + self.widest_unreferenced
        if last_column > limits.columns:
            shown = widest.decode().upper() if not self.widest_unreferenced else f"{last_column:,}"
            raise UnsupportedFile(f"the sheet goes across to column {shown}; the limit is {limits.columns} columns")
        if self.last_row * last_column > limits.cells:
            raise UnsupportedFile(f"the sheet spans {self.last_row:,} rows × {last_column} columns; the limit is "
                                  f"{limits.cells:,} cells (split the ledger)")


def _row_number(digits: bytes) -> int:
    return int(digits) if len(digits) <= 10 else 1 << 40  # int() of thousands of digits is slow, and refused


def _column_number(letters: bytes) -> int:
    if len(letters) > 3:
        return 1 << 20  # beyond any spreadsheet's columns
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number
