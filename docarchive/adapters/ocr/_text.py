"""Line assembly both OCR adapters share, so every engine's text follows the same spacing and punctuation rules.

Engines hand back fragments (Tesseract: words; RapidOCR: detected boxes). We decide spacing from their
geometry rather than trusting the engine: Tesseract's chi_sim puts a space between every two Chinese
characters, while a wide gap between form fields ("姓名：张三      性别：男") must stay a separator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docarchive.domain.documents import TextLine
from docarchive.ports.ocr import OcrResult

# A blank wider than this many line heights separates fields or columns, even between Chinese characters.
WIDE_GAP = 1.2

_CJK_RANGES = (
    (0x2E80, 0x2FDF),  # radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。《》「」
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),  # full-width forms: ：；，（）
    (0x20000, 0x2FA1F),
)
# Engines often read the full-width marks of Chinese text as their ASCII look-alikes.
_FULL_WIDTH = {":": "：", ";": "；", ",": "，", "(": "（", ")": "）", "?": "？", "!": "！"}
_WIDE_SPACE = "\u2003"  # placeholder for a deliberate gap while narrow spaces are being removed
# "493，000": a thousands separator read as the Chinese comma because Chinese text surrounds it.
_DIGIT_GROUP = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")
_OPENERS, _CLOSERS = "(（〈《【[{", ")）〉》】]}"
# 丶 is the "dot" radical, found in dictionaries, never in running text: a recogniser that reads it has seen the
# enumeration comma 、, whose slanted stroke in 楷体 looks the same (both engines did, on the kai contract page).
_RADICAL_DOT = ("丶", "、")
_LOOK_ALIKE_OPENERS = "〈【[{"  # closed by a parenthesis they were one; not 《: in "《办法）" the closer is as likely wrong


@dataclass(frozen=True)
class Fragment:
    text: str
    box: tuple[int, int, int, int]
    confidence: float  # 0..1


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


def assemble_line(fragments: Sequence[Fragment]) -> TextLine:
    """One visual line from its fragments, read left to right."""
    ordered = sorted(fragments, key=lambda f: f.box[0])
    height = max(f.box[3] - f.box[1] for f in ordered)
    text = ordered[0].text
    for left, right in zip(ordered, ordered[1:]):
        text += _separator(left, right, height) + right.text
    return TextLine(text=tidy(text), box=union_box(f.box for f in ordered), confidence=_weighted_confidence(ordered))


def tidy(text: str) -> str:
    """Full-width punctuation in Chinese context, no spaces between Chinese characters, single spaces."""
    chars = _full_width_punctuation(_repair_brackets(list(text.replace(*_RADICAL_DOT))))
    kept = [ch for i, ch in enumerate(chars) if not (ch == " " and _joins_cjk(chars, i))]
    text = " ".join("".join(kept).replace(_WIDE_SPACE, " ").split())
    return _DIGIT_GROUP.sub(",", text)


def build_result(lines: Iterable[TextLine]) -> OcrResult:
    kept = tuple(line for line in lines if line.text)
    confidence = sum(line.confidence for line in kept) / len(kept) if kept else 0.0
    return OcrResult(text="\n".join(line.text for line in kept), lines=kept, confidence=confidence)


def union_box(boxes: Iterable[tuple[int, int, int, int]]) -> tuple[int, int, int, int]:
    x0s, y0s, x1s, y1s = zip(*boxes)
    return min(x0s), min(y0s), max(x1s), max(y1s)


def _separator(left: Fragment, right: Fragment, height: int) -> str:
    if not left.text or not right.text:
        return ""
    if right.box[0] - left.box[2] > WIDE_GAP * height:
        return _WIDE_SPACE
    # Chinese is written without spaces, also next to digits and Latin ("第5条", "共3页").
    return "" if is_cjk(left.text[-1]) or is_cjk(right.text[0]) else " "


def _weighted_confidence(fragments: Sequence[Fragment]) -> float:
    weights = [max(len(f.text.strip()), 1) for f in fragments]
    return sum(f.confidence * w for f, w in zip(fragments, weights)) / sum(weights)


def _joins_cjk(chars: list[str], i: int) -> bool:
    """A narrow space next to full-width punctuation, or between two Chinese characters, is noise."""
    left, right = _neighbour(chars, i, -1), _neighbour(chars, i, 1)
    if left is None or right is None:
        return True
    if left == _WIDE_SPACE or right == _WIDE_SPACE:
        return True
    return (is_cjk(left) and is_cjk(right)) or _is_full_width_mark(left) or _is_full_width_mark(right)


def _repair_brackets(chars: list[str]) -> list[str]:
    """An opener closed by a parenthesis was a parenthesis: Tesseract reads "（元）" as "〈元）" or "【元）"."""
    out, open_at = list(chars), []
    for i, ch in enumerate(chars):
        if ch in _OPENERS:
            open_at.append(i)
        elif ch in _CLOSERS and open_at:
            start = open_at.pop()
            if ch in ")）" and out[start] in _LOOK_ALIKE_OPENERS:
                out[start] = "（" if ch == "）" else "("
    return out


def _full_width_punctuation(chars: list[str]) -> list[str]:
    out = list(chars)
    open_parens: list[int] = []
    for i, ch in enumerate(chars):
        if ch == "(":
            open_parens.append(i)
        elif ch == ")" and open_parens:
            _convert_pair(chars, out, open_parens.pop(), i)
        elif ch in _FULL_WIDTH and ch != "(" and _in_cjk_context(chars, i):
            out[i] = _FULL_WIDTH[ch]
    for i in open_parens:
        if _in_cjk_context(chars, i):
            out[i] = _FULL_WIDTH["("]
    return out


def _convert_pair(chars: list[str], out: list[str], start: int, end: int) -> None:
    """Brackets change together, so "金额(USD)" becomes "金额（USD）" and never "金额（USD)"."""
    if _in_cjk_context(chars, start) or _in_cjk_context(chars, end):
        out[start], out[end] = "（", "）"


def _in_cjk_context(chars: list[str], i: int) -> bool:
    return any(ch is not None and is_cjk(ch) for ch in (_neighbour(chars, i, -1), _neighbour(chars, i, 1)))


def _neighbour(chars: list[str], i: int, step: int) -> str | None:
    j = i + step
    while 0 <= j < len(chars) and chars[j] == " ":
        j += step
    return chars[j] if 0 <= j < len(chars) else None


def _is_full_width_mark(ch: str) -> bool:
    return ch in "，。、；：？！（）《》「」『』【】“”‘’"
