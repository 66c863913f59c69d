"""Text detection on a smaller copy of the page, each box then fitted to the ink of the page itself.

Detection costs by the pixel: at 0.6 of the page's side it took 0.25 instead of 0.7 CPU s a page. Its boxes,
scaled back, are a few pixels off, and recognition is sensitive to that: boxes 3-5 px taller than the
full-size detector's shrink the glyphs in the 48 px line image (千 read as 干, 甲 as 申), a box that reaches a
few pixels into the next word reads its edge as a colon ("住址：广东"), and one that stops short loses a
trailing full-width colon. So each box is fitted again on the page at full size, where the ink is exact:

- the line's ink is the connected ink components around the box whose centre lies within the box's rows and
  which the search region does not cut (a table rule, a frame or a photo runs out of it), plus small marks
  (： 。 ，) within 0.8 line heights of either end; ink inside another detected box is that box's;
- each side then lies between `_CLOSEST` and `_FARTHEST` of a line height from that ink (the full-size
  detector's boxes sit 0-6 px from the ink at 27 px text), moved as little as possible, and never over the
  ink of a neighbouring word.

Pages arrive deskewed, so the boxes are near level; a box that is not (a stamp, vertical text) is left as it
came. Measured on 27 generated pages (seed 7), 2 x 27 more (seeds 1001, 31) and the orientation bench's 120
upright pages (six faces, five layouts, seeds 0-3), see docs/benchmarks.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

_BAND = 0.35  # line heights searched above and below a box
_REACH = 1.0  # line heights searched to either side
_MARK_GAP = 0.8  # a small mark this many line heights from the line's end belongs to it (a trailing colon)
_MARK_SIZE = 0.5  # a mark is at most this many line heights wide and tall
_LEVEL = 0.2  # foreign ink counts as level with the line when it reaches this far into the box's rows
_CLOSEST = 0.06  # of a line height, at least 2 px: the least paper kept around the ink
_FARTHEST = 0.2  # the most
_MIN_PX = 2
_TILT = 0.1  # a box whose top edge climbs more than this per pixel across (~6 degrees) is not refined


@dataclass(frozen=True)
class LineInk:
    """A line's ink (left, top, right, bottom; right and bottom exclusive) and the nearest foreign ink level
    with it on either side (None: none within reach)."""

    box: tuple[int, int, int, int]
    stop_left: int | None
    stop_right: int | None


def ink_map(image: np.ndarray) -> np.ndarray:
    """1 where a pixel is ink (darker than Otsu's threshold over the page), else 0."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    return cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]


def line_ink(
    ink: np.ndarray, box: tuple[float, float, float, float], others: np.ndarray | None = None
) -> LineInk | None:
    """The ink of the text line that `box` (left, top, right, bottom) was detected around, or None.

    `others` (n x 4, the same order) are the page's other boxes: ink mostly inside one of them and not inside
    `box` is that box's, never this line's (the left dot of 小 in "金额（小写）", split in two boxes, is not a
    trailing mark of "金额")."""
    x0, y0, x1, y1 = box
    h = max(y1 - y0, 1.0)
    sx0, sy0, sx1, sy1 = _searched(box)
    rx0, ry0 = max(int(sx0), 0), max(int(sy0), 0)
    rx1, ry1 = min(int(np.ceil(sx1)) + 1, ink.shape[1]), min(int(np.ceil(sy1)) + 1, ink.shape[0])
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink[ry0:ry1, rx0:rx1], connectivity=8)
    if count <= 1:
        return None
    left, top, width, height = (stats[1:, i] for i in range(4))
    left, top = left + rx0, top + ry0
    right, bottom = left + width, top + height
    uncut = (top > ry0) & (bottom < ry1) & (left > rx0) & (right < rx1)
    centre = top + height / 2
    ours = uncut & (centre >= y0) & (centre <= y1)
    inside = _mostly_inside(left, top, right, bottom, np.array([box]))
    ours &= ~(_mostly_inside(left, top, right, bottom, others) & ~inside)
    line = ours & inside  # not the next word's first character
    if not line.any():
        return None
    line = _with_marks(line, ours & (width <= _MARK_SIZE * h) & (height <= _MARK_SIZE * h), left, right, h)
    lo, hi = int(left[line].min()), int(right[line].max())
    level = ~line & (bottom > y0 + _LEVEL * h) & (top < y1 - _LEVEL * h)
    after, before = level & (left >= hi), level & (right <= lo)
    return LineInk(
        (lo, int(top[line].min()), hi, int(bottom[line].max())),
        int(right[before].max()) if before.any() else None,
        int(left[after].min()) if after.any() else None,
    )


