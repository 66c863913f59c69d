"""Make a scanned page ready for OCR: greyscale, clean, upright and straight.

Geometry is estimated on a small binarised copy (~100 dpi for A4), so the step costs well under a tenth
of a second against the seconds OCR takes. Whether text lines run across or down the page comes from
projection profiles. Whether the page is upside down cannot: Chinese glyphs are too symmetric (we measured
punctuation position, ink centroids and line alignment; none was reliable), so an OCR engine reads a
few strips of text both ways up (ingest.orientation) and a level page is turned only on a clear lead.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from docarchive.ingest.orientation import reads_better_turned
from docarchive.ports.ocr import OcrEngine

MAX_PIXELS = 12_000_000  # A4 at ~350 dpi; more resolution only slows OCR down
MAX_SKEW = 10.0  # degrees; scanners and phone shots rarely do worse, and wider searches find false peaks
# Degrees; less drifts ~6 px across an A4 line at 300 dpi, not worth resampling the page. Not 0.1: a straight
# page can measure 0.1 (the fine step is 0.05, and an ID copy's short rows give a broad peak), and resampling
# that clean ID copy made Tesseract's pipeline CER on clean pages worse than the bare engine's.
_MIN_SKEW = 0.15
# 3x3 median passes by estimated noise (grey levels, after the contrast stretch). Measured on rendered pages:
# two passes take Tesseract from 25% to 2.4% CER on noisy 200 dpi scans (RapidOCR 1.3% -> 1.0%); on clean and
# lightly degraded pages (noise < 3) filtering changed nothing or cost a little, and a 5x5 median was worse.
_MEDIAN_PASSES = ((5.0, 2), (3.0, 1))
_WORK_SIDE = 1200  # long side of the working copy
_COARSE_STEP, _FINE_STEP = 0.5, 0.05  # a text line of A4 width blurs out over ~1 degree: 0.5 cannot miss it
_MAX_POINTS = 40_000  # ink pixels sampled for the projections: enough for 0.05 degrees, fast in numpy


@dataclass(frozen=True)
class PreparedPage:
    image: Image.Image  # greyscale, upright, deskewed
    rotation: int  # degrees clockwise applied to make the page upright: 0, 90, 180 or 270
    skew: float  # degrees counter-clockwise applied after the rotation to straighten the lines


def prepare_page(image: Image.Image, *, orientation_probe: OcrEngine | None = None) -> PreparedPage:
    """Upright, straight greyscale page. Without a probe an upside-down page stays upside down."""
    grey = _greyscale(image)
    work = _working_copy(grey)
    if not _has_text(work):
        return PreparedPage(Image.fromarray(grey), 0, 0.0)
    grey, work = _stretch_contrast(grey, work)
    grey = _denoise(grey, _noise_level(grey))
    sideways = _lines_run_vertically(_ink_points(work))
    if sideways:  # a quarter turn clockwise; the probe decides whether it should have been anticlockwise
        grey, work = np.ascontiguousarray(np.rot90(grey, k=-1)), np.ascontiguousarray(np.rot90(work, k=-1))
    skew = _skew_angle(_ink_points(work))
    if abs(skew) < _MIN_SKEW:
        skew = 0.0
    else:
        grey, work = _rotate(grey, skew), _rotate(work, skew)
    page = Image.fromarray(grey)
    upside_down = orientation_probe is not None and reads_better_turned(page, work, orientation_probe, level=not sideways)
    if upside_down:
        page = page.transpose(Image.Transpose.ROTATE_180)
    return PreparedPage(page, (90 if sideways else 0) + (180 if upside_down else 0), skew)


# --- tone -----------------------------------------------------------------------------------------


def _greyscale(image: Image.Image) -> np.ndarray:
    page = image.convert("L")
    pixels = page.width * page.height
    if pixels > MAX_PIXELS:
        factor = (MAX_PIXELS / pixels) ** 0.5
        page = page.resize((int(page.width * factor), int(page.height * factor)), Image.Resampling.BOX)
    return np.asarray(page)


def _working_copy(grey: np.ndarray) -> np.ndarray:
    factor = min(_WORK_SIDE / max(grey.shape), 1.0)
    # Area averaging also smooths scanner noise before the threshold.
    return cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)


def _has_text(work: np.ndarray) -> bool:
    """Some ink darker than the paper. The darkest 0.3%, not 1%: a file cover's three lines cover under 1%
    of the sheet, and that cover was never turned upright. A noisy blank scan spreads ~35 grey levels there,
    a sparse page with text over 160."""
    low, high = _percentiles(work, 0.3, 99)
    return high - low > 80


def _stretch_contrast(grey: np.ndarray, work: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Map the paper to white and the darkest ink to black.

    Grey or yellowed paper then matches the white fill of the deskew rotation, which otherwise fools a
    global threshold (Otsu, inside Tesseract too) into taking the whole page for ink. Percentiles come
    from the full-resolution page: the working copy's anti-aliased strokes are never black, and mapping
    their grey to black made strokes bolder and cost Tesseract whole short lines. Ink is the darkest 0.1%,
    not 0.5%: a file cover's few lines cover less than that, so 0.5% was paper noise, stretched to black,
    and Otsu then took half of a heavily scanned cover for ink (lines "ran down" a level page). On full
    pages 0.1% changed Tesseract's CER by nothing measurable (3.2% -> 3.1% on six mixed pages).
    """
    ink, paper = _percentiles(grey[::3, ::3], 0.1, 90)
    gain = 255 / max(paper - ink, 32)
    lut = np.clip((np.arange(256) - ink) * gain, 0, 255).astype(np.uint8)
    return cv2.LUT(grey, lut), cv2.LUT(work, lut)


