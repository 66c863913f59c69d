"""Resident ID numbers (居民身份证号码, GB 11643): 18 characters, ISO 7064 MOD 11-2 check character."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")  # ASCII: \d also matches other scripts' digits


def check_char(first17: str) -> str:
    """The check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS))
    return _CHECK_CHARS[total % 11]


def normalize(raw: str) -> str:
    """Upper-case the X and drop the spaces OCR puts inside long numbers."""
    return re.sub(r"\s+", "", raw).upper().replace("Ｘ", "X")


@dataclass(frozen=True)
class IdNumber:
    value: str
    valid: bool
    birth_date: date | None
    sex: str | None  # "男" / "女", from the parity of the 17th digit

    @property
    def masked(self) -> str:
        """For display: region and check visible, birth date hidden."""
        return self.value[:6] + "*" * 8 + self.value[14:] if len(self.value) == 18 else "*" * len(self.value)


def parse(raw: str) -> IdNumber:
    value = normalize(raw)
    if not _SHAPE.match(value):
        return IdNumber(value, False, None, None)
    birth = _birth_date(value[6:14])
    valid = birth is not None and check_char(value[:17]) == value[17]
    sex = "男" if int(value[16]) % 2 else "女"
    return IdNumber(value, valid, birth, sex)


def is_valid(raw: str) -> bool:
    return parse(raw).valid


def _birth_date(yyyymmdd: str) -> date | None:
    try:
        return date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None
