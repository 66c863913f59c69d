"""QR and Code 128 symbols drawn straight onto a reportlab canvas, as vectors (sharp at any printer resolution).

Both carry the bare code, so a handheld scanner types exactly what `/api/locate?code=` and the ingest decoder
expect. QR encodes any text (UTF-8). Code 128 carries ISO 8859-1, which covers the "·" of a DA/T 13 archive
number (reportlab's own Code 128 silently drops it, so the bars come from zxing-cpp's encoder); a code with
characters beyond that (Chinese) gets the QR alone.
"""

from __future__ import annotations

from itertools import groupby

from reportlab.graphics.barcode import qrencoder
from reportlab.pdfgen.canvas import Canvas

CODE128_QUIET_MODULES = 10  # the quiet zone either side that Code 128 asks for
QR_QUIET_MODULES = 4  # the quiet zone the QR standard asks for; scanners and decoders need it


def draw_qr(canvas: Canvas, payload: str, *, x: float, y: float, size: float) -> None:
    """A square QR code, quiet zone included, with its lower-left corner at (x, y).

    The modules are drawn as one filled path of row runs: reportlab's QrCodeWidget builds a validated shape
    per run and encodes twice, which made a label ~200 ms; this way a label costs the encoding alone."""
    symbol = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    symbol.addData(payload)
    symbol.make()
    module = size / (symbol.getModuleCount() + 2 * QR_QUIET_MODULES)
    path = canvas.beginPath()
    for r, row in enumerate(symbol.modules):
        top = y + size - (r + QR_QUIET_MODULES) * module
        start = 0
        for dark, run in groupby(bool(cell) for cell in row):
            count = len(list(run))
            if dark:
                path.rect(x + (start + QR_QUIET_MODULES) * module, top - module, count * module, module)
            start += count
    canvas.saveState()
    canvas.setFillGray(0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def code128_modules(payload: str) -> list[bool] | None:
    """The symbol's modules left to right (True = bar), or None when Code 128 cannot carry the text."""
    import zxingcpp

    if not payload or not all(" " <= ch <= "~" or "\xa0" <= ch <= "\xff" for ch in payload):
        return None
    symbol = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.Code128)
    row = memoryview(symbol.to_image(scale=1, add_quiet_zones=False)).tolist()[0]
    return [value < 128 for value in row]


def draw_code128(canvas: Canvas, payload: str, *, x: float, y: float, width: float, height: float) -> bool:
    """A Code 128 symbol, quiet zones included, fitted into width; False (nothing drawn) when it cannot encode it."""
    modules = code128_modules(payload)
    if modules is None:
        return False
    module = width / (len(modules) + 2 * CODE128_QUIET_MODULES)
    left = x + CODE128_QUIET_MODULES * module
    canvas.saveState()
    canvas.setFillGray(0)
    start = 0
    for is_bar, run in groupby(modules):
        count = len(list(run))
        if is_bar:
            canvas.rect(left + start * module, y, count * module, height, stroke=0, fill=1)
        start += count
    canvas.restoreState()
    return True
