"""The destruction register (销毁清册) as a printable A4 landscape PDF and as an XLSX workbook."""

from __future__ import annotations

import io
from typing import Sequence

from docarchive.adapters.spreadsheet_output import xlsx_row
from docarchive.domain.disposal import RegisterEntry
from docarchive.printing.catalogue import _escape
from docarchive.printing.fonts import cjk_font

HEADERS = ("序号", "档号", "题名", "客户编号", "保管期限", "到期", "鉴定意见", "批准", "监销人", "销毁时间", "方式",
           "清册")
_COLUMN_MM = (10, 40, 52, 22, 16, 18, 34, 26, 16, 22, 14, 0)
_XLSX_WIDTHS = (6, 28, 40, 14, 10, 12, 30, 22, 10, 18, 10, 28)


def register_rows(entries: Sequence[RegisterEntry]) -> list[tuple]:
    return [(e.seq, " ".join(e.archive_nos) or e.key, e.title, e.customer_no or "", e.retention, e.due,
             f"{e.appraisal.get('by', '')}：{e.appraisal.get('reason', '')}",
             f"{e.approval.get('by', '')}（{e.approval.get('at', '')[:10]}）", e.supervisor,
             e.destroyed_at.isoformat(timespec="minutes"), e.method, e.list_id) for e in entries]


def register_pdf(entries: Sequence[RegisterEntry], *, printed_at: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = cjk_font()
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1)
    info = ParagraphStyle("info", fontName=font, fontSize=9, leading=13)
    cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, wordWrap="CJK")
    rows = [[Paragraph(h, cell) for h in HEADERS[:-1]]]
    rows += [[Paragraph(_escape(str(value)), cell) for value in row[:-1]] for row in register_rows(entries)]
    if not entries:
        rows.append([""] * (len(HEADERS) - 1))
    table = Table(rows, colWidths=[w * mm for w in _COLUMN_MM[:-1]], repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, 8), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, title="销毁清册", author="docarchive")
    signatures = "监销人签字：____________　　档案管理员签字：____________　　日期：____________"
    doc.build([Paragraph("档案销毁清册", title), Spacer(1, 3 * mm),
               Paragraph(f"共 {len(entries)} 条，打印于 {_escape(printed_at)}", info), Spacer(1, 3 * mm), table,
               Spacer(1, 8 * mm), Paragraph(signatures, info)])
    return buffer.getvalue()


def register_xlsx(entries: Sequence[RegisterEntry]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "销毁清册"
    sheet.append(list(HEADERS))
    for header in sheet[1]:
        header.font = Font(bold=True)
    for row in register_rows(entries):
        sheet.append(xlsx_row(row))  # titles come from scans and people: never a live formula
    for n, width in enumerate(_XLSX_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + n)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