def _percentiles(grey: np.ndarray, *quantiles: float) -> list[int]:
    """Percentiles of an 8-bit image from its histogram: much faster than np.percentile."""
    cumulative = np.cumsum(np.bincount(grey.ravel(), minlength=256))
    return [int(np.searchsorted(cumulative, q / 100 * cumulative[-1])) for q in quantiles]


def _noise_level(grey: np.ndarray) -> float:
    """Sensor noise from the page centre: Immerkaer's Laplacian, its median ignoring the text edges."""
    height, width = grey.shape
    top, left = max(height // 2 - 384, 0), max(width // 2 - 384, 0)
    centre = grey[top : top + 768, left : left + 768].astype(np.float32)
    laplacian = cv2.filter2D(centre, -1, _NOISE_KERNEL)
    return float(np.median(np.abs(laplacian))) / 0.6745 / 6  # the kernel multiplies white noise by 6


_NOISE_KERNEL = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], np.float32)


def _denoise(grey: np.ndarray, noise: float) -> np.ndarray:
    passes = next((n for level, n in _MEDIAN_PASSES if noise >= level), 0)
    for _ in range(passes):
        grey = cv2.medianBlur(grey, 3)
    return grey


# --- geometry -------------------------------------------------------------------------------------


def _binarise(work: np.ndarray) -> np.ndarray:
    return cv2.threshold(work, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]


def _ink_points(work: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ys, xs = np.nonzero(_binarise(work))
    if len(ys) > _MAX_POINTS:
        keep = np.random.default_rng(0).choice(len(ys), _MAX_POINTS, replace=False)
        ys, xs = ys[keep], xs[keep]
    return ys.astype(np.float64), xs.astype(np.float64)


def _lines_run_vertically(points: tuple[np.ndarray, np.ndarray]) -> bool:
    """Across its lines text makes a sharp profile, along them a flat one, even for a CJK character grid.

    On rendered pages, clean to heavily degraded and skewed up to 10 degrees, the right direction scored
    over 10x the other.
    """
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


def _rotate(grey: np.ndarray, degrees: float) -> np.ndarray:
    """Counter-clockwise about the centre, the canvas grown to keep the corners, new area white."""
    height, width = grey.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_width, new_height = int(height * sin + width * cos + 0.5), int(height * cos + width * sin + 0.5)
    matrix[0, 2] += (new_width - width) / 2
    matrix[1, 2] += (new_height - height) / 2
    return cv2.warpAffine(grey, matrix, (new_width, new_height), flags=cv2.INTER_LINEAR, borderValue=255)
