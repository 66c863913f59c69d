"""Helpers for printout tests: render a PDF's pages to images, read back its text layer."""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

# Set DOCARCHIVE_PRINTOUTS=/some/dir to keep the rendered pages and look at them.
KEEP_DIR = os.environ.get("DOCARCHIVE_PRINTOUTS")


def page_images(pdf: bytes, *, dpi: int = 200, name: str = "printout") -> list[Image.Image]:
    document = pdfium.PdfDocument(pdf)
    try:
        images = [document[i].render(scale=dpi / 72).to_pil() for i in range(len(document))]
    finally:
        document.close()
    if KEEP_DIR:
        for n, image in enumerate(images, 1):
            image.save(Path(KEEP_DIR) / f"{name}-{n}.png")
    return images


def page_texts(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [_text(document[i]) for i in range(len(document))]
    finally:
        document.close()


def page_size_mm(pdf: bytes) -> tuple[float, float]:
    document = pdfium.PdfDocument(pdf)
    try:
        width, height = document[0].get_size()
    finally:
        document.close()
    return round(width / 72 * 25.4), round(height / 72 * 25.4)


def _text(page) -> str:
    textpage = page.get_textpage()
    try:
        return textpage.get_text_bounded()
    finally:
        textpage.close()
