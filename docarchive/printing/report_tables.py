"""Statistical reports as printable tables: the holdings and use of the archive room (馆藏与利用统计), the
retention forecast (保管期限到期预测) and the loan report as an A4 PDF (CJK font embedded) and as an XLSX workbook,
one section (sheet) per table. Cells are written as values via `xlsx_row`, never as formulas: category names
and titles come from settings and records."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, Sequence

from docarchive.adapters.spreadsheet_output import xlsx_row
from docarchive.printing.catalogue import _escape, _sheet_title  # one rule for both printouts
from docarchive.printing.fonts import cjk_font

DIMENSION_TITLES = {"year": "按年度", "category": "按类别", "retention": "按保管期限", "confidentiality": "按密级"}
MEASURE_TITLES = ("卷数", "件数", "页数", "电子文件数")
VALUE_NAMES = {"unset": "未填", "unfiled": "未归卷", "Y": "永久", "D30": "30年", "D10": "10年", "none": "非密"}


@dataclass(frozen=True)
class Section:
    title: str
    header: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def holdings_sections(report: dict[str, Any]) -> list[Section]:
    sections = []
    for name, table in report["dimensions"].items():
        rows = [(VALUE_NAMES.get(key, key), *counts.values()) for key, counts in table.items()]
        rows.append(("合计", *report["totals"].values()) if name != "category" else ("合计（电子文件）", "", "", "",
                                                                                report["totals"]["records"]))
        sections.append(Section(DIMENSION_TITLES.get(name, name), (DIMENSION_TITLES.get(name, name)[1:],
                                                                   *MEASURE_TITLES), rows))
    return sections


def use_sections(report: dict[str, Any]) -> list[Section]:
    sections = []
    for source, table in report["sources"].items():
        label = {"access": "查阅（审计记录）", "loan": "借阅"}.get(source, source)
        sections.append(Section(f"{label} · 按月", ("月份", "次数"), [*table["by_month"].items(), ("合计", table["total"])]))
        sections.append(Section(f"{label} · 按类别", ("类别", "次数"), list(table["by_category"].items())))
        sections.append(Section(f"{label} · 按方式", ("方式", "次数"), list(table["by_kind"].items())))
    return sections


def tables_pdf(title: str, subtitle: str, sections: Sequence[Section], *, wide: bool = False) -> bytes:
    """`wide`: landscape pages and a smaller type, for tables of many columns (the loan report)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    font, size = cjk_font(), 7.5 if wide else 9
    page = landscape(A4) if wide else A4
    heading = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1)
    info = ParagraphStyle("info", fontName=font, fontSize=9.5, leading=14)
    story: list = [Paragraph(_escape(title), heading), Spacer(1, 3 * mm), Paragraph(_escape(subtitle), info)]
    for section in sections:
        table = _pdf_table(section, font, size, width=page[0] - 30 * mm)
        story += [Spacer(1, 5 * mm), Paragraph(_escape(section.title), info), Spacer(1, 2 * mm), table]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=page, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=18 * mm,
                      bottomMargin=18 * mm, title=title, author="docarchive").build(story)
    return buffer.getvalue()


def _pdf_table(section: Section, font: str, size: float, *, width: float):
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    cell = ParagraphStyle("cell", fontName=font, fontSize=size, leading=size + 3, wordWrap="CJK")
    texts = [list(section.header)] + [[str(value) for value in row] for row in section.rows]
    if not section.rows:
        texts.append(["—"] + [""] * (len(section.header) - 1))
    table = Table([[Paragraph(_escape(text), cell) for text in row] for row in texts], repeatRows=1, hAlign="LEFT",
                  colWidths=_column_widths(texts, font, size, width))
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, size),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8"))]))
    return table


def _column_widths(texts: list[list[str]], font: str, size: float, width: float) -> list[float]:
    """Each column as wide as its longest cell; when they do not fit, the widest are narrowed to one common
    width (their text wraps) so that short columns — a date, a count — never break in the middle."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    padding = 13  # reportlab's default 6 pt on either side of a cell, and 1 pt so a cell that fits never wraps
    natural = [max(stringWidth(row[n], font, size) for row in texts if n < len(row)) + padding
               for n in range(len(texts[0]))]
    if sum(natural) <= width:
        return natural
    narrow, cap = sorted(natural), width / len(natural)
    for n, w in enumerate(narrow):  # the common width the wider columns share once the narrower ones fit
        cap = (width - sum(narrow[:n])) / (len(narrow) - n)
        if w >= cap:
            break
    return [min(w, cap) for w in natural]


def tables_xlsx(sections: Sequence[Section], *, heading: str = "") -> bytes:
    """`heading`: a title line above each sheet's header (what the report covers, when it was made)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for n, section in enumerate(sections, start=1):
        sheet = workbook.create_sheet(_sheet_title(f"{n} {section.title}"))
        if heading:
            sheet.append(xlsx_row([heading]))
        sheet.append(xlsx_row(section.header))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in section.rows:
            sheet.append(xlsx_row(row))
        sheet.column_dimensions["A"].width = 24
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
