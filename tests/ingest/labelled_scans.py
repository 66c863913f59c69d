"""Scanned pages carrying codes: a printed label or separator sheet run through a scanner, or a page with a
QR code of someone else's. Made by the real renderers, so a test exercises the real print → scan → decode path."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from PIL import Image
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from docarchive.domain.errors import Conflict
from docarchive.domain.paper.model import Retention
from docarchive.domain.principal import Principal
from docarchive.printing.barcodes import draw_qr
from docarchive.samples.degrade import degrade
from docarchive.services.paper import boxes, locations, volumes
from tests.ocr_helpers import render_lines

SHELF = "A库房/03密集架/2列/4节/3层"
ARCHIVIST = Principal(user="王档案", roles=("archivist",))


def add_volume(container, *, box: str = "B-0012", customer_no: str = "KH-2026-000001") -> str:
    """A shelf, a box on it and a volume in the box; returns the volume's archive number."""
    records, clock = container.records, container.clock
    try:
        locations.add_location(records, path=SHELF, principal=ARCHIVIST, clock=clock, reason="新库位")
    except Conflict:
        pass  # the second volume of a test: the shelf is there
    boxes.add_box(records, code=box, location=SHELF, principal=ARCHIVIST, clock=clock, reason="新盒")
    volume = volumes.add_volume(records, customer_no=customer_no, box=box, rule=container.archive_no_rule,
                                principal=ARCHIVIST, clock=clock, year=2026, retention=Retention.YEARS_30, reason="立卷",
                                customer_archive_no_format=container.settings.archive_no_format)
    return volume.archive_no


def scanned(pdf: bytes, *, dpi: int = 150, level: str = "light", seed: int = 1) -> list[Image.Image]:
    """Every page of a printout as a scanner would return it: greyscale, slightly skewed, noisy, JPEG'd."""
    document = pdfium.PdfDocument(pdf)
    try:
        pages = [document[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(document))]
    finally:
        document.close()
    return [degrade(page, level, seed=seed + n) for n, page in enumerate(pages)]


def text_page(*lines: str) -> Image.Image:
    return render_lines(list(lines) or ["客户沟通记录", "联系人：王先生  电话：13812340000"], size=36).convert("L")


def with_qr(page: Image.Image, payload: str, *, size_mm: float = 25) -> Image.Image:
    """The page with a QR code carrying `payload` (drawn by our own printing code) stuck below its text."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(size_mm * mm, size_mm * mm))
    draw_qr(canvas, payload, x=0, y=0, size=size_mm * mm)
    canvas.showPage()
    canvas.save()
    (symbol,) = scanned(buffer.getvalue(), level="clean")
    out = Image.new("L", (max(page.width, symbol.width + 40), page.height + symbol.height + 40), 255)
    out.paste(page, (0, 0))
    out.paste(symbol, (out.width - symbol.width - 20, page.height + 20))
    return out


def as_file(pages: list[Image.Image], fmt: str = "TIFF") -> bytes:
    """Pages as one scanned file (multi-page TIFF by default, as document scanners write them)."""
    buffer = io.BytesIO()
    first, *rest = pages
    if fmt == "TIFF":
        first.save(buffer, format="TIFF", save_all=True, append_images=rest, compression="tiff_lzw")
    else:
        first.save(buffer, format=fmt)
    return buffer.getvalue()
