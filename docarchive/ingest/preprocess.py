"""Make a scanned page ready for OCR: greyscale, upright and straight.

Geometry is estimated on a small binarised copy (~100 dpi for A4), so the whole step costs tens of
milliseconds against the seconds OCR takes. Whether the text runs across or down the page comes from
projection profiles; whether it is upside down cannot (Chinese glyphs are nearly symmetric), so an OCR
engine reads a small crop both ways up and the more confident reading wins.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from docarchive.ports.ocr import OcrEngine

MAX_PIXELS = 12_000_000  # A4 at ~350 dpi; more resolution only slows OCR down
# Speckle, in grey levels (after the contrast stretch), above which a 3x3 median filter pays: measured on
# rendered pages, it takes Tesseract from 25% to 3% CER on noisy 200 dpi scans and RapidOCR from 1.3% to 0.9%,
# while on clean and lightly degraded pages it changes nothing or costs a little.
NOISE_PER_PASS = 5.0
MAX_PASSES = 2
MAX_SKEW = 10.0  # degrees; scanners and phone shots rarely do worse, and wider searches find false peaks
_WORK_SIDE = 1200  # long side of the working copy
_COARSE_STEP, _FINE_STEP = 0.5, 0.05  # a text line of A4 width blurs out over ~1°, so 0.5° cannot miss it
_MAX_POINTS = 40_000  # ink pixels sampled for the projections: enough for 0.05°, fast in numpy
_PROBE_CHARS = 14  # characters the orientation probe reads each way up: enough to be sure, cheap to read
_PROBE_LINE_HEIGHT = 40  # pixels; where both engines read best


@dataclass(frozen=True)
class PreparedPage:
    image: Image.Image  # greyscale, upright, deskewed
    rotation: int  # degrees clockwise applied to make the page upright: 0, 90, 180 or 270
    skew: float  # degrees counter-clockwise applied after the rotation to straighten the lines


def prepare_page(image: Image.Image, *, orientation_probe: OcrEngine | None = None) -> PreparedPage:
    """Upright, straight greyscale page; without a probe an upside-down page is left as it is."""
    page = _greyscale(image)
    work = _working_copy(page)
    if not _has_text(work):
        return PreparedPage(page, 0, 0.0)
    page, work = _stretch_contrast(page, work)
    page = _denoise(page, _noise_level(page))
    sideways = _lines_run_vertically(_ink_points(work))
    if sideways:  # turn a quarter clockwise; the probe below decides whether it should have been anticlockwise
        page, work = page.transpose(Image.Transpose.ROTATE_270), np.rot90(work, k=-1)
    skew = _skew_angle(_ink_points(work))
    if skew:
        page, work = _rotate(page, skew), _rotate_array(work, skew)
    upside_down = orientation_probe is not None and _reads_better_turned(page, work, orientation_probe)
    if upside_down:
        page = page.transpose(Image.Transpose.ROTATE_180)
    return PreparedPage(page, (90 if sideways else 0) + (180 if upside_down else 0), skew)


def _greyscale(image: Image.Image) -> Image.Image:
    page = image.convert("L")
    pixels = page.width * page.height
    if pixels > MAX_PIXELS:
        factor = (MAX_PIXELS / pixels) ** 0.5
        page = page.resize((int(page.width * factor), int(page.height * factor)), Image.Resampling.BOX)
    return page


def _noise_level(page: Image.Image) -> float:
    """Sensor noise, estimated from the page centre (Immerkaer's Laplacian; the median ignores text edges)."""
    grey = np.asarray(page)
    height, width = grey.shape
    centre = grey[height // 4 : 3 * height // 4, width // 4 : 3 * width // 4].astype(np.float32)
    laplacian = cv2.filter2D(centre, -1, _NOISE_KERNEL)
    return float(np.median(np.abs(laplacian))) / 0.6745 / 6  # the kernel multiplies white noise by 6


def _denoise(page: Image.Image, noise: float) -> Image.Image:
    passes = min(int(noise // NOISE_PER_PASS), MAX_PASSES)
    if not passes:
        return page
    grey = np.asarray(page)
    for _ in range(passes):
        grey = cv2.medianBlur(grey, 3)
    return Image.fromarray(grey)


_NOISE_KERNEL = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], np.float32)


def _working_copy(page: Image.Image) -> np.ndarray:
    grey = np.asarray(page)
    factor = min(_WORK_SIDE / max(grey.shape), 1.0)
    # Area averaging also smooths scanner noise before the threshold.
    return cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)


def _has_text(work: np.ndarray) -> bool:
    low, high = _percentiles(work, 1, 99)
    return high - low > 40


def _percentiles(grey: np.ndarray, *quantiles: float) -> list[int]:
    """Percentiles of an 8-bit image from its histogram: ~20x faster than np.percentile."""
    cumulative = np.cumsum(np.bincount(grey.ravel(), minlength=256))
    return [int(np.searchsorted(cumulative, q / 100 * cumulative[-1])) for q in quantiles]


def _stretch_contrast(page: Image.Image, work: np.ndarray) -> tuple[Image.Image, np.ndarray]:
    """Map the paper to white and the darkest ink to black.

    Grey or yellowed paper then matches the white fill of the deskew rotation, which otherwise fools a
    global threshold (Otsu) into taking the whole page for ink.
    """
    ink, paper = _percentiles(np.asarray(page), 0.5, 90)
    gain = 255 / max(paper - ink, 32)
    lut = np.clip((np.arange(256) - ink) * gain, 0, 255).astype(np.uint8)
    return page.point(lut.tolist()), cv2.LUT(work, lut)


def _binarise(work: np.ndarray) -> np.ndarray:
    return cv2.threshold(work, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]


def _ink_points(work: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ys, xs = np.nonzero(_binarise(work))
    if len(ys) > _MAX_POINTS:
        keep = np.random.default_rng(0).choice(len(ys), _MAX_POINTS, replace=False)
        ys, xs = ys[keep], xs[keep]
    return ys.astype(np.float64), xs.astype(np.float64)


def _lines_run_vertically(points: tuple[np.ndarray, np.ndarray]) -> bool:
    """Text lines make a sharp profile across them and a flat one along them, even for CJK grids."""
    angles = np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, _COARSE_STEP)
    ys, xs = points
    return _best_angle((xs, -ys), angles)[1] > _best_angle(points, angles)[1]


def _skew_angle(points: tuple[np.ndarray, np.ndarray]) -> float:
    """Counter-clockwise rotation, in degrees, that makes the text lines horizontal."""
    coarse, _ = _best_angle(points, np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, _COARSE_STEP))
    fine, _ = _best_angle(points, np.arange(coarse - _COARSE_STEP, coarse + _COARSE_STEP + 1e-9, _FINE_STEP))
    return round(float(fine), 2)


