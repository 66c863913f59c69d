"""Fitting Chinese text into a printed box: wrap by measured width (CJK has no spaces to break at)."""

from __future__ import annotations

import io
import re

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from docarchive.printing.fonts import cjk_font

ELLIPSIS = "…"
_TOKENS = re.compile(r"[0-9A-Za-z·._\-]+|\s|.")  # a code or word stays whole; CJK breaks anywhere


def new_canvas(buffer: io.BytesIO, title: str) -> Canvas:
    """An A4 canvas with the CJK font ready; invariant output, so the same input prints the same bytes."""
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setTitle(title)
    canvas.setCreator("docarchive")
    cjk_font()
    return canvas


def wrap(text: str, *, width: float, size: float, max_lines: int) -> list[str]:
    """Lines of at most `width` points; the last kept line ends in an ellipsis when text is left over.
    Chinese breaks between any two characters; a run of Latin letters and digits (a code such as B-0012)
    moves to the next line whole unless it is longer than a line."""
    font = cjk_font()
    lines: list[str] = []
    current = ""
    for token in _TOKENS.findall(" ".join(text.split())):
        if stringWidth(current + token, font, size) <= width:
            current += token
        elif token.isspace():
            lines.append(current)
            current = ""
        else:
            if current.strip():
                lines.append(current.rstrip())
            current = ""
            for ch in token:  # only a token longer than a whole line is cut
                if stringWidth(current + ch, font, size) > width and current:
                    lines.append(current)
                    current = ""
                current += ch
    if current.strip():
        lines.append(current.rstrip())
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
