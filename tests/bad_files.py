"""Hostile and broken inputs, made on the fly: every one must fail cleanly with a reason."""

from __future__ import annotations

import io

from PIL import Image


def png_bytes(size=(400, 300), color="white") -> bytes:
    buffer = io.BytesIO()
    Image.new("L", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(size=(400, 300)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "JPEG")
    return buffer.getvalue()


def blank_pdf_bytes(pages: int = 1) -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    buffer = io.BytesIO()
    pdf.save(buffer)
    pdf.close()
    return buffer.getvalue()


def encrypted_pdf_bytes() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, encrypt="secret")
    page.drawString(100, 700, "confidential contract")
    page.save()
    return buffer.getvalue()


def decompression_bomb_png() -> bytes:
    """A few kilobytes that would decode to 144 million pixels."""
    buffer = io.BytesIO()
    Image.new("1", (12_000, 12_000), 1).save(buffer, "PNG")
    return buffer.getvalue()


def giant_page_pdf(points: int = 14_400) -> bytes:
    """A few hundred bytes declaring one page 200 inches square: 1.6 gigapixels at 200 dpi."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(points, points)
    buffer = io.BytesIO()
    pdf.save(buffer)
    pdf.close()
    return buffer.getvalue()


def large_blank_png(side: int = 8_900) -> bytes:
    """Under 30 KB of PNG that decodes to 79 megapixels: under the refusal limit, far over what OCR can use."""
    buffer = io.BytesIO()
    Image.new("1", (side, side), 1).save(buffer, "PNG")
    return buffer.getvalue()


def bad_files() -> dict[str, bytes]:
    pdf = blank_pdf_bytes()
    jpeg = jpeg_bytes()
    return {
        "empty.pdf": b"",
        "truncated.pdf": pdf[: len(pdf) // 3],
        "corrupt.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 20,
        "truncated.jpg": jpeg[: len(jpeg) // 2],
        "notes.jpg": "这不是图片，是一个改了扩展名的文本文件。\n".encode() * 20,
        "archive.png": b"PK\x03\x04" + b"\x00" * 200,
        "encrypted.pdf": encrypted_pdf_bytes(),
        "bomb.png": decompression_bomb_png(),
        "thousand-pages.pdf": blank_pdf_bytes(1000),
    }
