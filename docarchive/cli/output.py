"""Printing for the CLI: JSON for programs, short lines for people."""

from __future__ import annotations

import json
import sys
from typing import Any


def print_json(value: Any, *, stream=None) -> None:
    stream = stream or sys.stdout
    stream.write(json.dumps(value, ensure_ascii=False, default=str) + "\n")
    stream.flush()
