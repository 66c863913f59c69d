"""Render generated papers as A4 page images: black text on white, CJK fonts, form-like layouts.

Layout builders (``archive_card``, ``id_card_copy``, ``contract_doc``, ``complaint_doc``,
``payment_doc``) return a :class:`SampleDoc`; :func:`render_pages` rasterises it at any dpi.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from docarchive.samples._cards import LABELS, archive_card
from docarchive.samples._idcard import id_card_copy
from docarchive.samples._layout import (
    MARGIN, PAGE_W, Ellipse, Flow, Item, Line, PageLayout, Piece, Polygon, Rect, SampleDoc, Text,
)
from docarchive.samples._papers import amount_line, complaint_doc, contract_doc, payment_doc

__all__ = [
    "LABELS", "FONT_FILES", "SampleDoc", "amount_line", "archive_card", "complaint_doc", "contract_doc",
    "id_card_copy", "page_size", "payment_doc", "render_pages", "render_text_page", "text_page",
]

_NOTO = Path("/usr/share/fonts/opentype/noto")
_WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
_WQY_MICRO = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
_ARPHIC = Path("/usr/share/fonts/truetype/arphic")  # fonts-arphic-ukai / -uming: index 0 is the CN face
_SC = 2  # index of the Simplified Chinese face in the Noto CJK collections (0 is Japanese)

# style → {"body"/"bold": (file, face index)}. serif pairs a 宋体-like body with 黑体 headings,
# as Chinese contracts are set; wqy-zenhei has no bold, so "hei" fakes it with a stroke.
FONT_FILES: dict[str, dict[str, tuple[Path, int]]] = {
    "sans": {"body": (_NOTO / "NotoSansCJK-Regular.ttc", _SC), "bold": (_NOTO / "NotoSansCJK-Bold.ttc", _SC)},
    "serif": {"body": (_NOTO / "NotoSerifCJK-Regular.ttc", _SC), "bold": (_NOTO / "NotoSansCJK-Bold.ttc", _SC)},
    "hei": {"body": (_WQY, 0), "bold": (_WQY, 0)},
    # Faces a real folder also holds: 楷体 on certificates and handwritten-looking forms, 明体 (the
    # Taiwanese 宋体) on older printouts, Micro Hei on screenshots printed from office PCs.
    "kai": {"body": (_ARPHIC / "ukai.ttc", 0), "bold": (_ARPHIC / "ukai.ttc", 0)},
    "ming": {"body": (_ARPHIC / "uming.ttc", 0), "bold": (_ARPHIC / "uming.ttc", 0)},
    "microhei": {"body": (_WQY_MICRO, 0), "bold": (_WQY_MICRO, 0)},
}
_ANCHORS = {"left": "ls", "center": "ms", "right": "rs"}


def page_size(dpi: int) -> tuple[int, int]:
    """A4 in pixels: 1654 × 2339 at 200 dpi."""
    return round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)


def render_pages(doc: SampleDoc, *, dpi: int = 200, style: str | None = None) -> list[Image.Image]:
    """One greyscale ("L") image per page; ``style`` overrides the document's typeface hint."""
    style = style or doc.style
    if not FONT_FILES[style]["body"][0].exists():
        style = "hei"  # Noto CJK missing: wqy-zenhei is the one font every page can fall back on
    return [_rasterise(page, dpi, style) for page in doc.pages]


def text_page(lines: Sequence[str], *, size: float = 12.0) -> SampleDoc:
    """A plain page holding ``lines`` exactly, one per row, from the top margin down."""
    flow = Flow()
    if len(lines) * size * 1.7 > flow.bottom - flow.top:
        raise ValueError(f"{len(lines)} lines of {size} pt do not fit on one page")
    for line in lines:
        flow.row([Piece(MARGIN, line)], size)
    return SampleDoc("other", flow.pages, {}, style="sans")


def render_text_page(lines: Sequence[str], dpi: int = 200) -> Image.Image:
    return render_pages(text_page(lines), dpi=dpi)[0]


def _rasterise(page: PageLayout, dpi: int, style: str) -> Image.Image:
    image = Image.new("L", page_size(dpi), 255)
    draw = ImageDraw.Draw(image)
    scale = image.width / PAGE_W  # not dpi/72: keeps the rounding of the pixel size out of positions
    for item in page.items:
        _DRAWERS[type(item)](draw, item, scale, style)
    return image


def _draw_text(draw: ImageDraw.ImageDraw, item: Text, scale: float, style: str) -> None:
    path, index = FONT_FILES[style][item.font]
    font = _font(str(path), index, max(6, round(item.size * scale)))
    fake_bold = item.font == "bold" and FONT_FILES[style]["bold"] == FONT_FILES[style]["body"]
    stroke = max(1, round(scale / 3)) if fake_bold else 0
    draw.text((item.x * scale, item.y * scale), item.text, fill=0, font=font, anchor=_ANCHORS[item.align],
              stroke_width=stroke, stroke_fill=0)


def _draw_line(draw: ImageDraw.ImageDraw, item: Line, scale: float, style: str) -> None:
    box = [(item.x0 * scale, item.y0 * scale), (item.x1 * scale, item.y1 * scale)]
    draw.line(box, fill=item.grey, width=max(1, round(item.width * scale)))


def _draw_rect(draw: ImageDraw.ImageDraw, item: Rect, scale: float, style: str) -> None:
    box = (item.x0 * scale, item.y0 * scale, item.x1 * scale, item.y1 * scale)
    width = round(item.width * scale) if item.width else 0
    outline = item.grey if width else None
    if item.radius:
        draw.rounded_rectangle(box, radius=item.radius * scale, fill=item.fill, outline=outline, width=width)
    else:
        draw.rectangle(box, fill=item.fill, outline=outline, width=max(width, 1) if outline is not None else 0)


def _draw_ellipse(draw: ImageDraw.ImageDraw, item: Ellipse, scale: float, style: str) -> None:
    box = (item.x0 * scale, item.y0 * scale, item.x1 * scale, item.y1 * scale)
    width = round(item.width * scale)
    draw.ellipse(box, fill=item.fill, outline=item.grey if width else None, width=width)


def _draw_polygon(draw: ImageDraw.ImageDraw, item: Polygon, scale: float, style: str) -> None:
    draw.polygon([(x * scale, y * scale) for x, y in item.points], fill=item.grey)


_DRAWERS: dict[type, Callable[[ImageDraw.ImageDraw, Item, float, str], None]] = {  # type: ignore[dict-item]
    Text: _draw_text, Line: _draw_line, Rect: _draw_rect, Ellipse: _draw_ellipse, Polygon: _draw_polygon,
}


@lru_cache(maxsize=64)
def _font(path: str, index: int, px: int) -> ImageFont.FreeTypeFont:
    # BASIC layout: CJK needs no shaping, and it keeps output identical with or without libraqm.
    return ImageFont.truetype(path, px, index=index, layout_engine=ImageFont.Layout.BASIC)