def _best_angle(points: tuple[np.ndarray, np.ndarray], angles: np.ndarray) -> tuple[float, float]:
    ys, xs = points
    if len(ys) < 2:
        return 0.0, 0.0
    scores = [_sharpness(ys * np.cos(a) - xs * np.sin(a)) for a in np.deg2rad(angles)]
    best = int(np.argmax(scores))
    return float(angles[best]), scores[best]


def _sharpness(heights: np.ndarray) -> float:
    """How abruptly the row profile changes: high when whole text lines start and stop on the same rows."""
    profile = np.bincount((heights - heights.min()).astype(np.int64)).astype(np.float64)
    return float(np.sum(np.diff(profile) ** 2)) / len(heights) ** 2


def _rotate(page: Image.Image, degrees: float) -> Image.Image:
    return Image.fromarray(_rotate_array(np.asarray(page), degrees))


def _rotate_array(grey: np.ndarray, degrees: float) -> np.ndarray:
    """Counter-clockwise about the centre, canvas grown to keep the corners, new area white.

    OpenCV rather than PIL: 4x faster on a 300 dpi page, which is most of this step's budget.
    """
    height, width = grey.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_width, new_height = int(height * sin + width * cos + 0.5), int(height * cos + width * sin + 0.5)
    matrix[0, 2] += (new_width - width) / 2
    matrix[1, 2] += (new_height - height) / 2
    return cv2.warpAffine(grey, matrix, (new_width, new_height), flags=cv2.INTER_LINEAR, borderValue=255)


def _reads_better_turned(page: Image.Image, work: np.ndarray, probe: OcrEngine) -> bool:
    """Read one strip of text and its half-turn in a single call; the more confident half is upright.

    One call instead of two halves the cost: Tesseract starts a process and loads its model per call.
    """
    strip = _probe_strip(page, work)
    if strip is None:
        return False
    gap = strip.height // 2  # also the margin: Tesseract misreads text that touches the image edge
    sheet = Image.new("L", (strip.width + 2 * gap, 2 * strip.height + 3 * gap), 255)
    sheet.paste(strip, (gap, gap))
    sheet.paste(strip.transpose(Image.Transpose.ROTATE_180), (gap, strip.height + 2 * gap))
    middle = sheet.height / 2
    upright = turned = 0.0
    for line in probe.recognize(sheet).lines:
        confident_chars = line.confidence * len(line.text.replace(" ", ""))
        if (line.box[1] + line.box[3]) / 2 < middle:
            upright += confident_chars
        else:
            turned += confident_chars
    return turned > upright


def _probe_strip(page: Image.Image, work: np.ndarray) -> Image.Image | None:
    """About a dozen characters of the page's fullest text line, scaled to ~40 px line height."""
    ink = _binarise(work)
    bands = _text_bands(ink)
    if not bands:
        return None
    line_height = int(np.median([bottom - top for top, bottom in bands]))
    ordinary = [b for b in bands if b[1] - b[0] <= 2 * line_height]  # not a table or a picture
    top, bottom = max(ordinary, key=lambda b: ink[b[0] : b[1]].sum())
    width = min(_PROBE_CHARS * line_height, ink.shape[1])
    left = int(np.argmax(np.convolve(ink[top:bottom].sum(axis=0), np.ones(width), mode="valid")))
    pad = max(line_height // 2, 1)
    scale = page.height / work.shape[0]
    box = (left * scale, max(top - pad, 0) * scale, (left + width) * scale, (bottom + pad) * scale)
    strip = page.crop(tuple(int(v) for v in box))
    factor = _PROBE_LINE_HEIGHT / (line_height * scale)
    return strip.resize((max(int(strip.width * factor), 1), max(int(strip.height * factor), 1)), Image.Resampling.BOX)


def _text_bands(ink: np.ndarray) -> list[tuple[int, int]]:
    """Row ranges holding a line of text (or a table, or a picture)."""
    rows = ink.sum(axis=1)
    inked = np.concatenate([[0], (rows > 0.1 * rows.max()).astype(np.int8), [0]])
    edges = np.diff(inked)
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return [(int(s), int(e)) for s, e in zip(starts, ends) if e - s >= 3]
