"""Fitting Chinese text into a printed box: wrap by measured width (CJK has no spaces to break at)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from docarchive.printing.fonts import cjk_font

ELLIPSIS = "…"


def new_canvas(buffer: io.BytesIO, title: str) -> Canvas:
    """An A4 canvas with the CJK font ready; invariant output, so the same input prints the same bytes."""
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setTitle(title)
    canvas.setCreator("docarchive")
    cjk_font()
    return canvas


def wrap(text: str, *, width: float, size: float, max_lines: int) -> list[str]:
    """Lines of at most `width` points; the last kept line ends in an ellipsis when text is left over."""
    font = cjk_font()
    lines: list[str] = []
    current = ""
    for ch in " ".join(text.split()):
        if stringWidth(current + ch, font, size) > width and current:
            lines.append(current)
            current = ch.lstrip()
        else:
            current += ch
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _with_ellipsis(lines[-1], width=width, size=size)
    return lines


def _with_ellipsis(line: str, *, width: float, size: float) -> str:
    font = cjk_font()
    while line and stringWidth(line + ELLIPSIS, font, size) > width:
        line = line[:-1]
    return line + ELLIPSIS


def fit_size(text: str, *, width: float, size: float, minimum: float) -> float:
    """The largest font size ≤ size at which text fits on one line (not below minimum)."""
    natural = stringWidth(text, cjk_font(), size)
    return size if natural <= width else max(minimum, size * width / natural)
