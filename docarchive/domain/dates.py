"""Calendar dates as written on Chinese forms: 2023年5月6日, 2023-05-06, 2023.5.6, 二〇二三年五月六日."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, tzinfo

from docarchive.domain.errors import InvalidInput

_EARLIEST_YEAR, _LATEST_YEAR = 1900, 2100  # outside this a "date" is an OCR accident
_ZEROS = "〇零○Oo"  # O/o: OCR reads the round 〇 of 二〇二三 as a Latin letter
_CN_DIGITS = {**dict.fromkeys(_ZEROS, 0), **{d: i for i, d in enumerate("一二三四五六七八九", 1)}}
_YEAR_CHARS = f"0-9{_ZEROS}一二三四五六七八九"
_PART_CHARS = "0-9〇零○一二三四五六七八九十"

_WRITTEN = re.compile(
    rf"(?<![0-9])(?P<y>[{_YEAR_CHARS}]{{4}})\s*年"
    rf"\s*(?P<m>[{_PART_CHARS}]{{1,3}})\s*月"
    rf"\s*(?P<d>[{_PART_CHARS}]{{1,3}})(?:\s*[日号])?"
)
_SEPARATED = re.compile(r"(?<!\d)(?P<y>\d{4})\s*[-./]\s*(?P<m>\d{1,2})\s*[-./]\s*(?P<d>\d{1,2})(?!\d)")
_RUN_TOGETHER = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)")  # 20230506
_PATTERNS = (_WRITTEN, _SEPARATED, _RUN_TOGETHER)


def parse_date(text: str) -> date | None:
    """The first date written in `text`, or None when there is none or it cannot exist (2月30日)."""
    text = unicodedata.normalize("NFKC", text)
    matches = [m for pattern in _PATTERNS if (m := pattern.search(text))]
    if not matches:
        return None
    first = min(matches, key=lambda m: m.start())
    return _make_date(first.group("y"), first.group("m"), first.group("d"))


def looks_like_date(text: str) -> bool:
    """Whether `text` has something shaped like a date, real or not (2月30日 counts)."""
    text = unicodedata.normalize("NFKC", text)
    return any(pattern.search(text) for pattern in _PATTERNS)


def to_iso(text: str) -> str | None:
    """`parse_date` as `YYYY-MM-DD`, the form stored in record fields."""
    found = parse_date(text)
    return found.isoformat() if found else None


def _make_date(year: str, month: str, day: str) -> date | None:
    numbers = (_positional(year), _small_number(month), _small_number(day))
    if None in numbers or not _EARLIEST_YEAR <= numbers[0] <= _LATEST_YEAR:  # type: ignore[operator]
        return None
    try:
        return date(*numbers)  # type: ignore[arg-type]
    except ValueError:
        return None


def _positional(text: str) -> int | None:
    """二〇二三 → 2023: one digit per character."""
    digits = [int(ch) if ch.isdigit() else _CN_DIGITS.get(ch) for ch in text]
    return None if None in digits else int("".join(map(str, digits)))


def _small_number(text: str) -> int | None:
    """Months and days: 5, 05, 五, 十, 十二, 二十, 三十一, 〇五."""
    if "十" not in text:
        return _positional(text)
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    tens_value = _positional(tens) if tens else 1
    units_value = _positional(units) if units else 0
    if tens_value is None or units_value is None:
        return None
    return tens_value * 10 + units_value


def parse_moment(at: str | datetime | None, now: datetime, timezone: tzinfo | None) -> datetime:
    """A time from hostile input: ISO-8601, a date alone its local midnight; no zone: `timezone`'s; none: now."""
    if at is None or at == "":
        return now
    if isinstance(at, str):
        try:
            at = datetime.fromisoformat(at.strip())
        except ValueError:
            raise InvalidInput(f"{at[:40]!r} is not a date and time (2026-05-06T09:30)") from None
    return at if at.tzinfo else at.replace(tzinfo=timezone or now.tzinfo)
