"""ID numbers as personal data (PIPL): how they are found in text and masked for people who may not see them.

One definition of "an ID number in text" serves the search index (which cuts them out), the record stores
(which encrypt them at rest) and every response (which masks them): 18 characters with the single spaces OCR
puts inside them, or the old 15 digits — whether or not the check character agrees, since a misread ID number
is still someone's ID number.
"""

from __future__ import annotations

import re
from typing import Any

ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(?:\d ?){17}[\dXx](?![0-9A-Za-z])|(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])")
ID_NUMBER_FIELDS = frozenset({"id_number"})  # fields that hold an ID number whatever it looks like
REVEAL_ID_NUMBER = "id_number"  # what `?reveal=` / `--reveal` names
MASK = "*"
_TAG = re.compile(r"(</?mark>)")  # search snippets' highlights


def mask_id_number(value: str | None) -> str | None:
    """`110105199001011234` → `110105********1234`: the region and the last four stay, the birth date goes."""
    if not value:
        return value
    compact = re.sub(r"\s+", "", value)
    if len(compact) <= 10:
        return MASK * len(compact)
    return compact[:6] + MASK * (len(compact) - 10) + compact[-4:]


def mask_id_numbers_in(text: str) -> str:
    """Free text (OCR, snippets, reasons) with every ID number in it masked, in place: OCR's spaces and a
    snippet's highlight tags stay where they are, so a `<mark>` inside a number cannot save it from the mask."""
    if not _may_hold_one(text):
        return text
    plain, tags = _without_tags(text)
    chars = list(plain)
    for match in ID_IN_TEXT.finditer(plain):
        _mask_span(chars, match.start(), match.end())
    return _with_tags("".join(chars), tags)


def mask_personal_data(value: Any) -> Any:
    """A JSON-shaped response with its ID numbers masked: `id_number` fields whole, any other text where one
    appears in it. Returns a new value; the given one is not changed."""
    if isinstance(value, str):
        return mask_id_numbers_in(value)
    if isinstance(value, dict):
        return {key: _mask_item(key, item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_personal_data(item) for item in value]
    return value


def rendered_may_hold_id_numbers(rendered: str) -> bool:
    """Whether JSON rendered from a response may hold something `mask_personal_data` would mask: an
    `id_number` key, or 15 characters of digits and spaces from a digit on (highlight tags aside) — a
    superset of `ID_IN_TEXT` wherever it may stand. JSON never escapes digits or spaces, so one look over the
    whole answer settles most of them (a page of search hits: no walk over its hundreds of values)."""
    return '"id_number"' in rendered or _DIGIT_RUN.search(_TAG.sub("", rendered)) is not None


def contains_id_number(text: str) -> bool:
    return _may_hold_one(text) and ID_IN_TEXT.search(text) is not None


def _mask_item(key: Any, item: Any) -> Any:
    if key in ID_NUMBER_FIELDS:  # whatever it looks like, also a change's {"before", "after"}
        return _mask_whole(item)
    return mask_personal_data(item)


def _mask_whole(item: Any) -> Any:
    if isinstance(item, str):
        return mask_id_number(item)
    if isinstance(item, dict):
        return {key: _mask_whole(value) for key, value in item.items()}
    if isinstance(item, (list, tuple)):
        return [_mask_whole(value) for value in item]
    return item


def _mask_span(chars: list[str], start: int, end: int) -> None:
    positions = [i for i in range(start, end) if not chars[i].isspace()]
    for i in positions[6:len(positions) - 4]:
        chars[i] = MASK


def _without_tags(text: str) -> tuple[str, list[tuple[int, str]]]:
    """The text without highlight tags, and each tag with where it stood in that text."""
    tags, parts, at = [], [], 0
    for piece in _TAG.split(text):
        if _TAG.fullmatch(piece):
            tags.append((at, piece))
        else:
            parts.append(piece)
            at += len(piece)
    return "".join(parts), tags


def _with_tags(plain: str, tags: list[tuple[int, str]]) -> str:
    out, last = [], 0
    for at, tag in tags:
        out += [plain[last:at], tag]
        last = at
    return "".join(out) + plain[last:]


def _may_hold_one(text: str) -> bool:
    """Cheap first look, in C: every ID number has at least 15 digits, however OCR spaces or a highlight
    splits them, so a text with fewer holds none (most snippets and titles: the tag split was the cost)."""
    return len(text) >= 15 and _FIFTEEN_DIGITS.match(text) is not None


_FIFTEEN_DIGITS = re.compile(r"(?:\D*\d){15}")
# 15 characters of digits and spaces from a digit on: a superset of 15 digits with single spaces between them,
# and twice as fast to rule out on a page of search hits (a class per character, no group to backtrack).
_DIGIT_RUN = re.compile(r"\d[\d ]{14}")


# Who may see an ID number in full, and then only when they ask for it (`?reveal=id_number`, `--reveal`) and
# the unmasking is audited: the archivist who checks IDs against files, and the general manager. Everyone
# else — staff, managers, auditors, the security officer — works with the masked number (PIPL: least sight).
REVEAL_ROLES = frozenset({"archivist", "director"})


def may_reveal(roles: tuple[str, ...] | frozenset[str]) -> bool:
    return bool(REVEAL_ROLES & set(roles))