def _mostly_inside(left: np.ndarray, top: np.ndarray, right: np.ndarray, bottom: np.ndarray,
                   boxes: np.ndarray | None) -> np.ndarray:
    """Per component: at least half its width inside one of `boxes`, its centre within that box's rows."""
    if boxes is None or len(boxes) == 0:
        return np.zeros(left.shape, bool)
    x0, y0, x1, y1 = (boxes[:, i, None] for i in range(4))
    overlap = np.minimum(right, x1) - np.maximum(left, x0)
    centre = (top + bottom) / 2
    return ((overlap * 2 >= right - left) & (centre >= y0) & (centre <= y1)).any(axis=0)


def _with_marks(line: np.ndarray, marks: np.ndarray, left: np.ndarray, right: np.ndarray, h: float) -> np.ndarray:
    """Adds small marks within _MARK_GAP line heights of either end, one after another (： is two dots)."""
    while True:
        lo, hi = left[line].min(), right[line].max()
        near = marks & ~line & (left < hi + _MARK_GAP * h) & (right > lo - _MARK_GAP * h)
        if not near.any():
            return line
        line = line | near


def fitted(quad: np.ndarray, ink: LineInk) -> np.ndarray:
    """`quad` (tl, tr, br, bl) with each side moved to between _CLOSEST and _FARTHEST from the ink."""
    x0, y0, x1, y1 = quad[:, 0].min(), quad[:, 1].min(), quad[:, 0].max(), quad[:, 1].max()
    il, it, ir, ib = ink.box
    near = max(_MIN_PX, _CLOSEST * (y1 - y0))
    far = max(near, _FARTHEST * (y1 - y0))
    top, bottom = np.clip(y0, it - far, it - near), np.clip(y1, ib + near, ib + far)
    left, right = np.clip(x0, il - far, il - near), np.clip(x1, ir + near, ir + far)
    if ink.stop_left is not None:
        left = min(max(left, ink.stop_left + 1), il - 1)
    if ink.stop_right is not None:
        right = max(min(right, ink.stop_right - 1), ir + 1)
    shift = [[left - x0, top - y0], [right - x1, top - y0], [right - x1, bottom - y1], [left - x0, bottom - y1]]
    return quad + np.asarray(shift, dtype=np.float32)


def refine_boxes(image: np.ndarray, quads: np.ndarray) -> np.ndarray:
    """Each near-level box fitted to the ink of `image` (the page the crops are cut from)."""
    ink = ink_map(image)
    height, width = ink.shape
    quads = np.asarray(quads, dtype=np.float32)
    rects = np.concatenate([quads.min(axis=1), quads.max(axis=1)], axis=1)  # left, top, right, bottom
    out = []
    for i, quad in enumerate(quads):
        found = line_ink(ink, tuple(rects[i]), _near(rects, i)) if _level(quad) else None
        if found is not None:
            quad = fitted(quad, found)
            quad[:, 0], quad[:, 1] = np.clip(quad[:, 0], 0, width - 1), np.clip(quad[:, 1], 0, height - 1)
        out.append(quad)
    return np.array(out, dtype=np.float32)


def _searched(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The region line_ink looks for a box's ink in: _REACH line heights to either side, _BAND above and below."""
    x0, y0, x1, y1 = box
    h = max(y1 - y0, 1.0)
    return x0 - _REACH * h, y0 - _BAND * h, x1 + _REACH * h, y1 + _BAND * h


def _near(rects: np.ndarray, i: int) -> np.ndarray:
    """The boxes other than the i-th that reach into the region line_ink searches around it."""
    x0, y0, x1, y1 = _searched(tuple(rects[i]))
    reach = (rects[:, 2] > x0) & (rects[:, 0] < x1) & (rects[:, 3] > y0) & (rects[:, 1] < y1)
    reach[i] = False
    return rects[reach]


def _level(quad: np.ndarray) -> bool:
    tl, tr, _, bl = quad
    return tr[0] > tl[0] and bl[1] > tl[1] and abs(tr[1] - tl[1]) <= _TILT * (tr[0] - tl[0])
