"""The CJK font every printout embeds.

reportlab cannot embed the CFF-based Noto CJK fonts, so printouts use WenQuanYi Zen Hei (a TrueType collection,
installed by scripts/setup.sh and the Dockerfile), subset and embedded with a ToUnicode map so that the text of a
printout can be extracted and searched again.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from docarchive.domain.errors import DocarchiveError

WQY_ZENHEI = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
CJK_FONT = "WenQuanYiZenHei"


class FontMissing(DocarchiveError):
    status_code = 500


@cache
def cjk_font() -> str:
    """Register the CJK font with reportlab once and return its name for setFont()/ParagraphStyle."""
    if not WQY_ZENHEI.exists():
        raise FontMissing(f"Chinese font {WQY_ZENHEI} is missing; run scripts/setup.sh (package fonts-wqy-zenhei)")
    pdfmetrics.registerFont(TTFont(CJK_FONT, str(WQY_ZENHEI), subfontIndex=0))
    return CJK_FONT
