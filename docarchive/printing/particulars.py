"""What a label or sheet says about a volume or box besides its code."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Particulars:
    """Printed as given (the services format them); an empty one is left off the page."""

    customer: str = ""
    title: str = ""
    year: str = ""
    retention: str = ""
    secrecy: str = ""
    location: str = ""
