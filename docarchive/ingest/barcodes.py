"""Find and decode the QR and Code 128 symbols on a page image (zxing-cpp).

Only the two symbologies our labels and separator sheets carry are read; anything else on a page (a product's
EAN, a courier's PDF417) is not even decoded. Which decoded codes are ours is decided later, by the code
grammar: here a URL in a QR code is just another found code.

Why zxing-cpp and not OpenCV's detectors: on our labels rendered at 150–300 dpi and degraded like real scans,
OpenCV 5 decoded no Code 128 at all and missed QR codes on clean 150 dpi pages; zxing-cpp read every clean and
lightly degraded page, both symbologies, in 20–60 ms a page.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

MAX_PIXELS = 12_000_000  # a 600 dpi A4 scan is reduced to ~350 dpi first: decoding is just as sure, and faster


@dataclass(frozen=True)
class FoundCode:
    symbology: str  # "QRCode" or "Code128"
    text: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in the pixels of the image given


def find_codes(image: Image.Image) -> list[FoundCode]:
    """Every readable QR / Code 128 symbol on the image, each text once (a label's QR and bars agree)."""
    import zxingcpp

    grey, factor = _decodable(image)
    symbols = zxingcpp.read_barcodes(grey, formats=(zxingcpp.BarcodeFormat.QRCode, zxingcpp.BarcodeFormat.Code128))
    found: dict[str, FoundCode] = {}
    for symbol in symbols:
        if symbol.valid and symbol.text and symbol.text not in found:
            found[symbol.text] = FoundCode(symbol.format.name, symbol.text, _box(symbol.position, factor))
    return list(found.values())


def _decodable(image: Image.Image) -> tuple[Image.Image, int]:
    grey = image if image.mode == "L" else image.convert("L")
    factor = 1
    while grey.width * grey.height > MAX_PIXELS * factor * factor:
        factor += 1
    return (grey.reduce(factor) if factor > 1 else grey), factor


def _box(position, factor: int) -> tuple[int, int, int, int]:
    corners = (position.top_left, position.top_right, position.bottom_right, position.bottom_left)
    xs, ys = [p.x * factor for p in corners], [p.y * factor for p in corners]
    return min(xs), min(ys), max(xs), max(ys)
