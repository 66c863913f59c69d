"""Printing for the CLI: JSON for programs, short lines for people."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from docarchive.domain.errors import InvalidInput
from docarchive.services.personal_data import shown


def print_json(value: Any, *, stream=None, reveal: bool = False) -> None:
    """ID numbers masked unless `reveal` was granted (services/personal_data.reveal_id_numbers)."""
    stream = stream or sys.stdout
    stream.write(json.dumps(shown(value, reveal=reveal), ensure_ascii=False, default=str) + "\n")
    stream.flush()


def report_format(path: Path, formats: tuple[str, ...] = ("xlsx", "pdf")) -> str:
    """The format a report file's name asks for (its suffix); refused, before any work, if it is none of them."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in formats:
        raise InvalidInput(f"{path}: name the file {' or '.join('.' + f for f in formats)}")
    return fmt


def write_report(path: Path, content: bytes) -> int:
    """Written to a temporary name first, so a failure never leaves half a file where a good one was."""
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(content)
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot write ({exc.strerror})") from None
    partial.replace(path)
    print(f"wrote {path}")
    return 0
