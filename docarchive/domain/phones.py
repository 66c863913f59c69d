"""Phone numbers and e-mail addresses as written on Chinese customer forms."""

from __future__ import annotations

import re
import unicodedata

_MOBILE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")
# Area codes: 010 and 02x have three digits, every other one four; then 7–8 digits, perhaps an extension.
_LANDLINE = re.compile(r"^(?:\+?86)?(0[12]\d|0[3-9]\d{2})-?([2-9]\d{6,7})(?:(?:-|转|ext\.?)(\d{1,6}))?$")
_SERVICE = re.compile(r"^([48]00)-?(\d{3})-?(\d{4})$")  # 400/800 hotlines
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def normalize_phone(raw: str) -> str | None:
    """The number in one canonical form (13812345678, 021-65432100, 021-65432100-123), or None if invalid."""
    text = re.sub(r"[\s()（）]", "", unicodedata.normalize("NFKC", str(raw)))
    compact = text.replace("-", "")
    if mobile := _MOBILE.match(compact):
        return mobile.group(1)
    if landline := _LANDLINE.match(text.replace("+86-", "+86")):
        area, number, extension = landline.groups()
        return f"{area}-{number}" + (f"-{extension}" if extension else "")
    if service := _SERVICE.match(text):
        return "-".join(service.groups())
    return None


def normalize_email(raw: str) -> str | None:
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    return text if _EMAIL.match(text) else None
