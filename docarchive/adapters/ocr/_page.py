"""What RapidOCR is given of a page, and how: rapidocr's own steps, done with less arithmetic.

Detection's normalisation: rapidocr scales a page's pixels in float64 (its mean and std are float64 arrays)
and then casts to float32, 0.13 CPU s a page at 2000 px; cv2.dnn.blobFromImage does the same (x - 127.5) *
2/255 in float32 and the channel-first layout in one pass.

Margins: detection costs by the pixel, and an A4 page's margins are blank. The page is first shrunk as rapidocr
would (its reduce_max_side, so the pixels are the same ones), then cut to the inked area plus a margin, in
steps of 32 px so detection's own rounding to multiples of 32 does not resample it.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

_STEP = 32  # detection's input sides are multiples of this
# px of paper kept around the ink. Detection is a convolutional network: it sees the crop's edge (zero, the grey
# of the normalised range, not paper white) and its reading of nearby text shifts. With 48 or 64 px the boxes
# moved by a pixel or two and recognition changed characters (甲 -> 申, 千 -> 干); with 128 px a trailing
# full-width colon was lost on one of 27 pages ("乙方（盖章）："); 192 and 256 read what the whole page reads.
# An A4 page's side margins are narrower than this, so the saving is mostly above and below the text.
_MARGIN = 256
_INK = 128  # grey level below which a pixel of the shrunk copy is ink
_SHRINK = 4  # the ink search runs on a copy this many times smaller, which also averages away specks


def det_blob(img: np.ndarray) -> np.ndarray:
    """rapidocr's DetPreProcess normalisation (mean 0.5, std 0.5) and NCHW layout, float32 throughout."""
    return cv2.dnn.blobFromImage(img, 2 / 255, None, (127.5, 127.5, 127.5), swapRB=False, crop=False)


def shrunk(page: np.ndarray, max_side: int) -> np.ndarray:
    """The page as rapidocr's preprocess would shrink it (the same call, so the same pixels)."""
    from rapidocr_onnxruntime.utils.process_img import reduce_max_side

    if max(page.shape[:2]) <= max_side:
        return page
    return reduce_max_side(page, max_side)[0]


def inked_box(page: np.ndarray) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of the page's ink with a margin, sides in steps of _STEP; the whole page
    when there is no ink or the crop would save little."""
    height, width = page.shape[:2]
    grey = page if page.ndim == 2 else page.min(axis=2)
    # The darkest pixel of each block: area averaging lost a small grey page number ("第1页共2页") at the foot.
    small = cv2.erode(grey, np.ones((_SHRINK, _SHRINK), np.uint8))[::_SHRINK, ::_SHRINK]
    ys, xs = np.nonzero(small < _INK)
    if len(ys) == 0:
        return 0, 0, width, height
    left, right = _span(xs.min() * _SHRINK, (xs.max() + 1) * _SHRINK, width)
    top, bottom = _span(ys.min() * _SHRINK, (ys.max() + 1) * _SHRINK, height)
    return left, top, right, bottom


def _span(low: int, high: int, size: int) -> tuple[int, int]:
    low, high = max(low - _MARGIN, 0), min(high + _MARGIN, size)
    length = min(-(-(high - low) // _STEP) * _STEP, size)
    low = max(min(low, size - length), 0)
    return low, low + length


@dataclass(frozen=True)
class DetInput:
    """The shrunk page cut to its ink, and how to take a box on it back to the page's own pixels."""

    pixels: np.ndarray
    offset: tuple[int, int]
    scale: tuple[float, float]

    def placed(self, quad: list[list[float]]) -> list[list[float]]:
        (dx, dy), (sx, sy) = self.offset, self.scale
        return [[(x + dx) * sx, (y + dy) * sy] for x, y in quad]


def det_input(page: np.ndarray, max_side: int) -> DetInput:
    small = shrunk(page, max_side)
    left, top, right, bottom = inked_box(small)
    scale = (page.shape[1] / small.shape[1], page.shape[0] / small.shape[0])
    return DetInput(np.ascontiguousarray(small[top:bottom, left:right]), (left, top), scale)
