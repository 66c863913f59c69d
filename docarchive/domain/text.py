"""Cleaning OCR text before it is classified, read for fields or indexed.

OCR engines and PDF text layers disagree about widths, spaces and line endings; everything
downstream sees one spelling. The rules are idempotent: normalising twice changes nothing.
"""

from __future__ import annotations

import re
import unicodedata

# Han ideographs (incl. extension A, the compatibility block and 〇).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007"

# Chinese punctuation kept in its full-width form: it is the correct spelling in Chinese text
# (GB/T 15834) and search/display should show it as written. Label matching accepts both
# forms of the colon, so nothing is lost by keeping them.
KEPT_FULL_WIDTH = "，：；？！（）…"
# Symbols that NFKC would turn into misleading ASCII (㎡ → m2).
_KEPT_SYMBOLS = "㎡㎥²³℃"
_KEPT = KEPT_FULL_WIDTH + _KEPT_SYMBOLS

# CJK punctuation carries its own spacing: a blank beside it is never needed.
_CJK_PUNCT = f"\u3001-\u3006\u3008-\u3011\u3014-\u301f{KEPT_FULL_WIDTH}"
_CJK = HAN + _CJK_PUNCT

_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad\x00-\x08\x0b-\x1f\x7f]")
_FOLDABLE_RUN = re.compile(f"[^{_KEPT}]+")
_PUNCT_BETWEEN_DIGITS = re.compile(r"(?<=\d)[，：。](?=\d)")
_ASCII_FOR = {"，": ",", "：": ":", "。": "."}
_BLANK_RUN = re.compile(r"[ \t]{2,}")
_COLUMN_GAP = "  "  # two or more blanks mean a table column: kept, as exactly two spaces
# `客 户 编 号`: every character on its own, as Tesseract's chi_sim spaces them.
_LETTER_SPACED = re.compile(f"(?<![{HAN}])[{HAN}](?: [{HAN}])+(?![{HAN}])")
_LONE_BLANK_BY_CJK = re.compile(
    f"(?<=[{HAN}]) (?=[0-9])|(?<=[0-9]) (?=[{HAN}])"
    f"|(?<=[{_CJK_PUNCT}]) (?=[^ ])|(?<=[^ ]) (?=[{_CJK_PUNCT}])"
)
_DIGIT_GROUPS_AFTER_CJK = re.compile(rf"(?<=[{_CJK}])\d{{1,4}}(?: \d{{1,4}})+(?!\d)")
_DIGIT_GROUPS_BEFORE_CJK = re.compile(rf"(?<![\d ])\d{{1,4}}(?: \d{{1,4}})+(?=[{_CJK}])")
_WHITESPACE = re.compile(r"\s+")


def normalize_ocr_text(text: str) -> str:
    """One spelling for OCR text: half-width ASCII, no OCR-inserted blanks, `\\n` line ends.

    - Full-width letters, digits and ASCII symbols become half-width (NFKC, which also maps
      Kangxi radicals and compatibility ideographs to ordinary characters); the Chinese
      punctuation in KEPT_FULL_WIDTH and 、。「」《》【】 stay as written, except that a
      `，` `：` `。` between two digits becomes ASCII (`125，000` → `125,000`).
    - Blanks OCR puts inside Chinese go: in letter-spaced runs (`客 户 编 号` → `客户编号`),
      between a Chinese character and a digit (`张江路 88 号` → `张江路88号`), beside
      full-width punctuation (`编号： KH` → `编号：KH`) and inside short digit groups touching
      Chinese (`2 0 1 9 年` → `2019年`). A tab counts as a blank.
    - A single blank between two Chinese words stays (`张建国 身份证号`): the OCR adapters
      already drop narrow gaps and keep a wide gap between form fields as one space, and that
      separator helps reading values. Two or more blanks are a column gap and become exactly
      two spaces; a single blank elsewhere stays one space (`ABC Trading Co.`).
    - Lines are stripped, runs of empty lines collapse to one, the text ends without a newline.
    """
    lines = [_normalize_line(line) for line in text.splitlines()]
    return _collapse_empty_lines(lines)


def compact(text: str) -> str:
    """The text with every whitespace character removed, for matching labels across stray spaces."""
    return _WHITESPACE.sub("", text)


def _normalize_line(line: str) -> str:
    line = _INVISIBLE.sub("", line)
    line = _FOLDABLE_RUN.sub(lambda run: unicodedata.normalize("NFKC", run.group()), line)
    line = _PUNCT_BETWEEN_DIGITS.sub(lambda m: _ASCII_FOR[m.group()], line)
    line = line.replace("\t", " ")
    line = _BLANK_RUN.sub(_COLUMN_GAP, line)
    line = _LETTER_SPACED.sub(_without_blanks, line)
    line = _LONE_BLANK_BY_CJK.sub("", line)
    line = _DIGIT_GROUPS_AFTER_CJK.sub(_without_blanks, line)
    line = _DIGIT_GROUPS_BEFORE_CJK.sub(_without_blanks, line)
    return line.strip()


def _without_blanks(match: re.Match[str]) -> str:
    return match.group().replace(" ", "")


def _collapse_empty_lines(lines: list[str]) -> str:
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip("\n")
