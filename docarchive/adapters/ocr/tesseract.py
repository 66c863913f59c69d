"""Tesseract 5 (LSTM) through pytesseract: one subprocess per page, line boxes from its TSV output."""

from __future__ import annotations

import os
from collections import defaultdict

import numpy as np
from PIL import Image

from docarchive.adapters.ocr._text import Fragment, assemble_line, build_result, is_cjk
from docarchive.domain.documents import TextLine
from docarchive.domain.errors import BackendUnavailable, InvalidInput
from docarchive.ports.ocr import OcrResult

# Debian ships each traineddata in its own package; name it in the error so the fix is one command.
_APT_PACKAGES = {
    "chi_sim": "tesseract-ocr-chi-sim",
    "chi_tra": "tesseract-ocr-chi-tra",
    "eng": "tesseract-ocr-eng",
    "osd": "tesseract-ocr-osd",
}

_BEST_LINE_HEIGHT = 42
_MIN_UPSCALE, _MAX_UPSCALE = 1.2, 3.0
_MIN_RULE = 40  # pixels: shorter runs of ink may be strokes even at 100 dpi
_MAX_WORD_HEIGHT = 2.5  # times the median word height of its line
_MAX_LINE_HEIGHTS = 6  # times the page's text line height: no word is that tall, a portrait is
_DOUBTFUL = 50  # word confidence (0..100) below which a word without Chinese or digits is taken for noise


class TesseractOcrEngine:
    """Reads simplified Chinese, Latin and digits; languages="chi_tra" for traditional Chinese.

    chi_sim alone, not "chi_sim+eng": chi_sim already reads Latin letters and digits, while adding eng let
    whole Chinese lines be read as Latin gibberish ("ARMSMAARM"): CER 1.2% against 0.5% on clean pages,
    4.6% against 2.4% on noisy ones. Holds only settings, so it pickles for nothing.
    """

    name = "tesseract"

    def __init__(
        self, languages: str = "chi_sim", *, psm: int = 6, threads: int = 1, timeout: float = 300, remove_rules: bool = True
    ):
        ensure_installed(languages)
        self.languages = languages
        # psm 6 (one block of lines) keeps the rows of a form whole ("姓名：张三    性别：男"); psm 3 splits
        # them into column blocks read one after the other (CER 4-10% from the reordering alone), and
        # psm 4 split large bold titles into two half-lines of nonsense (1.1% against 0.6% on light scans).
        self.psm = psm
        self.threads = threads
        self.timeout = timeout
        self.remove_rules = remove_rules

    def recognize(self, image: Image.Image) -> OcrResult:
        page = image.convert("L")
        ink = _binarise(page)
        line_height = text_line_height(ink)
        if self.remove_rules:
            page = remove_ruled_lines(page, ink, line_height)
        factor = _upscale_factor(line_height)
        if factor > 1:
            page = page.resize((round(page.width * factor), round(page.height * factor)), Image.Resampling.BICUBIC)
        tallest = _MAX_LINE_HEIGHTS * line_height * factor if line_height else None
        return build_result(_lines(self._image_to_data(page), 1 / factor, image.size, tallest))

    def read_lines(self, lines: list[Image.Image]) -> list[tuple[str, float]]:
        """The lines one under another on one sheet, read in one call: a Tesseract process per line would
        cost more than the reading. Tesseract may split or drop a line, so the answer is per line it found."""
        return [(line.text, line.confidence) for line in self.recognize(_sheet(lines)).lines] if lines else []

    def _image_to_data(self, page: Image.Image) -> dict[str, list]:
        import pytesseract

        # Tesseract's OpenMP pool would fight our one-process-per-core workers; pytesseract passes os.environ on.
        os.environ["OMP_THREAD_LIMIT"] = str(self.threads)
        # pytesseract hands the page over as a temporary file in this format. PNG takes ~0.5 s to write for a
        # noisy 300 dpi scan; PGM takes milliseconds and reads the same (8-bit BMP does not: it lost characters).
        page.format = "PPM"
        try:
            return pytesseract.image_to_data(
                page, lang=self.languages, config=f"--oem 1 --psm {self.psm}", timeout=self.timeout, output_type=pytesseract.Output.DICT
            )
        except pytesseract.TesseractNotFoundError as exc:
            raise InvalidInput("tesseract is not installed: apt-get install tesseract-ocr") from exc
        except (pytesseract.TesseractError, RuntimeError) as exc:  # RuntimeError is pytesseract's timeout
            raise BackendUnavailable(f"tesseract failed on a page: {exc}") from exc


def _sheet(lines: list[Image.Image]) -> Image.Image:
    """The lines one under another on white, a line's height apart and from the edges (Tesseract misreads
    text that touches the image's edge)."""
    gap = max(line.height for line in lines) // 2
    width = max(line.width for line in lines) + 2 * gap
    sheet = Image.new("L", (width, sum(line.height + gap for line in lines) + gap), 255)
    y = gap
    for line in lines:
        sheet.paste(line.convert("L"), (gap, y))
        y += line.height + gap
    return sheet


