"""The two sheets bound into every paper volume: the catalogue (卷内目录) and the notes sheet (备考表).

Both name the electronic side of each item (its record code and storage address), so an auditor holding the
paper can find the electronic record, which is the point of keeping two complete sets (两套制).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Sequence

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

from docarchive.printing._text import wrap
from docarchive.printing.fonts import cjk_font
from docarchive.printing.particulars import Particulars

CATALOGUE_COLUMNS = ("序号", "档号", "责任者", "题名", "日期", "页号", "备注")
CATALOGUE_WIDTHS = tuple(w * mm for w in (9, 31, 20, 44, 22, 14, 40))  # 180 mm: A4 less 15 mm margins
MARGIN = 15 * mm
CELL_SIZE, CELL_LEADING, REMARK_SIZE, REMARK_LEADING = 8.5, 11, 7, 9
CELL_PADDING = 4  # points either side of a cell's text
MAX_CELL_CHARS = 240  # a row must fit on one page: reportlab splits a table between rows, never inside one
REFERENCES_PER_ROW = 40  # so a volume of hundreds of items still splits its 互见号 across pages


@dataclass(frozen=True)
class VolumeHeading(Particulars):
    """The volume as named at the top of each sheet."""

    archive_no: str
    box: str = ""


@dataclass(frozen=True)
class CatalogueEntry:
    """One item (件) of the volume; pages as printed, e.g. "12–15"."""

    seq: int
    archive_no: str
    responsible: str  # 责任者: who made the document (the customer, the company, a department)
    title: str
    date: str
    pages: str
    electronic_code: str
    storage_address: str


@dataclass(frozen=True)
class NotesSheet:
    explanation: str  # 情况说明: what the volume holds and anything missing, damaged or restricted
    compiled_by: str = ""  # 立卷人
    checked_by: str = ""  # 检查人
    compiled_on: str = ""  # 立卷日期
    cross_references: Sequence[str] = field(default_factory=tuple)  # 互见号: the items' electronic codes


def render_catalogue(heading: VolumeHeading, entries: Sequence[CatalogueEntry]) -> bytes:
    """A4 卷内目录; the column headings repeat on every page of a long volume.

    Cells are wrapped here into plain multi-line strings rather than Paragraphs: reportlab's CJK paragraph
    wrapping is pure Python and made a 100-item catalogue take seconds."""
    styles = _styles()
    rows = [list(CATALOGUE_COLUMNS)] + [_catalogue_row(entry) for entry in entries]
    table = Table(rows, colWidths=CATALOGUE_WIDTHS, repeatRows=1)
    table.setStyle(_catalogue_style())
    story = [Paragraph("卷 内 目 录", styles["title"]), _heading_table(heading, styles), Spacer(1, 4 * mm), table]
    return _build(f"卷内目录 {heading.archive_no}", story)


def _catalogue_row(entry: CatalogueEntry) -> list[str]:
    cells = [str(entry.seq), entry.archive_no, entry.responsible, entry.title, entry.date, entry.pages]
    wrapped = [_fit(_clip(text), width, CELL_SIZE) for text, width in zip(cells, CATALOGUE_WIDTHS)]
    remark = "\n".join(_fit(line, CATALOGUE_WIDTHS[-1], REMARK_SIZE) for line in (
        f"电子文件号：{entry.electronic_code}", f"存址：{_clip(entry.storage_address)}"))
    return wrapped + [remark]


def _fit(text: str, column_width: float, size: float) -> str:
    return "\n".join(wrap(text, width=column_width - 2 * CELL_PADDING, size=size, max_lines=MAX_CELL_CHARS))


def _clip(text: str) -> str:
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def render_notes(heading: VolumeHeading, notes: NotesSheet) -> bytes:
    """A4 备考表: the explanation, the cross-references to the electronic records, who compiled and checked."""
    styles = _styles()
    references = _reference_rows(notes.cross_references, styles)
    rows = [
        [Paragraph("本卷情况说明", styles["head"]), Paragraph(_paragraphs(notes.explanation), styles["body"])],
        *references,
        [Paragraph("立卷人", styles["head"]), Paragraph(escape(notes.compiled_by), styles["body"])],
        [Paragraph("检查人", styles["head"]), Paragraph(escape(notes.checked_by), styles["body"])],
        [Paragraph("立卷日期", styles["head"]), Paragraph(escape(notes.compiled_on), styles["body"])],
    ]
    table = Table(rows, colWidths=(30 * mm, 150 * mm), 
                  minRowHeights=[90 * mm] + [20 * mm] * len(references) + [12 * mm] * 3)
    table.setStyle(_GRID)
    story = [Paragraph("备 考 表", styles["title"]), _heading_table(heading, styles), Spacer(1, 4 * mm), table]
    return _build(f"备考表 {heading.archive_no}", story)


def _reference_rows(codes: Sequence[str], styles: dict[str, ParagraphStyle]) -> list[list[Paragraph]]:
    chunks = [codes[i:i + REFERENCES_PER_ROW] for i in range(0, len(codes), REFERENCES_PER_ROW)] or [[]]
    return [[Paragraph("互见号" if n == 0 else "互见号（续）", styles["head"]),
             Paragraph("　".join(escape(code) for code in chunk) or "无", styles["cell"])]
            for n, chunk in enumerate(chunks)]


def _paragraphs(text: str) -> str:
    return "<br/>".join(escape(_clip(line)) for line in text.splitlines()[:20]) or "无"


def _heading_table(heading: VolumeHeading, styles: dict[str, ParagraphStyle]) -> Table:
    pairs = [("档号", heading.archive_no), ("案卷题名", heading.title), ("客户", heading.customer),
             ("年度", heading.year), ("保管期限", heading.retention), ("密级", heading.secrecy),
             ("盒号", heading.box), ("存放位置", heading.location)]
    cells = [Paragraph(f"<font color='#555555'>{name}</font>　{escape(value)}", styles["cell"])
             for name, value in pairs if value]
    rows = [cells[i:i + 2] + [""] * (2 - len(cells[i:i + 2])) for i in range(0, len(cells), 2)]
    table = Table(rows, colWidths=(90 * mm, 90 * mm))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _catalogue_style() -> TableStyle:
    font = cjk_font()
    return TableStyle([
        *_GRID.getCommands(),
        ("FONT", (0, 0), (-1, -1), font, CELL_SIZE, CELL_LEADING),
        ("FONT", (-1, 1), (-1, -1), font, REMARK_SIZE, REMARK_LEADING),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ])


_GRID = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
])


def _styles() -> dict[str, ParagraphStyle]:
    font = cjk_font()
    base = ParagraphStyle("cell", fontName=font, fontSize=8.5, leading=11, wordWrap="CJK")
    return {
        "cell": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7, leading=9),
        "body": ParagraphStyle("body", parent=base, fontSize=10, leading=15),
        "head": ParagraphStyle("head", parent=base, fontSize=9, alignment=1),
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=26, alignment=1, spaceAfter=4 * mm),
    }


def _build(title: str, story: list) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                 bottomMargin=MARGIN, title=title, creator="docarchive", invariant=1)
    document.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()


def _page_number(canvas, document) -> None:
    canvas.setFont(cjk_font(), 8)
    canvas.drawCentredString(A4[0] / 2, 8 * mm, f"第 {document.page} 页")
