"""Born-digital PDFs with a text layer, made on the fly: ingest reads them without OCR, so tests of what
happens after reading (linking, review) stay fast on every deployment."""

from __future__ import annotations

import io


def text_pdf(*lines: str) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont("STSong-Light", 14)
    for n, line in enumerate(lines):
        page.drawString(72, 760 - 24 * n, line)
    page.save()
    return buffer.getvalue()


def archive_card(customer_no: str, name: str) -> bytes:
    return text_pdf("客户档案卡", f"客户编号：{customer_no}", f"客户名称：{name}", "所属行业：制造业")


def complaint(customer_no: str, note: str = "") -> bytes:
    return text_pdf("客户投诉处理记录", f"客户编号：{customer_no}", "投诉日期：2024年3月5日", f"处理结果：已回访{note}")
