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


def _pdf_with_objects(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF written by hand, with a correct cross-reference table, from its numbered objects."""
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def pdf_page_count_lie(count: int = 10_000_000) -> bytes:
    """One real page in a page tree that declares ten million."""
    return _pdf_with_objects([b"<< /Type /Catalog /Pages 2 0 R >>",
                              b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % count,
                              b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])


def pdf_stream_bomb(megabytes: int = 64) -> bytes:
    """A page whose content stream is ~60 KB of Flate that inflates to `megabytes` of blank operators."""
    import zlib

    stream = zlib.compress(b" " * (megabytes * 2**20), 9)
    return _pdf_with_objects([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                              b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                              b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
                              + b"\nendstream"])


def pdf_deep_nesting(depth: int = 100_000) -> bytes:
    """Arrays nested a hundred thousand deep: recursive parsers overflow their stack."""
    return _pdf_with_objects([b"<< /Type /Catalog /Pages 2 0 R /X " + b"[" * depth + b"]" * depth + b" >>",
                              b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                              b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])


def pdf_page_tree_loop() -> bytes:
    """A page tree whose node is its own kid."""
    return _pdf_with_objects([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])


def tiff_giant_declared() -> bytes:
    """An 8-byte header and one IFD declaring a 100,000 × 100,000 image."""
    import struct

    entries = [(256, 4, 1, 100_000), (257, 4, 1, 100_000), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
               (273, 4, 1, 0), (277, 3, 1, 1), (278, 4, 1, 100_000), (279, 4, 1, 10_000_000_000 % 2**32)]
    ifd = struct.pack("<H", len(entries)) + b"".join(struct.pack("<HHII", *entry) for entry in entries) + b"\0" * 4
    return b"II*\x00" + struct.pack("<I", 8) + ifd


def hostile_files() -> dict[str, bytes]:
    """Beyond the broken: files made to hurt a reader (bombs, lies, polyglots)."""
    png, pdf = png_bytes(), blank_pdf_bytes()
    return {
        "page-count-lie.pdf": pdf_page_count_lie(),
        "stream-bomb.pdf": pdf_stream_bomb(),
        "deep-nesting.pdf": pdf_deep_nesting(),
        "page-tree-loop.pdf": pdf_page_tree_loop(),
        "giant.tif": tiff_giant_declared(),
        "png-then-pdf.png": png + pdf,  # a polyglot: a PNG that carries a whole PDF after its end
        "pdf-in-png-head.png": png[:33] + b"%PDF-1.7" + png[33:],  # %PDF- inside the first KiB
        "pdf-then-zip.pdf": pdf + b"PK\x03\x04" + b"\x00" * 100,
        "gif.png": b"GIF89a" + b"\x00" * 200,
        "svg.png": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "html.pdf": b"<html><script>alert(1)</script>%PDF-1.7</html>",
    }


HOSTILE_NAMES = ["../../etc/passwd.pdf", "..\\..\\windows\\win.ini.pdf", "/abs/path.pdf", "a\x00b.pdf", "con.pdf",
                 "x" * 400 + ".pdf", "\u202egpj.pdf", "新建 文件\n换行.pdf", "", ".", "..", " .pdf"]
