"""Device-independent page layouts in PostScript points, and the text each page carries.

A layout is drawn twice — rasterised for scans and written into born-digital PDFs — so the
ground-truth text is recorded here, once, as rows are placed, not re-read from pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

PAGE_W = 595.28  # A4 in points
PAGE_H = 841.89
MARGIN = 72.0
SEP = "    "  # joins the pieces of one visual row in the page text

Font = Literal["body", "bold"]
Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Text:
    x: float  # left, centre or right edge, per align
    y: float  # baseline
    size: float
    text: str
    font: Font = "body"
    align: Align = "left"


@dataclass(frozen=True)
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.8
    grey: int = 0


@dataclass(frozen=True)
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.8
    grey: int = 0
    fill: int | None = None
    radius: float = 0.0


@dataclass(frozen=True)
class Ellipse:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.8
    grey: int = 0
    fill: int | None = None


@dataclass(frozen=True)
class Polygon:
    points: tuple[tuple[float, float], ...]
    grey: int = 0


Item = Text | Line | Rect | Ellipse | Polygon


@dataclass
class PageLayout:
    items: list[Item] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the page text, one visual row each

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class SampleDoc:
    """A generated paper: how its pages look and what we know is on them."""

    doc_type: str  # a DocType value
    pages: list[PageLayout]
    fields: dict[str, Any]
    customer_no: str | None = None
    style: str = "sans"  # typeface family hint for the rasteriser: sans, serif or hei
    title: str = ""

    @property
    def texts(self) -> list[str]:
        return [page.text for page in self.pages]


def char_em(char: str) -> float:
    """Estimated advance in em, a little generous so wrapping fits every font we draw with."""
    if ord(char) >= 0x2E80 or char in "（）：，；。、“”《》":
        return 1.0
    if char == " ":
        return 0.35
    return 0.75 if char.isupper() else 0.62


def text_width(text: str, size: float) -> float:
    return size * sum(char_em(c) for c in text)


_NO_LINE_START = set("，。；：、）》”！？%")


def wrap(text: str, width: float, size: float) -> list[str]:
    """Break CJK text anywhere, keep ASCII runs (numbers, codes) whole, never start a line with ，。）."""
    lines, current = [], ""
    for token in _tokens(text):
        if current and text_width(current + token, size) > width and token[0] not in _NO_LINE_START:
            lines.append(current)
            current = token.lstrip()
        else:
            current += token
    return lines + [current] if current else lines


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for char in text:
        if tokens and char.isascii() and char != " " and tokens[-1][-1].isascii() and tokens[-1][-1] != " ":
            tokens[-1] += char
        else:
            tokens.append(char)
    return tokens


@dataclass
class Piece:
    x: float
    text: str
    align: Align = "left"
    font: Font = "body"


class Flow:
    """Places rows top to bottom, breaking pages, and records each row's text."""

    def __init__(self, *, top: float = MARGIN, bottom: float = PAGE_H - MARGIN,
                 left: float = MARGIN, right: float = PAGE_W - MARGIN) -> None:
        self.top, self.bottom, self.left, self.right = top, bottom, left, right
        self.pages: list[PageLayout] = [PageLayout()]
        self.y = top

    @property
    def page(self) -> PageLayout:
        return self.pages[-1]

    def ensure(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.pages.append(PageLayout())
            self.y = self.top

    def space(self, height: float) -> None:
        self.y += height

    def row(self, pieces: list[Piece], size: float, leading: float = 1.7) -> float:
        """One visual row; returns its baseline."""
        self.ensure(size * leading)
        baseline = self.y + size
        for piece in pieces:
            self.page.items.append(Text(piece.x, baseline, size, piece.text, piece.font, piece.align))
        self.page.lines.append(SEP.join(p.text for p in pieces if p.text))
        self.y += size * leading
        return baseline

    def centered(self, text: str, size: float, font: Font = "bold", leading: float = 1.7) -> float:
        return self.row([Piece((self.left + self.right) / 2, text, "center", font)], size, leading)

    def paragraph(self, text: str, size: float, *, indent: float = 2.0, leading: float = 1.7) -> None:
        """Wrapped body text; the first line is indented by ``indent`` em of blank space."""
        pad = "\u3000" * int(indent)  # ideographic spaces only reserve room; they are not page text
        for i, line in enumerate(wrap(pad + text, self.right - self.left, size)):
            shown = line.removeprefix(pad) if i == 0 else line
            x = self.left + (text_width(pad, size) if i == 0 else 0)
            self.row([Piece(x, shown)], size, leading)

    def draw(self, item: Item) -> None:
        self.page.items.append(item)


def add_footers(pages: list[PageLayout], size: float = 9.0) -> None:
    """第 1 页 共 2 页 under each page, part of the page text like any other printed line."""
    for number, page in enumerate(pages, start=1):
        text = f"第 {number} 页 共 {len(pages)} 页"
        page.items.append(Text(PAGE_W / 2, PAGE_H - MARGIN / 2, size, text, "body", "center"))
        page.lines.append(text)


def star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    """A five-pointed star outline, as on the national emblem and company seals."""
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.4
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points
