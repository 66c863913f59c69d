"""Optical character recognition behind one port, so engines can be swapped and measured."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from PIL import Image

from docarchive.domain.documents import TextLine


@dataclass(frozen=True)
class OcrResult:
    """What an engine read from one upright page image."""

    text: str  # lines joined with "\n"; no spaces between CJK characters
    lines: tuple[TextLine, ...]
    confidence: float  # mean of line confidences, 0..1 (0 when nothing was read)
    # CPU seconds by stage ("detect", "classify", "recognise") where the engine can tell them apart
    seconds: dict[str, float] = field(default_factory=dict, compare=False)


@runtime_checkable
class OcrEngine(Protocol):
    name: str

    def recognize(self, image: Image.Image) -> OcrResult:
        """Read the text of an upright, deskewed page image (RGB or L)."""
        ...

    def read_lines(self, lines: list[Image.Image]) -> list[tuple[str, float]]:
        """Read images of one text line each (the orientation probe's strips of a page): (text, confidence
        0..1) per line read. An engine that reads them together may answer fewer lines than it was given."""
        ...
