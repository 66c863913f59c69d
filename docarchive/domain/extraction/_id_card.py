"""ID-card copies (居民身份证): name, sex, ethnicity, birth date, address and number.

The card's labels are few and fixed, and OCR glues them to their values (`性别男民族汉`),
so each label's first occurrence is located and a value runs to the next label found.
The address wraps onto two or three lines and is joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docarchive.domain.dates import looks_like_date, to_iso
from docarchive.domain.extraction._form import VALUE_EDGES, spaced
from docarchive.domain.extraction._shared_fields import record_id_number
from docarchive.domain.extraction._result import Extraction
from docarchive.domain.extraction._values import (
    IdReading,
    id_number_value,
    join_wrapped,
    person_value,
    text_value,
)
from docarchive.domain.text import HAN

_LABELS: dict[str | None, tuple[str, ...]] = {
    "name": ("姓名",),
    "sex": ("性别",),
    "ethnicity": ("民族",),
    "birth": ("出生",),
    "address": ("住址",),
    "id_number": ("公民身份证号码", "公民身份号码", "公民身份号", "身份号码", "身份证号码", "身份证号"),
    None: ("签发机关", "有效期限", "中华人民共和国", "居民身份证"),  # the back of the card ends a value
}
_NOT_A_LABEL_BEFORE = {"民族": "路街道村巷"}  # 民族路 is a street in many cities
_PATTERNS = {
    name: re.compile(
        "|".join(
            spaced(label) + (f"(?![{_NOT_A_LABEL_BEFORE[label]}])" if label in _NOT_A_LABEL_BEFORE else "")
            for label in labels
        )
    )
    for name, labels in _LABELS.items()
}
_LONG_DIGIT_RUN = re.compile(r"\d{12,}")
_MAX_ADDRESS_LINES = 4


@dataclass(frozen=True)
class _Segment:
    field: str | None
    text: str  # from the end of the label to the next label

    @property
    def first_line(self) -> str:
        return self.text.strip(VALUE_EDGES).split("\n", 1)[0].strip(VALUE_EDGES)


def read_id_card(text: str) -> Extraction:
    segments = {s.field: s for s in _segments(text) if s.field}
    out = Extraction()
    if segment := segments.get("name"):
        out.set("name", person_value(segment.first_line))
    if segment := segments.get("sex"):
        out.set("sex", _sex(segment.first_line))
    if segment := segments.get("ethnicity"):
        out.set("ethnicity", _ethnicity(segment.first_line))
    if segment := segments.get("birth"):
        _read_birth_date(segment.text, out)
    if segment := segments.get("address"):
        out.set("address", _address(segment.text))
    reading = _id_number(segments.get("id_number"), text)
    record_id_number(reading, out)
    _fill_from_id_number(reading, out)
    return out


def _segments(text: str) -> list[_Segment]:
    matches = {field: match for field, pattern in _PATTERNS.items() if (match := pattern.search(text))}
    found = sorted(((m.start(), m.end(), field) for field, m in matches.items()), key=lambda f: f[:2])
    ends = [start for start, _, _ in found[1:]] + [len(text)]
    return [_Segment(field, text[end:next_start]) for (_, end, field), next_start in zip(found, ends)]


def _sex(line: str) -> str | None:
    match = re.search("[男女]", line)
    return match.group() if match else None


def _ethnicity(line: str) -> str | None:
    match = re.match(f"[{HAN}]{{1,4}}", line)
    if not match:
        return None
    name = match.group()
    return name[:-1] if len(name) > 1 and name.endswith("族") else name


def _read_birth_date(segment: str, out: Extraction) -> None:
    out.set("birth_date", to_iso(segment))
    if "birth_date" not in out.fields and looks_like_date(segment):
        out.warnings.append(f"birth_date {segment.strip()} is not a real date")


def _address(segment: str) -> str | None:
    lines = [line.strip(VALUE_EDGES) for line in segment.split("\n")]
    kept = []
    for line in (line for line in lines if line):
        if _LONG_DIGIT_RUN.search(line) or len(kept) == _MAX_ADDRESS_LINES:
            break
        kept.append(line)
    return text_value(join_wrapped(kept))


def _id_number(segment: _Segment | None, text: str) -> IdReading | None:
    """After its label; failing that, any ID-shaped number on the card, valid ones first."""
    if segment and (reading := id_number_value(segment.text)):
        return reading
    readings = [r for line in text.split("\n") if (r := id_number_value(line))]
    return next((r for r in readings if r.valid), readings[0] if readings else None)


def _fill_from_id_number(reading: IdReading | None, out: Extraction) -> None:
    """A valid number states birth date and sex: fill them in when OCR lost them, flag disagreement."""
    if not reading or not reading.valid or not reading.parsed:
        return
    birth_date = reading.parsed.birth_date
    derived = {"birth_date": birth_date.isoformat() if birth_date else None, "sex": reading.parsed.sex}
    for name, value in derived.items():
        printed = out.fields.get(name)
        if value is None:
            continue
        if printed is None:
            out.set(name, value)
        elif printed != value:
            out.warnings.append(f"{name} {printed} on the card differs from the id_number's {value}")
