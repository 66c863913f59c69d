"""Reading `label：value` forms out of normalized OCR text.

Scanned forms come out of OCR in every layout: `label：value`, `label value`, the value on
the next line, several pairs on one line separated by column gaps, a header row above a
value row. A value runs until the next known label (field or stop label) or the line end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from functools import cache
from typing import TypeVar

from docarchive.domain.text import HAN, compact

T = TypeVar("T")

COLON = "[:：∶]"
QUALIFIER = r"[（(][^（）()\n]{1,12}[）)]"
_PROSE_AFTER = "、，,。；;的和与及或等"  # `客户名称、联系人` lists labels in prose, it is not a form
_CELL_BORDER = "|｜"
# Around a value: blanks, separators, table borders, and the stray quotes and points
# Tesseract reads from the gap after a label (`出生”1986年`, `有效期限。2021.10.08`).
VALUE_EDGES = " \t|｜:：∶;；,，、。“”\"'‘’"
_UNKNOWN_LABEL = re.compile(rf"\s+(?!大写|小写)[{HAN}]{{2,8}}(?:{QUALIFIER})?\s*{COLON}")
_UNKNOWN_LABEL_AT_START = re.compile(rf"[{HAN}]{{2,8}}(?:{QUALIFIER})?\s*{COLON}")
_COLUMN_GAP = re.compile(r"\s{2,}")
_SHORT_LABEL = 3  # 编号, 日期, 电话: common as the tail of longer labels
_LONG_LABEL = 4  # this long, a label is distinctive enough to read even glued to the value before it
_MAX_FOLLOWING = 3


class Strength(IntEnum):
    """How surely a label occurrence is a label; candidates are tried strongest first."""

    STACKED = 0  # labels OCR ran together, values after them all: `电话法定代表人 王平强1836918…`
    HEADER = 1  # a header row's label, the value lined up in the row below
    GLUED = 2  # long label straight after the previous value: 所属行业制造业客户等级B级
    OPENING = 3  # opens a line or table cell: `客户编号 KH-001`, `姓名张三`
    COLON = 4  # `客户编号：KH-001`


FREE_TEXT = Strength.HEADER  # the weakest candidate a free-text field (name, address) may take


@dataclass(frozen=True)
class LabelledValue:
    field: str
    label: str
    qualifier: str  # 委托方 in 甲方（委托方）, 万元 in 注册资金（万元）
    value: str  # "" when the label had nothing after it
    strength: Strength
    line_no: int  # of the value, 0-based
    following: tuple[str, ...]  # unlabelled lines after the value: a wrapped value may continue there


@dataclass(frozen=True)
class _Hit:
    field: str | None  # None for a stop label
    label: str
    qualifier: str
    start: int
    value_start: int
    strength: Strength


class Form:
    """The labelled values of one text, for the given field labels and stop labels."""

    def __init__(self, text: str, fields: Mapping[str, Iterable[str]], stops: Iterable[str] = ()):
        self._field_of: dict[str, str | None] = dict.fromkeys(stops)
        self._field_of.update({label: name for name, labels in fields.items() for label in labels})
        self._pattern = _hit_pattern(tuple(self._field_of))
        self.lines = text.split("\n")
        hits = [self._hits(line) for line in self.lines]
        self._values = list(_read_values(self.lines, hits))

    def candidates(self, field: str, weakest: Strength = Strength.STACKED) -> list[LabelledValue]:
        """Values labelled as `field`, strongest label first, then in reading order.

        Free text (names, addresses) should pass `weakest=Strength.HEADER`: a stacked value holds
        the values of several fields run together, which only a typed reader can pick apart.
        """
        found = [value for value in self._values if value.field == field and value.strength >= weakest]
        return sorted(found, key=lambda value: -value.strength)

    def first(
        self, field: str, read: Callable[[LabelledValue], T | None], weakest: Strength = Strength.STACKED
    ) -> T | None:
        """The first candidate that `read` makes sense of."""
        for candidate in self.candidates(field, weakest):
            if (value := read(candidate)) is not None:
                return value
        return None

    def _hits(self, line: str) -> list[_Hit]:
        hits = []
        for match in self._pattern.finditer(line):
            label = _label_key(match.group("label"))
            strength = _strength(line, match, label)
            if strength is not None:
                qualifier = (match.group("qualifier") or "").strip()[1:-1].strip()
                field = self._field_of[label]
                hits.append(_Hit(field, label, qualifier, match.start(), match.end(), strength))
        return hits


def spaced(label: str) -> str:
    """A pattern for `label` that tolerates blanks between its characters: 客 户 编 号."""
    return r"\s*".join(re.escape(char) for char in label)


@cache
def _hit_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    longest_first = sorted(labels, key=len, reverse=True)
    alternatives = "|".join(spaced(label) for label in longest_first)
    return re.compile(
        rf"(?P<label>{alternatives})(?P<qualifier>\s*{QUALIFIER})?(?P<colon>\s*{COLON})?", re.IGNORECASE
    )


def _label_key(matched: str) -> str:
    key = compact(matched)
    return key if not key.isascii() else key.upper()


def _strength(line: str, match: re.Match[str], label: str) -> Strength | None:
    before = line[: match.start()]
    opens_cell = not before.strip() or before[-1].isspace() or before[-1] in _CELL_BORDER
    if match.group("colon"):
        # `营业执照编号：`, `完成日期：`: a short label right after a Chinese character may be the
        # tail of a label we do not know. Still a boundary, but the weakest of candidates.
        glued_short = not opens_cell and len(label) < _SHORT_LABEL and re.match(f"[{HAN}]", before[-1])
        return Strength.GLUED if glued_short else Strength.COLON
    after = line[match.end() : match.end() + 1]
    if after and after in _PROSE_AFTER:
        return None
    if opens_cell:
        return Strength.OPENING
    return Strength.GLUED if len(label) >= _LONG_LABEL else None


def _read_values(lines: list[str], hits: list[list[_Hit]]) -> Iterable[LabelledValue]:
    for line_no, line_hits in enumerate(hits):
        if _is_header_row(lines[line_no], line_hits):
            yield from _header_row_values(lines, hits, line_no)
            continue
        for index, hit in enumerate(line_hits):
            if hit.field is None:
                continue
            end = line_hits[index + 1].start if index + 1 < len(line_hits) else len(lines[line_no])
            value, value_line = clean_value(lines[line_no][hit.value_start : end]), line_no
            strength = hit.strength
            if not value and index == len(line_hits) - 1:
                value, value_line = _next_line_value(lines, hits, line_no)
            elif not value and (stacked := _stacked_value(lines[line_no], line_hits, index)):
                value, strength = stacked, Strength.STACKED
            following = _following_lines(lines, hits, value_line)
            yield LabelledValue(hit.field, hit.label, hit.qualifier, value, strength, value_line, following)


def clean_value(raw: str) -> str:
    """The value without the unknown `备注：` label after it, colons or table borders around it."""
    if unknown := _UNKNOWN_LABEL.search(raw):
        raw = raw[: unknown.start()]
    return raw.strip(VALUE_EDGES)


def _stacked_value(line: str, line_hits: list[_Hit], index: int) -> str:
    """For `电话法定代表人 王平强1836918…`: the value after the run of labels `index` opens.

    Only labels without colons stack: `法定代表人：  身份证号：…` is a blank form field.
    """
    last = index
    while last + 1 < len(line_hits) and _touching(line, line_hits[last], line_hits[last + 1]):
        last += 1
    if last == index:
        return ""
    end = line_hits[last + 1].start if last + 1 < len(line_hits) else len(line)
    return clean_value(line[line_hits[last].value_start : end])


def _touching(line: str, hit: _Hit, next_hit: _Hit) -> bool:
    no_colons = Strength.COLON not in (hit.strength, next_hit.strength)
    return no_colons and not line[hit.value_start : next_hit.start].strip()


def _is_header_row(line: str, line_hits: list[_Hit]) -> bool:
    """Two or more labels and nothing else: `客户编号  客户名称`, `甲方（盖章）：  乙方（盖章）：`."""
    labels_only = "".join(compact(line[hit.start : hit.value_start]) for hit in line_hits)
    return len(line_hits) >= 2 and labels_only == compact(line)


def _header_row_values(lines: list[str], hits: list[list[_Hit]], line_no: int) -> Iterable[LabelledValue]:
    """The row below, cell by cell, when its cells line up with the labels; else nothing."""
    line_hits, next_no = hits[line_no], line_no + 1
    if next_no >= len(lines) or hits[next_no]:
        return
    row = lines[next_no].strip()
    cells = _COLUMN_GAP.split(row)
    if len(cells) != len(line_hits):
        cells = row.split()  # OCR keeps a wide gap as one space
    if len(cells) != len(line_hits):
        return
    following = _following_lines(lines, hits, next_no)
    for hit, cell in zip(line_hits, cells):
        if hit.field is not None:
            value = clean_value(cell)
            yield LabelledValue(
                hit.field, hit.label, hit.qualifier, value, Strength.HEADER, next_no, following
            )


def _next_line_value(lines: list[str], hits: list[list[_Hit]], line_no: int) -> tuple[str, int]:
    next_no = line_no + 1
    if next_no >= len(lines) or not lines[next_no] or _UNKNOWN_LABEL_AT_START.match(lines[next_no]):
        return "", line_no
    next_hits = hits[next_no]
    if next_hits and next_hits[0].start == 0:
        return "", line_no
    end = next_hits[0].start if next_hits else len(lines[next_no])
    return clean_value(lines[next_no][:end]), next_no


def _following_lines(lines: list[str], hits: list[list[_Hit]], line_no: int) -> tuple[str, ...]:
    following: list[str] = []
    for next_no in range(line_no + 1, min(line_no + 1 + _MAX_FOLLOWING, len(lines))):
        line = lines[next_no]
        if not line or hits[next_no] or _UNKNOWN_LABEL_AT_START.match(line):
            break
        following.append(line)
    return tuple(following)
