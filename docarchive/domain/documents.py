"""Electronic records: a scanned or born-digital file, its pages, text, type and fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class DocType(StrEnum):
    ARCHIVE_CARD = "archive_card"  # 客户档案卡 / 客户资料表 / 客户登记表
    ID_CARD = "id_card"  # 居民身份证 copy
    CONTRACT = "contract"  # 合同 / 协议
    OTHER = "other"


class Confidentiality(StrEnum):
    """House levels: 绝密 no access, 机密 read in the archive room only, 秘密 lend ≤ 4 h with approval."""

    NONE = "none"
    SECRET = "秘密"
    CONFIDENTIAL = "机密"
    TOP_SECRET = "绝密"


# Stored values to members by a dict: calling the enum costs ~1 µs, and a page of hits converts sixty.
DOC_TYPE_BY_VALUE = {member.value: member for member in DocType}
CONFIDENTIALITY_BY_VALUE = {member.value: member for member in Confidentiality}


class PageSource(StrEnum):
    TEXT_LAYER = "text_layer"  # born-digital PDF page: text taken as written
    OCR = "ocr"


@dataclass(frozen=True)
class TextLine:
    text: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in page-image pixels, after rotation
    confidence: float  # 0..1


@dataclass
class Page:
    n: int  # 1-based
    text: str
    confidence: float | None  # mean line confidence 0..1; None for a text layer
    source: PageSource = PageSource.OCR
    width: int = 0
    height: int = 0
    rotation: int = 0  # degrees clockwise applied to make the page upright
    skew: float = 0.0  # degrees of deskew applied
    lines: list[TextLine] = field(default_factory=list)


@dataclass
class Document:
    id: str
    sha256: str
    filename: str
    media_type: str
    size: int
    doc_type: DocType
    pages: list[Page]
    fields: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    customer_no: str | None = None
    category: str = ""  # one of the file's categories (domain/categories.py); archivists may move it
    title: str = ""
    engine: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # Access-control hooks (ROADMAP): carried from the start so search and reads can filter on them.
    confidentiality: Confidentiality = Confidentiality.NONE  # the record's own level
    owner: str = ""
    department: str = ""
    version: int = 1
    # The level of the paper volume it is filed in (kept by filing): what it is read under is the higher one.
    volume_confidentiality: Confidentiality = Confidentiality.NONE
    # Whose file it is and why (domain/linking.py): {"customer_no", "how", "evidence", "at", "by"}, or None.
    link: dict[str, Any] | None = None
    evidence: dict[str, Any] = field(default_factory=dict)  # what the pages say about the customer
    review: list[dict[str, Any]] = field(default_factory=list)  # why a person must look: [{"reason", …}]
    review_dismissed: list[str] = field(default_factory=list)  # reasons a person cleared; not raised again
    sm3: str = ""  # SM3 of the original's bytes, recorded at ingest (records older than that have none)
    # Set apart or gone (domain/disposal.py): "recycled" or "quarantined" hides it from every read but the
    # recycle area and destruction lists; "purged" or "destroyed" is a tombstone whose content was erased.
    disposal: str = ""

    @property
    def effective_confidentiality(self) -> Confidentiality:
        """The highest of its own level and its volume's: filing into a 机密 volume raises it."""
        return _higher(self.confidentiality, self.volume_confidentiality)

    @property
    def review_reasons(self) -> list[str]:
        return [flag["reason"] for flag in self.review]

    @property
    def text(self) -> str:
        return "\n\n".join(page.text for page in self.pages)

    @property
    def page_count(self) -> int:
        return len(self.pages)


@dataclass(frozen=True)
class DocumentSummary:
    """What a search result shows of a record and checks its access by: heading fields and the pages' text,
    without OCR lines, fields or evidence (loading those for every hit cost more than the search itself)."""

    id: str
    customer_no: str | None
    doc_type: DocType
    category: str
    title: str
    created_at: datetime | None
    confidentiality: Confidentiality
    volume_confidentiality: Confidentiality
    page_texts: tuple[str, ...]

    @property
    def effective_confidentiality(self) -> Confidentiality:
        return _higher(self.confidentiality, self.volume_confidentiality)


def _higher(level: Confidentiality, other: Confidentiality) -> Confidentiality:
    return other if _RANK[other] > _RANK[level] else level


_RANK = {level: rank for rank, level in enumerate(Confidentiality)}  # declared from lowest to highest
