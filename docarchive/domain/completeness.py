"""资料齐全: what a customer's file must hold, by customer type, and what a file lacks.

A rule names the documents a file needs (matched by document type or by words in the title, since licence
copies are filed as "other" documents), how many of them, and how many pages each is expected to have.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable

from docarchive.domain.documents import DocType

CUSTOMER_TYPES = ("enterprise", "individual", "government", "partner")
DEFAULT_TYPE = "default"  # the rules for a customer whose type is unknown or not set


@dataclass(frozen=True)
class Requirement:
    key: str
    label: str
    doc_types: tuple[str, ...] = ()
    title_words: tuple[str, ...] = ()
    min_count: int = 1
    pages: int | None = None  # expected pages of each matching document; None: any

    def matches(self, item: "FiledItem") -> bool:
        return item.doc_type in self.doc_types or any(word in item.title for word in self.title_words)


@dataclass(frozen=True)
class FiledItem:
    """The little of a record that completeness looks at."""

    document_id: str
    doc_type: str
    title: str
    pages: int
    # The month ("2026-05") from which the record is in this file: when it arrived or was linked to the
    # customer, whichever is later; "" when neither is known (it then counts from the file's start).
    in_file_from: str = ""


@dataclass
class Completeness:
    customer_type: str
    present: dict[str, list[str]] = field(default_factory=dict)  # requirement key → document ids
    missing: list[dict[str, Any]] = field(default_factory=list)
    page_mismatches: list[dict[str, Any]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.page_mismatches


_ARCHIVE_CARD = Requirement("archive_card", "客户档案卡", doc_types=(DocType.ARCHIVE_CARD.value,),
                            title_words=("客户档案卡", "客户资料表", "客户登记表"), pages=1)
_CONTRACT = Requirement("contract", "合同", doc_types=(DocType.CONTRACT.value,))
_LICENCE = Requirement("business_licence", "营业执照复印件", title_words=("营业执照",), pages=1)
_LEGAL_REP_ID = Requirement("legal_rep_id", "法定代表人身份证复印件", doc_types=(DocType.ID_CARD.value,),
                            title_words=("法定代表人身份证", "法人身份证"), pages=1)
_ID_COPY = Requirement("id_copy", "身份证复印件", doc_types=(DocType.ID_CARD.value,), title_words=("身份证",), pages=1)
_ORG_PROOF = Requirement("organisation_proof", "机构证明(统一社会信用代码证书或营业执照)",
                         title_words=("统一社会信用代码", "事业单位法人证书", "营业执照", "组织机构代码"), pages=1)

DEFAULT_RULES: dict[str, tuple[Requirement, ...]] = {
    "enterprise": (_ARCHIVE_CARD, _LICENCE, _LEGAL_REP_ID, _CONTRACT),
    "partner": (_ARCHIVE_CARD, _LICENCE, _LEGAL_REP_ID, _CONTRACT),
    "individual": (_ARCHIVE_CARD, _ID_COPY, _CONTRACT),
    "government": (_ARCHIVE_CARD, _ORG_PROOF, _CONTRACT),
    DEFAULT_TYPE: (_ARCHIVE_CARD, _CONTRACT),
}


def customer_type(profile: dict[str, Any], rules: dict[str, tuple[Requirement, ...]]) -> str:
    kind = str(profile.get("type") or "").strip().lower()
    return kind if kind in rules else DEFAULT_TYPE


def check_file(kind: str, items: Iterable[FiledItem], rules: dict[str, tuple[Requirement, ...]]) -> Completeness:
    """Each record counts towards at most one requirement (the first it matches), so one ID copy cannot
    stand in for two people."""
    result = Completeness(customer_type=kind)
    unused = list(items)
    for requirement in rules.get(kind) or rules[DEFAULT_TYPE]:
        matching = [item for item in unused if requirement.matches(item)]
        unused = [item for item in unused if item not in matching]
        result.present[requirement.key] = [item.document_id for item in matching]
        if len(matching) < requirement.min_count:
            result.missing.append({"key": requirement.key, "label": requirement.label,
                                   "needed": requirement.min_count, "found": len(matching)})
        result.page_mismatches += _page_mismatches(requirement, matching)
    return result


def _page_mismatches(requirement: Requirement, matching: list[FiledItem]) -> list[dict[str, Any]]:
    if requirement.pages is None:
        return []
    return [
        {"key": requirement.key, "label": requirement.label, "document_id": item.document_id,
         "expected_pages": requirement.pages, "pages": item.pages}
        for item in matching if item.pages != requirement.pages
    ]


def filed_month(arrived: str | None, linked: str | None) -> str:
    """FiledItem.in_file_from from ISO times as stored: the later of the two months; a value that is not an
    ISO time (a link written before links carried one) does not count."""
    months = [text[:7] for text in (arrived, linked) if isinstance(text, str) and _MONTH.match(text)]
    return max(months, default="")


@dataclass(frozen=True)
class FileOverTime:
    """A customer file over time: the month it was opened and the months in which it became complete (+1)
    or stopped being complete (−1), judged by one set of rules and the records as they are now."""

    opened: str  # "" when neither the file nor any of its records carries a date: it counts from the start
    turns: tuple[tuple[str, int], ...] = ()


def file_over_time(kind: str, items: Iterable[FiledItem], rules: dict[str, tuple[Requirement, ...]],
                   opened: str) -> FileOverTime:
    """Each month end a record entered the file at, judged by what had entered by then. `opened` is the
    customer's creation month ("" unknown: the month of its earliest dated record)."""
    items = sorted(items, key=lambda item: item.in_file_from)
    start = opened or min((item.in_file_from for item in items if item.in_file_from), default="")
    complete, turns = False, []
    for month in sorted({start, *(max(start, item.in_file_from) for item in items)}):
        now = check_file(kind, [item for item in items if item.in_file_from <= month], rules).complete
        if now != complete:
            turns.append((month, 1 if now else -1))
            complete = now
    return FileOverTime(start, tuple(turns))


_MONTH = re.compile(r"\d{4}-\d{2}")

# Part of every rules fingerprint: bump it when check_file's reading of the rules changes, so states kept
# under the old reading are recomputed. 2: states carry the file over time (FileOverTime).
CHECK_VERSION = 2


def rules_fingerprint(rules: dict[str, tuple[Requirement, ...]]) -> str:
    """Names the rules a kept completeness state was checked with: equal rules, equal fingerprint."""
    canonical = {kind: [asdict(r) for r in requirements] for kind, requirements in sorted(rules.items())}
    text = json.dumps([CHECK_VERSION, canonical], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def rules_from_config(config: dict[str, list[dict[str, Any]]] | None) -> dict[str, tuple[Requirement, ...]]:
    """Settings may replace the rules of any customer type; types they do not name keep the defaults."""
    rules = dict(DEFAULT_RULES)
    for kind, requirements in (config or {}).items():
        try:
            rules[kind] = tuple(_requirement(r) for r in requirements)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"completeness rules for {kind!r}: {exc}") from exc
    return rules


def _requirement(data: dict[str, Any]) -> Requirement:
    values = dict(data)
    for key in ("doc_types", "title_words"):
        values[key] = tuple(values.get(key, ()))
    requirement = Requirement(**values)
    if not requirement.doc_types and not requirement.title_words:
        raise ValueError(f"requirement {requirement.key!r} matches nothing: give doc_types or title_words")
    if requirement.min_count < 0 or (requirement.pages is not None and requirement.pages < 1):
        raise ValueError(f"requirement {requirement.key!r}: min_count ≥ 0 and pages ≥ 1")
    return requirement
