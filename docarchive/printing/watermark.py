"""The visible watermark on what is seen under an electronic loan (an approved, time-boxed grant): the viewer's
name and the time, tiled across the page image diagonally, so a photo or a printout of the screen says who
looked and when. Drawn over a copy; the clean image stays what the cache keeps."""

from __future__ import annotations

import io
from datetime import datetime
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from docarchive.domain.lending import CHINA_TIME
from docarchive.printing.fonts import WQY_ZENHEI

INK = (200, 30, 30, 90)  # red, mostly transparent: the page stays readable


def watermark_text(viewer: str, at: datetime, until: datetime) -> str:
    """`借阅 li 2026-05-06 17:30 至 21:30` — who views, when, and until when the loan lasts (China time)."""
    shown, ends = at.astimezone(CHINA_TIME), until.astimezone(CHINA_TIME)
    end = ends.strftime("%H:%M") if ends.date() == shown.date() else ends.strftime("%Y-%m-%d %H:%M")
    return f"借阅 {viewer} {shown:%Y-%m-%d %H:%M} 至 {end}"


def watermarked_png(png: bytes, text: str) -> bytes:
    """The PNG with `text` tiled over it at 30°, sized to the page."""
    with Image.open(io.BytesIO(png)) as opened:
        page = opened.convert("RGBA")
    size = max(12, page.width // 28)
    font = _font(size)
    tile = _tile(text, font, size)
    layer = Image.new("RGBA", page.size, (0, 0, 0, 0))
    step_x, step_y = tile.width + size * 2, tile.height + size * 4
    for row, top in enumerate(range(-tile.height, page.height + tile.height, step_y)):
        for left in range(-tile.width + (row % 2) * step_x // 2, page.width + tile.width, step_x):
            layer.alpha_composite(tile, (max(left, 0), max(top, 0)), (max(-left, 0), max(-top, 0)))
    out = io.BytesIO()
    Image.alpha_composite(page, layer).convert("RGB").save(out, "PNG")
    return out.getvalue()


def _tile(text: str, font, size: int) -> Image.Image:
    left, top, right, bottom = font.getbbox(text)
    flat = Image.new("RGBA", (right - left + size, bottom - top + size), (0, 0, 0, 0))
    ImageDraw.Draw(flat).text((size // 2 - left, size // 2 - top), text, font=font, fill=INK)
    return flat.rotate(30, expand=True)


@cache
def _font(size: int):
    if WQY_ZENHEI.exists():
        return ImageFont.truetype(str(WQY_ZENHEI), size, index=0)
    return ImageFont.load_default(size)  # no CJK glyphs, but the name and time still show
