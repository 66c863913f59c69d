"""JSON as the SQLite stores keep it in their TEXT columns: UTF-8 (Chinese stays readable and short), compact."""

from __future__ import annotations

import json
from typing import Any


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
