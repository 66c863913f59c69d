"""A customer file's catalogue (卷内目录) as a printable A4 PDF and as an XLSX workbook, one section per category."""

from __future__ import annotations

import io
from typing import Sequence

from docarchive.adapters.spreadsheet_output import xlsx_row
from docarchive.domain.catalogue import Catalogue
from docarchive.printing.fonts import cjk_font

HEADERS = ("序号", "题名", "日期", "页数", "档号")
_COLUMN_MM = (14, 82, 24, 14, 46)  # fits A4's 180 mm between 15 mm margins
_XLSX_WIDTHS = (6, 48, 12, 6, 24)


def _rows(catalogue: Catalogue) -> list[tuple]:
    return [(item.no, item.title, item.date.isoformat() if item.date else "", item.pages, item.code)
            for item in catalogue.items]


def _heading(catalogue: Catalogue) -> str:
    return f"客户名称：{catalogue.customer_name or '—'}　客户编号：{catalogue.customer_no}　档案号：{catalogue.archive_no}"


def catalogue_pdf(catalogues: Sequence[Catalogue]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, title="卷内目录", author="docarchive")
    story: list = []
    for n, catalogue in enumerate(catalogues):
        if n:
            story.append(PageBreak())
        story += _pdf_section(catalogue)
    doc.build(story)
    return buffer.getvalue()


def _pdf_section(catalogue: Catalogue) -> list:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    font = cjk_font()
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1)
    info = ParagraphStyle("info", fontName=font, fontSize=9.5, leading=14)
    cell = ParagraphStyle("cell", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    rows = [[Paragraph(h, cell) for h in HEADERS]]
    rows += [[str(no), Paragraph(_escape(text), cell), day, str(pages), code] for no, text, day, pages, code in
             _rows(catalogue)]
    if not catalogue.items:
        rows.append(["", Paragraph("（本类无文件）", cell), "", "", ""])
    table = Table(rows, colWidths=[w * mm for w in _COLUMN_MM], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), font, 9),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (0, -1), "CENTER"),
        ("ALIGN", (3, 0), (3, -1), "CENTER"),
    ]))
    summary = f"共 {len(catalogue.items)} 件，{catalogue.total_pages} 页"
    return [Paragraph(f"卷内目录 · {_escape(catalogue.category)}", title), Spacer(1, 4 * mm),
            Paragraph(_escape(_heading(catalogue)), info), Spacer(1, 3 * mm), table, Spacer(1, 3 * mm),
            Paragraph(summary, info)]


def catalogue_xlsx(catalogues: Sequence[Catalogue]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for catalogue in catalogues:
        sheet = workbook.create_sheet(_sheet_title(catalogue.category))
        sheet.append(xlsx_row([_heading(catalogue)]))
        sheet.append(list(HEADERS))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in _rows(catalogue):
            sheet.append(xlsx_row(row))  # titles and codes come from scans: never a live formula
        for column, width in zip("ABCDE", _XLSX_WIDTHS):
            sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(name: str) -> str:
    """Excel refuses these characters in sheet names and anything over 31 characters."""
    return "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "sheet"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
