"""Born-digital PDFs: the same layouts written as vector pages with a real, extractable text layer.

reportlab cannot embed the CFF-based Noto CJK fonts, so these use WenQuanYi Zen Hei (a TrueType
collection), subset and embedded with a ToUnicode map so text extraction gets the characters back.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from docarchive.printing.fonts import cjk_font

from docarchive.samples._layout import PAGE_H, PAGE_W, Ellipse, Item, Line, Polygon, Rect, SampleDoc, Text


def write_text_pdf(path: Path, doc: SampleDoc) -> None:
    """One vector page per layout page; ``invariant`` drops timestamps so output is reproducible."""
    font = cjk_font()
    canvas = Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
    canvas.setTitle(doc.title or doc.doc_type)
    canvas.setCreator("docarchive.samples")
    for page in doc.pages:
        for item in page.items:
            _draw(canvas, item, font)
        canvas.showPage()
    canvas.save()


def _draw(canvas: Canvas, item: Item, font: str) -> None:
    if isinstance(item, Text):
        _text(canvas, item, font)
    elif isinstance(item, Line):
        _stroke_style(canvas, item.grey, item.width)
        canvas.line(item.x0, PAGE_H - item.y0, item.x1, PAGE_H - item.y1)
    elif isinstance(item, Rect):
        _stroke_style(canvas, item.grey, item.width)
        if item.fill is not None:
            canvas.setFillGray(item.fill / 255)
        canvas.roundRect(item.x0, PAGE_H - item.y1, item.x1 - item.x0, item.y1 - item.y0, item.radius,
                         stroke=1 if item.width else 0, fill=0 if item.fill is None else 1)
    elif isinstance(item, Ellipse):
        _stroke_style(canvas, item.grey, item.width)
        if item.fill is not None:
            canvas.setFillGray(item.fill / 255)
        canvas.ellipse(item.x0, PAGE_H - item.y1, item.x1, PAGE_H - item.y0,
                       stroke=1 if item.width else 0, fill=0 if item.fill is None else 1)
    elif isinstance(item, Polygon):
        _polygon(canvas, item)


def _stroke_style(canvas: Canvas, grey: int, width: float) -> None:
    canvas.setStrokeGray(grey / 255)
    canvas.setLineWidth(width)


def _text(canvas: Canvas, item: Text, font: str) -> None:
    """Bold is faked with fill-and-stroke rendering: the text layer still holds each character once."""
    width = pdfmetrics.stringWidth(item.text, font, item.size)
    x = {"left": item.x, "center": item.x - width / 2, "right": item.x - width}[item.align]
    text = canvas.beginText(x, PAGE_H - item.y)
    text.setFont(font, item.size)
    canvas.setFillGray(0)
    if item.font == "bold":
        canvas.setStrokeGray(0)
        canvas.setLineWidth(item.size / 40)
        text.setTextRenderMode(2)
    text.textOut(item.text)
    canvas.drawText(text)


def _polygon(canvas: Canvas, item: Polygon) -> None:
    path = canvas.beginPath()
    (x0, y0), *rest = item.points
    path.moveTo(x0, PAGE_H - y0)
    for x, y in rest:
        path.lineTo(x, PAGE_H - y)
    path.close()
    canvas.setFillGray(item.grey / 255)
    canvas.drawPath(path, stroke=0, fill=1)
