"""Telling archive cards, ID-card copies and contracts apart by their OCR text.

Every type collects points from the evidence it is known by — a title in the first lines,
form labels, tell-tale phrases — and the best-scoring type wins. Points, not first match:
a contract that quotes a 身份证号 stays a contract, an archive card with an ID-number field
stays an archive card. Below MIN_SCORE nothing is convincing and the document is OTHER.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from docarchive.domain.documents import DocType
from docarchive.domain.text import compact, normalize_ocr_text

MIN_SCORE = 5.0
_HEAD_LINES = 5  # titles are looked for here
_TITLE_MAX_LEN = 30
# Cards are one page of short fields; a text this long that scores as a card is a manual or
# a template collection quoting card labels, so card evidence counts half.
_CARD_MAX_LEN = 3000
_CARD_TYPES = (DocType.ARCHIVE_CARD, DocType.ID_CARD)
_PREFERENCE = (DocType.ARCHIVE_CARD, DocType.CONTRACT, DocType.ID_CARD)  # tie-break order

_C, _A, _I = DocType.CONTRACT, DocType.ARCHIVE_CARD, DocType.ID_CARD

# Titles, matched at the end of a short head line (after trailing `（2019版）`, `No.12`).
_TITLES: dict[DocType, tuple[str, ...]] = {
    _A: tuple(
        f"客户{kind}{form}"
        for kind in ("档案", "资料", "信息", "登记", "基本信息", "基本资料", "档案登记", "信息登记", "资料登记")
        for form in ("卡", "表", "卡片", "登记表")
    ),
    _C: ("合同", "合同书", "协议", "协议书", "契约", "合约"),
    _I: ("居民身份证",),
}
_TITLE_WEIGHT = 6.0
_FUZZY_TITLE_WEIGHT = 4.0  # one character lost by OCR: 客档案卡, 居民身证
_FUZZY_TITLES: dict[DocType, tuple[str, ...]] = {
    _A: ("客户档案卡", "客户资料表", "客户资料卡", "客户登记表", "客户信息表", "客户档案表"),
    _I: ("居民身份证",),
}

# Form labels: a label followed by a colon, or opening a line or a table cell.
_LABELS: dict[DocType, dict[str, float]] = {
    _A: {
        "客户编号": 2, "客户代码": 2, "客户编码": 2, "客户名称": 2, "建档日期": 2.5, "建档时间": 2.5,
        "客户等级": 2, "客户级别": 2, "所属行业": 1, "注册资金": 1, "注册资本": 1, "客户类型": 1,
        "客户经理": 1, "客户来源": 1, "法定代表人": 0.5, "联系电话": 0.5, "开户银行": 0.5,
    },
    _C: {
        "甲方": 2.5, "乙方": 2.5, "合同编号": 3, "协议编号": 3, "合同号": 2, "签订日期": 2, "签约日期": 2,
        "签订地点": 2, "合同金额": 1.5, "合同总价": 1.5, "合同期限": 1,
    },
    _I: {"姓名": 1, "住址": 1},
}

# Phrases matched anywhere in the whitespace-free text, each counted once.
_PHRASES: dict[DocType, dict[str, float]] = {
    # `\W?`, `\D{0,3}`: Tesseract reads the gap after a label as `”` or `。”`.
    _I: {
        r"公民身份号码": 5, r"(?<!公民)身份号码|公民身份号(?!码)|公民身份(?!号码).码": 3,
        r"签发机关|签发机|发机关": 4, r"中华人民共和国居民身份证": 4, r"有效期限\D{0,3}\d{4}": 2,
        r"性别\W?[男女]": 1, r"民族\W?[\u4e00-\u9fff]": 1, r"出生\W?\d{4}年": 1.5, r"中华人民共和国": 1,
    },
    _C: {
        r"违约责任": 2, r"双方": 1, r"签字|盖章": 1, r"争议解决|仲裁": 1,
        r"第[一二三四五六七八九十]+条.*第[一二三四五六七八九十]+条": 2,
    },
}

_COLON = "[:：∶]"
_QUALIFIER = r"(?:[（(][^（）()\n]{0,12}[）)])?"
_TRAILING_NOISE = re.compile(r"(?:[（(][^（）()]*[）)]|[\x21-\x7e])+$")


@dataclass(frozen=True)
class _LineView:
    text: str  # normalized line
    squeezed: str  # without whitespace


def classify_document(text: str) -> DocType:
    """The most likely type of a document from its (OCR) text."""
    scores = score_document(text)
    best = max(_PREFERENCE, key=lambda doc_type: scores[doc_type])
    return best if scores[best] >= MIN_SCORE else DocType.OTHER


def score_document(text: str) -> dict[DocType, float]:
    """Points per type (OTHER gets MIN_SCORE, the bar to clear); for review screens and tuning."""
    lines = [_LineView(line, compact(line)) for line in normalize_ocr_text(text).split("\n") if line]
    whole = "".join(line.squeezed for line in lines)
    head = [line.squeezed for line in lines[:_HEAD_LINES] if _looks_like_title(line.squeezed)]
    scores = {doc_type: 0.0 for doc_type in DocType}
    for doc_type in _PREFERENCE:
        scores[doc_type] = (
            _title_points(doc_type, head)
            + sum(w for label, w in _LABELS.get(doc_type, {}).items() if _has_form_label(lines, label))
            + sum(w for phrase, w in _PHRASES.get(doc_type, {}).items() if re.search(phrase, whole))
        )
        if doc_type in _CARD_TYPES and len(whole) > _CARD_MAX_LEN:
            scores[doc_type] /= 2
    scores[DocType.OTHER] = MIN_SCORE
    return scores


def _looks_like_title(squeezed: str) -> bool:
    return 0 < len(squeezed) <= _TITLE_MAX_LEN and not re.search(_COLON, squeezed)


def _title_points(doc_type: DocType, head: list[str]) -> float:
    titles = [_TRAILING_NOISE.sub("", line) for line in head]
    if any(title.endswith(_TITLES.get(doc_type, ())) for title in titles):
        return _TITLE_WEIGHT
    variants = tuple(_one_character_dropped(_FUZZY_TITLES.get(doc_type, ())))
    if variants and any(title.endswith(variants) for title in titles):
        return _FUZZY_TITLE_WEIGHT
    return 0.0


def _one_character_dropped(words: Iterable[str]) -> Iterable[str]:
    for word in words:
        for i in range(len(word)):
            yield word[:i] + word[i + 1 :]


def _has_form_label(lines: list[_LineView], label: str) -> bool:
    with_colon, opening_cell = _label_patterns(label)
    return any(with_colon.search(line.text) or opening_cell.search(line.text) for line in lines)


@cache
def _label_patterns(label: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    spaced = r"\s*".join(map(re.escape, label))
    with_colon = re.compile(rf"{spaced}\s*{_QUALIFIER}\s*{_COLON}")
    opening_cell = re.compile(rf"(?:^|\s){spaced}{_QUALIFIER}(?:\s|$)")
    return with_colon, opening_cell
