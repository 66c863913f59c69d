"""Printing for the CLI: JSON for programs, short lines for people."""

from __future__ import annotations

import json
import sys
from typing import Any

from docarchive.services.personal_data import shown


def print_json(value: Any, *, stream=None, reveal: bool = False) -> None:
    """ID numbers masked unless `reveal` was granted (services/personal_data.reveal_id_numbers)."""
    stream = stream or sys.stdout
    stream.write(json.dumps(shown(value, reveal=reveal), ensure_ascii=False, default=str) + "\n")
    stream.flush()
