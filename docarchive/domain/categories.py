"""The categories a customer's file is kept in (the house policy's six), and the default filing of a record."""

from __future__ import annotations

from dataclasses import dataclass

from docarchive.domain.documents import DocType
from docarchive.domain.errors import InvalidInput

BASIC = "基础资料"  # registration forms, ID and licence copies, signer lists
CONTRACTS = "合同协议"
FINANCE = "财务往来"  # credit limits, payments, debts
COMMUNICATION = "沟通记录"  # calls, emails, meetings, visits
COMPLAINTS = "投诉与处理"
OTHER = "其他"
CATEGORIES = (BASIC, CONTRACTS, FINANCE, COMMUNICATION, COMPLAINTS, OTHER)

_BY_TYPE = {DocType.ARCHIVE_CARD: BASIC, DocType.ID_CARD: BASIC, DocType.CONTRACT: CONTRACTS}
# For records that are not one of the typed kinds, the title says where they belong.
_BY_TITLE_WORD = (
    (("投诉", "申诉", "索赔"), COMPLAINTS),
    (("收款", "付款", "发票", "对账", "欠款", "信用额度", "回款", "凭证"), FINANCE),
    (("沟通", "拜访", "会议纪要", "会谈", "通话", "回访", "邮件"), COMMUNICATION),
    (("营业执照", "登记表", "签字样本", "授权委托书"), BASIC),
)
MAX_CATEGORY_LENGTH = 32


def default_category(doc_type: DocType, text: str) -> str:
    if doc_type in _BY_TYPE:
        return _BY_TYPE[doc_type]
    head = text[:200]
    for words, category in _BY_TITLE_WORD:
        if any(word in head for word in words):
            return category
    return OTHER


@dataclass(frozen=True)
class CategoryScheme:
    """The categories a deployment files records in (configurable); the last one takes what fits nowhere."""

    names: tuple[str, ...] = CATEGORIES

    def __post_init__(self) -> None:
        if not self.names or len(set(self.names)) != len(self.names):
            raise ValueError("categories must be a non-empty list of distinct names")
        if any(not name.strip() or len(name) > MAX_CATEGORY_LENGTH for name in self.names):
            raise ValueError(f"each category name must be 1–{MAX_CATEGORY_LENGTH} characters")

    def file(self, doc_type: DocType, text: str) -> str:
        category = default_category(doc_type, text)
        return category if category in self.names else self.names[-1]

    def check(self, name: str) -> str:
        name = (name or "").strip()
        if name not in self.names:
            raise InvalidInput(f"unknown category {name!r}: use one of {', '.join(self.names)}")
        return name

    def position(self, name: str) -> int:
        """1-based place in the scheme (the class number in a document code); 0 for a name no longer in it."""
        return self.names.index(name) + 1 if name in self.names else 0
