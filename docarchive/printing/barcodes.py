"""QR and Code 128 symbols drawn straight onto a reportlab canvas, as vectors (sharp at any printer resolution).

Both carry the bare code, so a handheld scanner types exactly what `/api/locate?code=` and the ingest decoder
expect. QR encodes any text (UTF-8); Code 128 only ASCII, so a code outside ASCII gets the QR alone.
"""

from __future__ import annotations

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import code128, qr
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas

CODE128_QUIET_MODULES = 10  # the quiet zone either side that Code 128 asks for
QR_QUIET_MODULES = 4  # the quiet zone the QR standard asks for; scanners and decoders need it


def draw_qr(canvas: Canvas, payload: str, *, x: float, y: float, size: float) -> None:
    """A square QR code, quiet zone included, with its lower-left corner at (x, y)."""
    widget = qr.QrCodeWidget(payload, barLevel="M", barBorder=QR_QUIET_MODULES)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


def code128_encodable(payload: str) -> bool:
    return bool(payload) and payload.isascii() and payload.isprintable()


def draw_code128(canvas: Canvas, payload: str, *, x: float, y: float, width: float, height: float) -> bool:
    """A Code 128 symbol fitted into width (never wider: bars shrink instead); False when it cannot encode it."""
    if not code128_encodable(payload):
        return False
    modules = code128.Code128(payload, barWidth=1, quiet=False).width
    bar = width / (modules + 2 * CODE128_QUIET_MODULES)
    quiet = CODE128_QUIET_MODULES * bar
    symbol = code128.Code128(payload, barHeight=height, barWidth=bar, quiet=True, lquiet=quiet, rquiet=quiet,
                             humanReadable=False)
    symbol.drawOn(canvas, x, y)
    return True
