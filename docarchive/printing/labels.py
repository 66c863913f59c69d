"""Volume, box and location (shelf) labels, eight to an A4 sheet (105 × 74 mm each), and the scanning separator sheet.

Each label carries its code three ways: a QR code (what the ingest decoder reads on a scanned page), a Code 128
symbol (what a handheld laser scanner reads) and the code in large type, followed by what a person needs to
recognise the box or volume without a screen: customer, title, year, retention and where it belongs.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Iterable, Literal

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from docarchive.printing.barcodes import draw_code128, draw_qr
from docarchive.printing.fonts import cjk_font
from docarchive.printing.particulars import Particulars
from docarchive.printing._text import fit_size, new_canvas, wrap

LabelKind = Literal["volume", "box", "location"]
HEADINGS = {"volume": "案卷", "box": "档案盒", "location": "库位"}
PAGE_W, PAGE_H = A4
COLUMNS, ROWS = 2, 4
LABEL_W, LABEL_H = PAGE_W / COLUMNS, PAGE_H / ROWS
PAD = 5 * mm
QR_SIZE = 30 * mm  # ~4.7 px per module at 100 dpi for a 29-module code: decodable even from a coarse scan
BAR_H = 9 * mm


@dataclass(frozen=True)
class Label(Particulars):
    """What one label shows: its code, then the particulars that are not empty."""

    kind: LabelKind
    code: str

    def details(self) -> list[tuple[str, str]]:
        rows = [("客户", self.customer), ("题名", self.title), ("年度", self.year), ("保管期限", self.retention),
                ("密级", self.secrecy), ("位置", self.location)]
        return [(name, value) for name, value in rows if value]


def render_labels(labels: Iterable[Label]) -> bytes:
    """One PDF with every label, filled row by row, eight to a page."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, "档案标签")
    slot = 0
    for slot, label in enumerate(labels):
        if slot and slot % (COLUMNS * ROWS) == 0:
            canvas.showPage()
        column, row = slot % COLUMNS, (slot // COLUMNS) % ROWS
        _draw_label(canvas, label, x=column * LABEL_W, y=PAGE_H - (row + 1) * LABEL_H)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_label(canvas: Canvas, label: Label, *, x: float, y: float) -> None:
    canvas.setStrokeGray(0.75)
    canvas.setLineWidth(0.3)
    canvas.rect(x + 1.5 * mm, y + 1.5 * mm, LABEL_W - 3 * mm, LABEL_H - 3 * mm)  # cutting guide
    font = cjk_font()
    inner_w = LABEL_W - 2 * PAD
    top = y + LABEL_H - PAD
    canvas.setFillGray(0)
    canvas.setFont(font, 9)
    canvas.drawString(x + PAD, top - 9, HEADINGS[label.kind])
    code_size = fit_size(label.code, width=inner_w - 14 * mm, size=14, minimum=7)
    canvas.setFont(font, code_size)
    canvas.drawString(x + PAD + 13 * mm, top - 10, label.code)
    qr_y = top - 13 * mm - QR_SIZE
    draw_qr(canvas, label.code, x=x + PAD - 2 * mm, y=qr_y, size=QR_SIZE)
    _draw_details(canvas, label, x=x + PAD + QR_SIZE, top=top - 16 * mm, bottom=y + PAD + BAR_H + 2 * mm,
                  width=inner_w - QR_SIZE + 2 * mm)
    draw_code128(canvas, label.code, x=x + PAD, y=y + PAD, width=inner_w, height=BAR_H)


def _draw_details(canvas: Canvas, label: Label, *, x: float, top: float, bottom: float, width: float) -> None:
    """Name/value lines; a long title or location wraps onto up to three lines while space lasts."""
    size, leading, name_w = 8.5, 11, 15 * mm
    line_y = top
    budget = int((top - bottom) // leading) + 1
    for name, value in label.details():
        lines = wrap(value, width=width - name_w, size=size, max_lines=3 if name in ("题名", "位置") else 1)
        lines = lines[:budget]
        if not lines:
            break
        canvas.setFont(cjk_font(), size)
        canvas.setFillGray(0.35)
        canvas.drawString(x, line_y, name)
        canvas.setFillGray(0)
        for line in lines:
            canvas.drawString(x + name_w, line_y, line)
            line_y -= leading
        budget -= len(lines)


def render_separator_sheet(label: Label) -> bytes:
    """A full A4 page put in front of a volume's papers on the scanner: whatever follows is filed into it."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, f"扫描分隔页 {label.code}")
    font = cjk_font()
    canvas.setFont(font, 28)
    canvas.drawCentredString(PAGE_W / 2, PAGE_H - 45 * mm, "扫描分隔页")
    canvas.setFont(font, 12)
    canvas.drawCentredString(PAGE_W / 2, PAGE_H - 57 * mm, f"本页之后的文件归入{HEADINGS[label.kind]}")
    canvas.setFont(font, fit_size(label.code, width=PAGE_W - 40 * mm, size=22, minimum=10))
    canvas.drawCentredString(PAGE_W / 2, PAGE_H - 72 * mm, label.code)
    draw_qr(canvas, label.code, x=(PAGE_W - 70 * mm) / 2, y=PAGE_H - 150 * mm, size=70 * mm)
    draw_code128(canvas, label.code, x=30 * mm, y=PAGE_H - 180 * mm, width=PAGE_W - 60 * mm, height=18 * mm)
    _draw_details(canvas, label, x=45 * mm, top=PAGE_H - 195 * mm, bottom=30 * mm, width=PAGE_W - 90 * mm)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