def ensure_installed(languages: str) -> None:
    """Fail early, naming the Debian package, instead of on the first page of a long ingest."""
    import pytesseract

    try:
        installed = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError) as exc:
        raise InvalidInput("tesseract is not installed: apt-get install tesseract-ocr") from exc
    missing = [lang for lang in languages.split("+") if lang not in installed]
    if missing:
        packages = " ".join(_APT_PACKAGES.get(lang, f"tesseract-ocr-{lang.replace('_', '-')}") for lang in missing)
        raise InvalidInput(f"tesseract language data missing: {', '.join(missing)} (apt-get install {packages})")


def text_line_height(ink: np.ndarray) -> int | None:
    """Median height of the rows of text, in pixels, from the page's horizontal ink profile."""
    rows = ink.sum(axis=1)
    if not rows.any():
        return None
    # Measured against the fuller rows, not the fullest: a table rule fills a whole row on its own.
    inked = rows > 0.15 * np.percentile(rows[rows > 0], 90)
    edges = np.diff(np.concatenate([[0], inked.astype(np.int8), [0]]))
    heights = np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)
    heights = heights[heights >= 4]
    return int(np.median(heights)) if len(heights) else None


def remove_ruled_lines(page: Image.Image, ink: np.ndarray, line_height: int | None) -> Image.Image:
    """Paint table rules and underlines with the paper colour.

    Tesseract reads cell borders as "|", "I" or "一" and merges table cells into nonsense. A rule is a run
    of ink several characters long, far longer than any stroke of a character, so an opening finds it.
    """
    import cv2

    span = 4 * line_height if line_height else max(page.width, page.height) // 25
    if span < _MIN_RULE or span > max(page.width, page.height):
        return page  # a tiny image: nothing long enough to be a rule
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (span, 1)))
    rules |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, span)))
    if not rules.any():
        return page
    grey = np.asarray(page)
    cleaned = grey.copy()
    cleaned[cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0] = int(np.median(grey[::4, ::4]))  # the paper
    return Image.fromarray(cleaned)


def _binarise(page: Image.Image) -> np.ndarray:
    """Ink mask. The blur keeps scanner noise on sparse pages from pulling Otsu's threshold into the paper."""
    import cv2

    smooth = cv2.GaussianBlur(np.asarray(page), (5, 5), 0)
    return cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]


def _upscale_factor(line_height: int | None) -> float:
    """chi_sim reads best at ~42 px text lines (10.5 pt at 300 dpi): 200 dpi scans gain from 1.5x, 300 dpi lose."""
    if not line_height or line_height * _MIN_UPSCALE > _BEST_LINE_HEIGHT:
        return 1.0
    return min(_BEST_LINE_HEIGHT / line_height, _MAX_UPSCALE)


def _lines(data: dict[str, list], scale: float, size: tuple[int, int], tallest: float | None) -> list[TextLine]:
    """Words grouped by Tesseract's (block, paragraph, line), in its reading order; boxes in input pixels."""
    grouped: dict[tuple[int, int, int], list[Fragment]] = defaultdict(list)
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if conf < 0 or not text.strip() or _is_doubtful(text.strip(), conf):
            continue
        left, top = data["left"][i], data["top"][i]
        right, bottom = left + data["width"][i], top + data["height"][i]
        box = (int(left * scale), int(top * scale), min(round(right * scale), size[0]), min(round(bottom * scale), size[1]))
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        grouped[key].append(Fragment(text.strip(), box, min(max(conf / 100, 0.0), 1.0)))
    lines = (_without_pictures(fragments, tallest and tallest * scale) for fragments in grouped.values())
    return [_drop_stray_quotes(assemble_line(fragments)) for fragments in lines if fragments]


def _is_doubtful(text: str, conf: float) -> bool:
    """Rounded card corners read as "MA/", "_N", "A\\": real words that doubtful have a Chinese character or a digit."""
    return conf < _DOUBTFUL and not any(ch.isdigit() or is_cjk(ch) for ch in text)


def _without_pictures(fragments: list[Fragment], tallest: float | None) -> list[Fragment]:
    """Drop "words" far taller than their line's: Tesseract reads an ID copy's portrait as "(女)".

    Tesseract reports CJK word boxes loosely (a bold title's words are ~3.5 body lines tall), so the
    test is against the line's own median height, with a page-wide cap for lines made only of picture.
    """
    heights = sorted(f.box[3] - f.box[1] for f in fragments)
    limit = _MAX_WORD_HEIGHT * heights[len(heights) // 2]
    if tallest:
        limit = min(limit, tallest)
    return [f for f in fragments if f.box[3] - f.box[1] <= limit]


def _drop_stray_quotes(line: TextLine) -> TextLine:
    """A curly quote without its partner is a speck or an edge read as punctuation ("”1984年")."""
    chars, opened = list(line.text), []
    for i, ch in enumerate(chars):
        if ch == "“":
            opened.append(i)
        elif ch == "”":
            if opened:
                opened.pop()
            else:
                chars[i] = ""
    for i in opened:
        chars[i] = ""
    text = " ".join("".join(chars).split())
    return line if text == line.text else TextLine(text, line.box, line.confidence)
