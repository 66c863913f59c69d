"""Unified social credit codes (统一社会信用代码, GB 32100-2015): 18 characters, a MOD 31 check character."""

from __future__ import annotations

import re
import unicodedata

# The code's alphabet leaves out I, O, S, V and Z (too easily misread).
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_SHAPE = re.compile(rf"^[{ALPHABET}]{{2}}[0-9]{{6}}[{ALPHABET}]{{10}}$")  # [0-9]: \d takes other scripts' digits


def normalize(raw: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw)).upper()


def check_char(first17: str) -> str:
    total = sum(ALPHABET.index(ch) * weight for ch, weight in zip(first17, _WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def problem(raw: str) -> str | None:
    """Why `raw` is not a valid code, or None when it is."""
    code = normalize(raw)
    if len(code) != 18:
        return f"must be 18 characters, not {len(code)}"
    if not _SHAPE.match(code):
        return "has characters a unified social credit code cannot hold (digits and capitals except I O S V Z)"
    if check_char(code[:17]) != code[17]:
        return "check character is wrong (mistyped?)"
    return None
