"""Ruled tables (表格) as printed forms use them: label cells, value cells, spans, tall cells."""

from __future__ import annotations

from dataclasses import dataclass

from docarchive.samples._layout import SEP, Flow, Line, Rect, Text, wrap


@dataclass(frozen=True)
class Cell:
    text: str
    span: int = 1
    bold: bool = False


@dataclass(frozen=True)
class GridRow:
    cells: tuple[Cell, ...]
    min_height: float = 0.0


def cells(*texts: str, label_every: int = 2) -> GridRow:
    """A row of alternating label/value cells: cells("客户编号", "KH-…", "建档日期", "…")."""
    return GridRow(tuple(Cell(t, bold=(i % label_every == 0)) for i, t in enumerate(texts)))


def grid(flow: Flow, edges: list[float], rows: list[GridRow], size: float, *, pad: float = 5.0) -> None:
    """Draw ``rows`` between column ``edges``; a row never splits across pages.

    Text is top-aligned in tall cells so a label reads on the same line as the first line of
    its value; the page text of a row is its cells' k-th lines joined, line by line.
    """
    for row in rows:
        spans = _spans(edges, row.cells)
        # Half an em short of the cell: a hanging ，or 。 must not land on the rule.
        wrapped = [wrap(cell.text, x1 - x0 - 2 * pad - size / 2, size) or [""]
                   for cell, (x0, x1) in zip(row.cells, spans)]
        line_height = size * 1.45
        height = max(row.min_height, max(len(w) for w in wrapped) * line_height + 2 * pad)
        flow.ensure(height)
        top = flow.y
        for cell, (x0, x1), lines in zip(row.cells, spans, wrapped):
            flow.draw(Rect(x0, top, x1, top + height))
            for k, line in enumerate(lines):
                baseline = top + pad + k * line_height + size * 1.05
                flow.draw(Text(x0 + pad, baseline, size, line, "bold" if cell.bold else "body"))
        for k in range(max(len(w) for w in wrapped)):
            flow.page.lines.append(SEP.join(w[k] for w in wrapped if k < len(w) and w[k]))
        flow.y = top + height


def _spans(edges: list[float], row_cells: tuple[Cell, ...]) -> list[tuple[float, float]]:
    spans, column = [], 0
    for cell in row_cells:
        spans.append((edges[column], edges[column + cell.span]))
        column += cell.span
    if column != len(edges) - 1:
        raise ValueError(f"row covers {column} of {len(edges) - 1} columns")
    return spans


def underline(flow: Flow, x0: float, x1: float, baseline: float) -> None:
    """The rule a value is written on in a fill-in form."""
    flow.draw(Line(x0, baseline + 3, x1, baseline + 3, width=0.6, grey=60))
