"""Turning the raw text after a label into a field value in its stored format."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from docarchive.domain import idnumber
from docarchive.domain.amounts import Amount, find_amounts
from docarchive.domain.text import HAN, compact

_DASHES = str.maketrans(dict.fromkeys("－—–‐‑−", "-"))
_COLUMN_GAP = re.compile(r"\s{2,}")
_BLANK_IN_HAN = re.compile(rf"(?<=[{HAN}])\s+(?=[{HAN}])")
_EDGE_PUNCTUATION = " .。,，;；:：、|｜"
_OPENING, _CLOSING = "（(", "）)"
_CODE_SHAPE = re.compile(r"[A-Z0-9]")
_LATIN_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-－—–_/.# ]*")
_MAX_CODE_LEN = 40
# `B`, `B级`; `BR`/`CH`: 级 misread as one Latin letter. `AA`, `AAA` are credit ratings, not grades.
_GRADE = re.compile(r"([A-Ea-e])(?:[F-Zf-z])?(?![A-Za-z])")
_FOREIGN_CURRENCY = re.compile(r"美元|港元|港币|欧元|日元|英镑|USD|HKD|EUR|JPY|GBP", re.IGNORECASE)
# Where an organisation's name ends; OCR sometimes runs the next line of prose onto it.
_ORGANISATION_END = re.compile(
    r"有限责任公司|股份有限公司|有限公司|公司|集团|分行|支行|银行|厂|中心|事务所|合作社|研究院|研究所|医院|学校|商行"
)
_PROSE_MARKS = re.compile(r"[，。；,;！？]")
_MAX_NAME_LEN = 60
# A clause about a party, not its name: 甲方应于…, 乙方保证…
_CLAUSE_START = re.compile(r"(?:应|须|需|将|在|于|的|已|可|不|同意|负责|保证|承诺|有权|向|按|未|对|为|如|若|委托|提供|支付|确认|逾期)")
_MAX_CHINESE_NAME = 6  # 2–4 characters as a rule; minority names are written with a ·
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+)+")
_PARTY_TAIL = re.compile(r"[（(]?\s*(?:以下简称|以下称|下称|简称).*$|[（(](?:盖章|签章|签字|签名|公章)[）)]?\s*$")
_ADDRESS_PART = re.compile(rf"[{HAN}]*[路街道号弄巷村镇区县市省楼室层栋幢座]|\d")
_MAX_ADDRESS_LINE = 40

# Phone numbers: `021-65432100`, `(021)65432100`, `13812345678`, `65432100`, `400-820-8820`.
_MOBILE = r"1[3-9]\d{9}"
_LANDLINE = r"\(?(?P<area>0\d{2,3})\)?(?P<sep>-?)(?P<number>\d{7,8})"
_SERVICE = r"[48]00-?\d{3}-?\d{4}"
_PHONE = re.compile(
    rf"(?<!\d)(?:(?P<mobile>{_MOBILE})|{_LANDLINE}|(?P<service>{_SERVICE})|(?P<local>\d{{7,8}}))(?!\d)"
)
_COUNTRY_CODE = re.compile(rf"(?:\+|00)?86-?(?={_MOBILE}(?!\d))")
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1"})
_DIGITLIKE_RUN = re.compile(r"[0-9OoDIl|]+")
_ID_SHAPE = re.compile(r"\d[0-9OoDIl|]{13,16}[0-9XxOoDIl|]")


def first_cell(raw: str) -> str:
    """The value up to the first column gap: `张建国  董事长` → `张建国`."""
    return _COLUMN_GAP.split(raw.strip(), maxsplit=1)[0]


def first_word(raw: str) -> str:
    """Up to the first blank: OCR keeps a wide gap between table cells as a single space."""
    return raw.strip().split(maxsplit=1)[0] if raw.strip() else ""


def text_value(raw: str) -> str | None:
    """Free text (names, addresses, industries): no blanks between Chinese characters, edges trimmed."""
    text = _BLANK_IN_HAN.sub("", _COLUMN_GAP.sub(" ", raw)).strip(_EDGE_PUNCTUATION)
    return _without_unmatched_brackets(text) or None


def person_value(raw: str) -> str | None:
    """A person's name: the first run of Chinese characters (`张建国 董事长`, `15871719535廖晶欣`),
    else a capitalised Latin name (`John Smith`). OCR garbage (`TEBE`) and prose are no name."""
    if chinese := re.search(f"[{HAN}][{HAN}·•]*", raw):
        name = chinese.group()
        return name if len(name) <= _MAX_CHINESE_NAME or "·" in name else None
    latin = _LATIN_NAME.match(first_cell(raw))
    return latin.group() if latin else None


def organisation_value(raw: str) -> str | None:
    """A customer or party name; prose that OCR ran onto it (`…有限公司根据《民法典》…，`) is cut off."""
    text = text_value(raw)
    if not text:
        return None
    if _PROSE_MARKS.search(text):
        ends = [m.end() for m in _ORGANISATION_END.finditer(text) if not _PROSE_MARKS.search(text[: m.end()])]
        text = text[: ends[-1]] if ends else text
    if _PROSE_MARKS.search(text) or len(text) > _MAX_NAME_LEN:
        return None
    return text


def party_value(raw: str, *, strict: bool = False) -> str | None:
    """A contract party without `（以下简称甲方）` or `（盖章）`; a clause (`甲方应于…`) is no party.

    `strict` (a label without a colon, as clauses begin): only an organisation or a short name.
    """
    text = _PARTY_TAIL.sub("", raw).strip()
    if _CLAUSE_START.match(text):
        return None
    name = organisation_value(text)
    if name and strict and not (_ORGANISATION_END.search(name) or re.fullmatch(f"[{HAN}]{{2,4}}", name)):
        return None
    return name


def code_value(raw: str, *, latin_only: bool = False) -> str | None:
    """A number like `KH-2019-00042` as written: upper case, no blanks, `O` between digits read as 0.

    A code in Latin letters and digits ends where Chinese starts (`KH-001 投诉日期…`); blanks
    inside it are OCR's (`K H - 0 0 1`). One in Chinese (`沪（2023）字第12号`) ends at a gap.
    `latin_only` (customer numbers): the first Latin code with a digit, wherever it stands
    (`华东机电KH-2022-01988` when OCR ran two cells together).
    """
    cell = first_cell(raw)
    if latin_only:
        latin = next((m for m in _LATIN_CODE.finditer(cell) if re.search(r"\d", m.group())), None)
        if not latin:
            return None
    else:
        latin = _LATIN_CODE.match(cell)
    code = compact(latin.group() if latin else first_word(cell)).upper().translate(_DASHES)
    code = re.sub(r"(?<=\d)O+(?=\d)", lambda m: "0" * len(m.group()), code)
    code = _without_unmatched_brackets(code.strip(_EDGE_PUNCTUATION + "-"))
    if not _CODE_SHAPE.search(code) or len(code) > _MAX_CODE_LEN:
        return None
    return code


def grade_value(raw: str) -> str | None:
    """Customer grade A–E from `B`, `B级`, `b类`; None for anything else (`AAA` is a credit rating)."""
    match = _GRADE.match(raw.strip())
    return match.group(1).upper() if match else None


def phone_value(raw: str) -> str | None:
    """The first phone number: digits, with one hyphen after the area code when one was written."""
    text = unicodedata.normalize("NFKC", compact(raw)).translate(_DASHES)
    text = _COUNTRY_CODE.sub("", _DIGITLIKE_RUN.sub(_digits_if_mostly_digits, text))
    match = _PHONE.search(text) or _PHONE.search(text.replace("-", ""))  # 138-1234-5678
    if not match:
        return None
    if match.group("area"):
        written_apart = match.group("sep") or match.group().startswith("(")
        return match.group("area") + ("-" if written_apart else "") + match.group("number")
    return match.group().replace("-", "")


def amount_value(raw: str) -> tuple[Amount | None, str | None]:
    """Yuan from figures, else words; and a warning when figures and words disagree."""
    mentions = find_amounts(raw)
    figures = [m for m in mentions if not m.in_words]
    words = [m for m in mentions if m.in_words]
    if not mentions:
        return None, None
    chosen = figures[0] if figures else words[0]
    if figures and words and words[0].value != chosen.value:
        return chosen.value, (
            f"amount in figures ({chosen.text} = {chosen.value}) and in words "
            f"({words[0].text} = {words[0].value}) disagree; kept the figures"
        )
    return chosen.value, None


def capital_value(raw: str, qualifier: str) -> tuple[Amount | None, str | None]:
    """Registered capital in yuan; `注册资金（万元）：500` is 5,000,000; foreign currency is not converted."""
    if _FOREIGN_CURRENCY.search(raw + qualifier):
        return None, f"registered_capital is not in yuan ({text_value(raw)}); not recorded"
    mentions = find_amounts(raw)
    if not mentions:
        return None, None
    value = mentions[0].value
    if "万" in qualifier and not re.search("[万亿]", mentions[0].text):
        value = value * 10_000
        value = int(value) if float(value).is_integer() else round(value, 2)
    return value, None


def address_value(raw: str, following: tuple[str, ...]) -> str | None:
    """An address, with the lines it wrapped onto (those that read like address parts)."""
    parts = [raw]
    for line in following:
        if len(line) > _MAX_ADDRESS_LINE or not _ADDRESS_PART.search(line):
            break
        parts.append(line)
    return text_value(join_wrapped(parts))


def join_wrapped(parts: list[str]) -> str:
    """Lines of one wrapped value: joined directly, with a blank only between two Latin words."""
    joined = ""
    for part in (p.strip() for p in parts):
        if joined and part and joined[-1].isascii() and joined[-1].isalpha() and part[0].isascii():
            joined += " "
        joined += part
    return joined


@dataclass(frozen=True)
class IdReading:
    value: str
    valid: bool
    parsed: idnumber.IdNumber | None  # None unless 18 characters long
    warning: str | None


def id_number_value(raw: str) -> IdReading | None:
    """An ID number as written (18 characters, upper case); flagged when it does not check out.

    Each blank-separated token is tried before the blanks are closed up (OCR splits a number, but
    it also runs the previous field's digits up against it); a number that checks out wins.
    """
    readings = [_id_reading(token) for token in (*raw.split(), compact(raw))]
    found = [reading for reading in readings if reading]
    whole = next((r for r in found if r.parsed), found[0] if found else None)
    return next((r for r in found if r.valid), whole)


def _id_reading(text: str) -> IdReading | None:
    match = _ID_SHAPE.search(text)
    if not match:
        return None
    value = match.group()[:18]
    value = value[:-1].translate(_DIGIT_LOOKALIKES) + value[-1].translate(_DIGIT_LOOKALIKES).upper()
    if len(value) != 18:
        return IdReading(value, False, None, f"id_number has {len(value)} characters, expected 18")
    parsed = idnumber.parse(value)
    return IdReading(parsed.value, parsed.valid, parsed, None if parsed.valid else _id_warning(parsed))


def _id_warning(parsed: idnumber.IdNumber) -> str:
    if parsed.birth_date is None:
        return f"id_number {parsed.masked} has an impossible birth date"
    return f"id_number {parsed.masked} fails its check character (GB 11643)"


def _without_unmatched_brackets(text: str) -> str:
    """`华东机电（` → `华东机电`, `（上海）华东` kept: brackets cut off by a value boundary go."""
    while text:
        balance = sum(text.count(c) for c in _OPENING) - sum(text.count(c) for c in _CLOSING)
        if text[-1] in _OPENING or (text[-1] in _CLOSING and balance < 0):
            text = text[:-1]
        elif text[0] in _OPENING and balance > 0:
            text = text[1:]
        else:
            break
        text = text.strip(_EDGE_PUNCTUATION)
    return text


def _digits_if_mostly_digits(match: re.Match[str]) -> str:
    """`1381234567O` → digits; a run that is mostly letters (`Tel`) stays as it is."""
    run = match.group()
    digits = sum(char.isdigit() for char in run)
    return run.translate(_DIGIT_LOOKALIKES) if digits >= 3 and digits > len(run) / 2 else run
