"""Money amounts as Chinese paperwork writes them, in yuan.

Figures (`人民币 125,000.00 元`, `￥12.5万元`) and words, both the 大写 of financial documents
(`壹佰贰拾万零伍仟元整`) and everyday numerals (`一千二百万`, `三万五`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

Amount = int | float

DIGIT_VALUES = {
    **dict.fromkeys("零〇○", 0),
    **dict.fromkeys("一壹幺", 1),
    **dict.fromkeys("二贰貳两兩", 2),
    **dict.fromkeys("三叁參", 3),
    **dict.fromkeys("四肆", 4),
    **dict.fromkeys("五伍", 5),
    **dict.fromkeys("六陆陸", 6),
    **dict.fromkeys("七柒", 7),
    **dict.fromkeys("八捌", 8),
    **dict.fromkeys("九玖", 9),
}
_SMALL_UNITS = {**dict.fromkeys("十拾", 10), **dict.fromkeys("百佰", 100), **dict.fromkeys("千仟", 1000)}
_BIG_UNITS = {**dict.fromkeys("万萬", 10**4), **dict.fromkeys("亿億", 10**8)}
_NUMERAL_CHARS = "".join(DIGIT_VALUES) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)

_CURRENCY_PREFIX = re.compile(r"^(?:人民币|RMB|CNY|¥|大写|小写|[:：()（）\[\]【】])+", re.IGNORECASE)
_WHOLE_SUFFIX = re.compile(r"[整正]?[)）.。,，;；]*$")
_OCR_ZERO = re.compile(r"(?<=\d)[Oo]+|[Oo]+(?=\d)")  # `1O0,000`: an O touching digits is a 0
_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d)")
_YUAN_JIAO_FEN = re.compile(
    r"(?:(?P<yuan>[^元圆块角分]+)[元圆块]?)?零?(?:(?P<jiao>[^角分]+)角)?零?(?:(?P<fen>[^分]+)分)?"
)
_TOKEN = re.compile(r"\d+(?:\.\d+)?|.")
_CENT = Decimal("0.01")

_FIGURES = re.compile(
    r"(?:(?:人民币|RMB|CNY|¥|￥)\s*)?\d(?:[\d,，]|\.(?=\d))*\s*[万亿]?\s*[元圆]?"
    r"(?:\s*\d\s*角)?(?:\s*\d\s*分)?",
    re.IGNORECASE,
)
_WORDS = re.compile(f"[{_NUMERAL_CHARS}元圆角分整正]{{2,}}")


@dataclass(frozen=True)
class AmountMention:
    text: str
    value: Amount
    in_words: bool  # written as 大写/Chinese numerals rather than figures


def parse_amount(text: str) -> Amount | None:
    """Yuan in `text`, which holds one amount and nothing else; int when whole, else 2 decimals.

    None when `text` is not an amount. Currency markers (人民币, RMB, ¥) and 整/正 are ignored.
    """
    body = _strip_decorations(text)
    match = _YUAN_JIAO_FEN.fullmatch(body) if body else None
    if not match or not any(match.groups()):
        return None
    parts = [_parse_number(part) if part else Decimal(0) for part in match.group("yuan", "jiao", "fen")]
    if any(part is None for part in parts):
        return None
    yuan, jiao, fen = parts
    return _as_amount(yuan + jiao / 10 + fen / 100)


def find_amounts(text: str) -> list[AmountMention]:
    """Every amount written in `text`, figures first then words, each in reading order."""
    figures = [m for m in _FIGURES.finditer(text)]
    masked = text
    for m in figures:
        masked = masked[: m.start()] + " " * len(m.group()) + masked[m.end() :]
    mentions = [_mention(m.group(), in_words=False) for m in figures]
    mentions += [_mention(m.group(), in_words=True) for m in _WORDS.finditer(masked)]
    return [mention for mention in mentions if mention is not None]


def _mention(text: str, in_words: bool) -> AmountMention | None:
    value = parse_amount(text)
    return None if value is None else AmountMention(text.strip(), value, in_words)


def _strip_decorations(text: str) -> str:
    body = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    body = _OCR_ZERO.sub(lambda m: "0" * len(m.group()), body)
    body = _THOUSANDS.sub("", body)
    if body.count(".") > 1:  # `20.000.00`: OCR read the thousands commas as points
        whole, _, cents = body.rpartition(".")
        body = whole.replace(".", "") + "." + cents
    body = _CURRENCY_PREFIX.sub("", body)
    return _WHOLE_SUFFIX.sub("", body)


def _parse_number(text: str) -> Decimal | None:
    """A number in figures, Chinese numerals, or figures with 万/亿 (`12.5万`)."""
    return _NumeralReader().read(_TOKEN.findall(text))


class _NumeralReader:
    """Reads 壹佰贰拾万零伍仟 left to right: sections of 千百十 under 万/亿 multipliers."""

    def __init__(self) -> None:
        self.total = Decimal(0)
        self.section = Decimal(0)
        self.digit: Decimal | None = None
        self.last_unit = 0
        self.after_zero = False
        self.seen_value = False

    def read(self, tokens: list[str]) -> Decimal | None:
        for token in tokens:
            if not self._take(token):
                return None
        if not self.seen_value:
            return None
        return self.total + self.section + self._trailing_digit()

    def _take(self, token: str) -> bool:
        if token[0].isdigit() or token in DIGIT_VALUES:
            return self._take_digit(token)
        if token in _SMALL_UNITS:
            self._take_small_unit(_SMALL_UNITS[token])
            return True
        if token in _BIG_UNITS:
            self._take_big_unit(_BIG_UNITS[token])
            return True
        return False

    def _take_digit(self, token: str) -> bool:
        value = Decimal(token) if token[0].isdigit() else Decimal(DIGIT_VALUES[token])
        if value == 0 and not token[0].isdigit():
            self.after_zero = True  # 零 holds a place: 一万零五 is 10005, not 15000
            self.seen_value = True
            return True
        if self.digit is not None:
            return False  # two digits without a unit between them
        self.digit = value
        self.seen_value = True
        return True

    def _take_small_unit(self, unit: int) -> None:
        self.section += (self.digit if self.digit is not None else 1) * unit
        self.seen_value = True
        self._after_unit(unit)

    def _take_big_unit(self, unit: int) -> None:
        self.section += self.digit or 0
        if unit > 10**4:
            self.total = (self.total + self.section) * unit  # 亿 multiplies everything before it
        else:
            self.total += self.section * unit
        self.section = Decimal(0)
        self._after_unit(unit)

    def _after_unit(self, unit: int) -> None:
        self.digit = None
        self.last_unit = unit
        self.after_zero = False

    def _trailing_digit(self) -> Decimal:
        """三万五 means 35000: a last bare digit counts in the unit below the last one."""
        if self.digit is None:
            return Decimal(0)
        if self.last_unit >= 10 and not self.after_zero:
            return self.digit * self.last_unit / 10
        return self.digit


def _as_amount(value: Decimal) -> Amount:
    if value == value.to_integral_value():
        return int(value)
    return float(value.quantize(_CENT, rounding=ROUND_HALF_UP))
