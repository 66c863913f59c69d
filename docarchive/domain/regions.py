"""Regions as written in Chinese addresses and ledgers: province / city / district."""

from __future__ import annotations

import re
from typing import Any

REGION_PARTS = ("province", "city", "district")
MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
_REGION_SPLIT = re.compile(r"[/／\-—\s]+")
_REGION_SUFFIX = re.compile(r"(.+?(?:自治区|特别行政区|省|市))?(.+?(?:自治州|地区|盟|市))?(.+?(?:区|县|旗|市))?$")


def split_region(text: Any) -> dict[str, str]:
    """上海市/浦东新区, 浙江省 杭州市 西湖区 or 浙江省杭州市西湖区 → province, city, district."""
    parts: list[str | None] = [p for p in _REGION_SPLIT.split(str(text).strip()) if p]
    if len(parts) == 1:
        match = _REGION_SUFFIX.match(parts[0])
        if match and any(match.groups()):
            parts = list(match.groups())
    if parts and parts[0] in MUNICIPALITIES and (len(parts) == 2 or (len(parts) == 3 and parts[1] is None)):
        parts = [parts[0], parts[0], parts[-1]]  # 上海市/浦东新区: the city is the municipality itself
    return {part: value for part, value in zip(REGION_PARTS, parts[:3]) if value}
