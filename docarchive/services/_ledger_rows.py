"""Reading a ledger: rows mapped to profile fields and validated, a chunk at a time — in this process, or in a
child process so that reading and validating (about half of an import's CPU) run beside the writes.

Nothing here touches the record store: a row's outcome depends on the file alone.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from docarchive.adapters.spreadsheets import read_xlsx
from docarchive.domain.errors import DocarchiveError, InvalidInput, UnsupportedFile
from docarchive.domain.ledger import Column, column_of, map_headers, row_fields, to_profile_fields
from docarchive.domain.profile import ProfileInvalid, validate_fields

CHUNK_ROWS = 1000
SHOWN_CHARS = 200  # of a rejected value or reason, in the report: a hostile cell is not echoed whole
BACKGROUND_FROM_BYTES = 2_000_000  # ~20k rows: below that, starting a process costs more than it saves


@dataclass(frozen=True)
class Rejection:
    row: int  # as Excel numbers it (the header is row 1)
    column: str  # "C 联系电话", or "" when the row as a whole is wrong
    value: Any
    reason: str

    def __post_init__(self):
        object.__setattr__(self, "value", clipped(self.value))
        object.__setattr__(self, "reason", clipped(self.reason))


def clipped(value: Any) -> Any:
    if isinstance(value, str) and len(value) > SHOWN_CHARS:
        return value[:SHOWN_CHARS] + f"…({len(value):,} characters)"
    return value


@dataclass(frozen=True)
class LedgerHeader:
    columns: list[Column]
    ignored_columns: list[str]


@dataclass(frozen=True)
class LedgerRow:
    number: int
    customer_no: str
    fields: dict[str, Any] | None  # validated; None when the row was rejected
    rejections: tuple[Rejection, ...] = ()


def ledger_chunks(path: Path, *, background: bool | None = None) -> Iterator[LedgerHeader | list[LedgerRow]]:
    """The header, then lists of rows. `background` None: a child process for large files."""
    if background is None:
        background = path.exists() and path.stat().st_size >= BACKGROUND_FROM_BYTES
    return _from_child(path) if background else _read(path)


def rejection(number: int, path: str, why: str, columns: list[Column], cells: tuple = ()) -> Rejection:
    """A validation error on field `path`, placed at the column it came from."""
    column = column_of(path, columns)
    if column is None:
        return Rejection(number, "", None, f"{path}: {why}")
    value = cells[column.index] if column.index < len(cells) else None
    return Rejection(number, f"{column.letter} {column.header}", value, f"{path}: {why}")


def _read(path: Path) -> Iterator[LedgerHeader | list[LedgerRow]]:
    with read_xlsx(path) as rows:
        header = _header(next(rows, None))
        yield header
        chunk: list[LedgerRow] = []
        for number, cells in enumerate(rows, start=2):
            if any(cell is not None and str(cell).strip() for cell in cells):
                chunk.append(_row(header.columns, number, cells))
            if len(chunk) >= CHUNK_ROWS:
                yield chunk
                chunk = []
        if chunk:
            yield chunk


def _header(header: tuple | None) -> LedgerHeader:
    if header is None:
        raise InvalidInput("the workbook's first sheet is empty: expected a header row")
    columns, ignored = map_headers(list(header))
    if not any(c.field == "customer_no" for c in columns):
        raise InvalidInput("no customer number column (客户编号 / 客户号) in the header row: nothing can be matched")
    return LedgerHeader(columns, ignored)


def _row(columns: list[Column], number: int, cells: tuple) -> LedgerRow:
    values = row_fields(columns, cells)
    customer_no = str(values.pop("customer_no", "")).strip()
    if not customer_no:
        label = next((f"{c.letter} {c.header}" for c in columns if c.field == "customer_no"), "")
        return LedgerRow(number, "", None, (Rejection(number, label, None, "客户编号 is required"),))
    try:
        return LedgerRow(number, customer_no, validate_fields(to_profile_fields(values)))
    except ProfileInvalid as invalid:
        found = tuple(rejection(number, p, why, columns, cells) for p, why in invalid.errors.items())
        return LedgerRow(number, customer_no, None, found)


def _from_child(path: Path) -> Iterator[LedgerHeader | list[LedgerRow]]:
    # A plain `python -m` child, not multiprocessing: that would re-import the caller's main module, and
    # fork would copy a parent that may hold driver threads and their locks. The pipe's buffer bounds how far
    # the reader runs ahead of the writes.
    command = [sys.executable, "-m", __name__, str(path)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        while True:
            try:
                kind, item = pickle.load(child.stdout)  # our own child's output: trusted
            except EOFError:
                child.wait()
                stderr = child.stderr.read().decode(errors="replace").strip().splitlines()
                raise UnsupportedFile(f"{path}: the ledger reader stopped ({stderr[-1] if stderr else child.returncode})")
            if kind == "end":
                return
            if kind == "error":
                raise item
            yield item
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        child.stdout.close()
        child.stderr.close()


def _produce(path: Path, out: BinaryIO) -> None:
    try:
        for item in _read(path):
            pickle.dump(("item", item), out, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(("end", None), out)
    except DocarchiveError as error:  # rebuilt plainly: the parent raises it as if it had read the file
        pickle.dump(("error", type(error)(str(error))), out)
    except Exception as error:  # noqa: BLE001 - reported to the parent, not lost in the child's stderr
        pickle.dump(("error", UnsupportedFile(f"{path}: cannot read the ledger ({error.__class__.__name__})")), out)
    out.flush()


if __name__ == "__main__":
    # Through the module's own name, so what is pickled refers to docarchive.services._ledger_rows, not __main__.
    from docarchive.services import _ledger_rows

    _ledger_rows._produce(Path(sys.argv[1]), sys.stdout.buffer)
