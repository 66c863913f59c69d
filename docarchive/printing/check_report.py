"""The four-property check's report as a PDF (四性检测报告): what was checked, the counts, every failure."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

from docarchive.printing.fonts import cjk_font

_PROPERTIES = {"authenticity": "真实性", "integrity": "完整性", "usability": "可用性", "safety": "安全性"}


def check_report_pdf(report: dict[str, Any], *, at: datetime, archive: str) -> bytes:
    font = cjk_font()
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=12)
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=22)
    story = [Paragraph("电子档案四性检测报告 (DA/T 70)", title),
             Paragraph(escape(f"档案: {archive}    检测时间: {at.isoformat(timespec='seconds')}"), body),
             Paragraph("结论: " + ("通过" if report["ok"] else f"未通过, {len(report['failures'])} 项问题"), body),
             Spacer(1, 4 * mm)]
    counts = report["counts"]
    rows = [["检测项", "问题数"]] + [[f"{label} ({name})", str(counts["failures"].get(name, 0))]
                                   for name, label in _PROPERTIES.items()]
    rows += [[escape(str(key)), escape(str(value))] for key, value in counts.items() if key != "failures"]
    story += [_table(rows, font, [80 * mm, 40 * mm]), Spacer(1, 4 * mm)]
    if report["failures"]:
        lines = [["性", "类型", "位置", "说明"]]
        lines += [[_PROPERTIES[f["property"]], f["kind"], Paragraph(escape(f["where"]), body),
                   Paragraph(escape(f["detail"]), body)] for f in report["failures"]]
        story.append(_table(lines, font, [16 * mm, 34 * mm, 60 * mm, 70 * mm]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title="四性检测报告", leftMargin=15 * mm, rightMargin=15 * mm).build(story)
    return buffer.getvalue()


def _table(rows: list[list[Any]], font: str, widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 9),
                               ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table
