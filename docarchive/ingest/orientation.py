"""Is a level page upside down? An OCR engine reads a few strips of its text both ways up and says.

Chinese glyphs are too symmetric for geometry to tell (we measured punctuation position, ink centroids and
line alignment; none was reliable), so the engine that will read the page is asked. The decision is
lopsided on purpose: turning an upright page over destroys its OCR (Tesseract read "KH-2020-02864" on a
turned page as nonsense, and the whole page with it), while the evidence for a half turn has to come from
strips that may be a cell of a table, a seal or a page number. So an upright-looking page is only turned
when the turned reading is clearly the better one, over several strips, not by a hair on one.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from docarchive.ports.ocr import OcrEngine

PROBE_CHARS = 12  # characters per strip: enough for a confident reading, cheap to read
PROBE_STRIPS = 3  # lines probed: one strip can be a table cell or a stamp, three rarely all are
_PROBE_LINE_HEIGHT = 40  # pixels of text line; both engines read well at this size
# A page that looks level is turned only if its half-turn reads this many times better, and by at least
# _MIN_LEAD confident characters (squared confidences, summed). Measured on generated pages (6 faces x 5
# layouts x 3 scan levels, both ways up): the right way up scored at least 2.9x the wrong one on Tesseract
# (ID copies in Hei; most pages 4-30x) and 30x+ on RapidOCR, which reads upside-down text as almost nothing.
# Nonsense read both ways stays far below the lead: the cut-off voucher cell that turned pages over scored
# 0.0 against 0.3. A sideways page has no "as it is", so there the better reading simply wins.
_TURN_RATIO = 2.0
_MIN_LEAD = 4.0
_SURE_SHARE = 0.6  # _clearly_upright: mean squared confidence of the strips as they are
_BAND_LEVEL = 0.15  # a text row holds at least this share of a full line's ink


def reads_better_turned(page: Image.Image, work: np.ndarray, probe: OcrEngine, *, level: bool = True) -> bool:
    """Whether ``page`` should be given a half turn; ``work`` is its small working copy.

    ``level``: the page's lines already ran across it, so "as it is" is the likely answer and a turn needs
    a clear lead. After a quarter turn of a sideways page either way up is as likely, so the better wins.
    A level page whose strips read confidently as they are is not read turned at all (_clearly_upright).
    """
    strips = probe_strips(page, work)
    if not strips:
        return False
    upright, chars = confident_chars(probe, strips)
    if level and _clearly_upright(upright, chars):
        return False
    turned, _ = confident_chars(probe, [s.transpose(Image.Transpose.ROTATE_180) for s in reversed(strips)])
    if not level:
        return turned > upright
    return turned > _TURN_RATIO * upright and turned - upright >= _MIN_LEAD


def _clearly_upright(score: float, chars: int) -> bool:
    """The strips as they are read as many confident characters as a half turn could beat only by reading
    over _TURN_RATIO * _SURE_SHARE as many characters, every one at full confidence.

    Measured with RapidOCR on the generated pages (6 faces x 5 layouts x 3 levels): upright strips read
    22-140 characters at 0.92-1.00 confidence squared on average, upside-down ones nothing at all. Tesseract
    reads upside-down lines at 0.1-0.5 (0.01-0.25 squared), so an upside-down page never passes either.
    Skipping the turned reading saved ~0.15 CPU s of RapidOCR's 0.3 s probe on every upright page.
    """
    return chars >= PROBE_CHARS and score >= _SURE_SHARE * chars


def confident_chars(probe: OcrEngine, strips: list[Image.Image]) -> tuple[float, int]:
    """Confident characters read from ``strips`` (squared confidences, summed) and characters read."""
    score, chars = 0.0, 0
    for text, confidence in probe.read_lines(strips):
        # Squared: Tesseract reads a half-turned line as a string of real characters at 0.1-0.5 confidence
        # (the flipped 中华人民共和国 on an ID copy's back came out as "国吡谎因击中" at 0.54), an upright one at
        # 0.5-0.95; squaring widened the gap between an ID copy's two readings from 2x to 4x.
        read = len(text.replace(" ", ""))
        score += confidence**2 * read
        chars += read
    return score, chars


def probe_strips(page: Image.Image, work: np.ndarray) -> list[Image.Image]:
    """A dozen characters from each of the page's fullest lines of text, each scaled to a ~40 px line."""
    ink = text_ink(work)
    bands = _line_bands(ink)
    scale = page.height / work.shape[0]
    strips = []
    for top, bottom, left, width in _strip_boxes(ink, bands):
        pad = max((bottom - top) // 2, 1)
        box = (left * scale, max(top - pad, 0) * scale, (left + width) * scale, min(bottom + pad, ink.shape[0]) * scale)
        strip = page.crop(tuple(int(v) for v in box))
        factor = _PROBE_LINE_HEIGHT / ((bottom - top) * scale)
        strips.append(strip.resize((max(int(strip.width * factor), 1), max(int(strip.height * factor), 1)),
                                   Image.Resampling.BOX))
    return strips


def text_ink(work: np.ndarray) -> np.ndarray:
    """Ink mask without table rules and underlines.

    With the rules left in, a table's rows were the "fullest lines" and their profile was cut where the rule
    rows dwarfed the text: the probe got the middle third of four glyphs in a cell ("客户编号" on a payment
    voucher), read nonsense both ways up, and the nonsense turned upright pages over.
    """
    ink = cv2.threshold(work, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    span = max(max(ink.shape) // 25, 8)  # ~2.5 body lines of A4: longer than any stroke
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (span, 1)))
    rules |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, span)))
    return ink & ~cv2.dilate(rules, np.ones((3, 3), np.uint8))


def _line_bands(ink: np.ndarray) -> list[tuple[int, int]]:
    """Row ranges the height of an ordinary text line: not a title block, a picture or a speck."""
    rows = ink.sum(axis=1)
    if not rows.any():
        return []
    # Against the fuller rows, not the fullest: one picture or bold title would make body lines vanish.
    inked = np.concatenate([[0], (rows > _BAND_LEVEL * np.percentile(rows[rows > 0], 90)).astype(np.int8), [0]])
    edges = np.diff(inked)
    bands = [(int(s), int(e)) for s, e in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)) if e - s >= 3]
    if not bands:
        return []
    line_height = float(np.median([bottom - top for top, bottom in bands]))
    return [b for b in bands if 0.6 * line_height <= b[1] - b[0] <= 2 * line_height]


def _strip_boxes(ink: np.ndarray, bands: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """(top, bottom, left, width) of the inkiest run of PROBE_CHARS characters in each of the fullest bands."""
    boxes = []
    for top, bottom in bands:
        width = min(PROBE_CHARS * (bottom - top), ink.shape[1])
        columns = np.convolve(ink[top:bottom].sum(axis=0), np.ones(width), mode="valid")
        left = int(np.argmax(columns))
        boxes.append((int(columns[left]), (top, bottom, left, width)))
    boxes.sort(key=lambda scored: -scored[0])
    return [box for _, box in boxes[:PROBE_STRIPS]]
