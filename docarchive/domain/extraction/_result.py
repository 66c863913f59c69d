"""What reading a document's fields produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Extraction:
    """Fields found in a document's text, and what a reviewer should look at.

    A field that was not found is absent — never an empty string or None.
    """

    fields: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def set(self, name: str, value: Any) -> None:
        """Record a field unless nothing was found for it."""
        if value is not None and value != "":
            self.fields[name] = value
