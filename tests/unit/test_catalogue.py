"""Catalogue order and numbering, and the category scheme, as pure logic."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from docarchive.domain.catalogue import catalogue_items
from docarchive.domain.categories import CategoryScheme
from docarchive.domain.documents import Document, DocType, Page
from docarchive.domain.errors import InvalidInput

T0 = datetime(2026, 5, 6, 9, 30, tzinfo=UTC)


def doc(name: str, category: str, *, fields=None, minutes=0, pages=1, doc_type=DocType.OTHER) -> Document:
    return Document(id=name, sha256=name, filename=f"{name}.pdf", media_type="application/pdf", size=1,
                    doc_type=doc_type, pages=[Page(n=n, text="", confidence=None) for n in range(1, pages + 1)],
                    fields=fields or {}, category=category, title=name, created_at=T0 + timedelta(minutes=minutes))


def test_contracts_follow_their_signing_dates_and_unsigned_ones_come_last():
    files = [doc("c-2024", "合同协议", fields={"sign_date": "2024-01-01"}, minutes=1),
             doc("c-unsigned", "合同协议", fields={"created_date": "2020-01-01"}, minutes=0),
             doc("c-2021", "合同协议", fields={"sign_date": "2021-06-30"}, minutes=2)]
    items = catalogue_items("合同协议", 2, "KH-2026-000001", files)
    assert [i.document_id for i in items] == ["c-2021", "c-2024", "c-unsigned"]
    assert [(i.no, i.code) for i in items] == [(1, "KH-2026-000001-02-001"), (2, "KH-2026-000001-02-002"),
                                               (3, "KH-2026-000001-02-003")]


def test_other_categories_follow_the_record_date_then_filing_time():
    files = [doc("late", "沟通记录", minutes=5), doc("dated", "沟通记录", fields={"created_date": "2025-12-01"}),
             doc("early", "沟通记录", minutes=1), doc("elsewhere", "其他")]
    items = catalogue_items("沟通记录", 4, "A", files)
    assert [i.document_id for i in items] == ["dated", "early", "late"]
    assert items[0].date == date(2025, 12, 1) and items[1].date == T0.date()


def test_the_scheme_files_unknown_defaults_in_its_last_category():
    scheme = CategoryScheme(("基础资料", "合同协议", "杂项"))
    assert scheme.file(DocType.CONTRACT, "") == "合同协议"
    assert scheme.file(DocType.OTHER, "客户投诉处理单") == "杂项"  # 投诉与处理 is not in this scheme
    assert scheme.position("合同协议") == 2 and scheme.position("其他") == 0


def test_the_scheme_refuses_an_unknown_category_naming_the_known_ones():
    with pytest.raises(InvalidInput, match="unknown category '杂项': use one of 基础资料, 合同协议"):
        CategoryScheme(("基础资料", "合同协议")).check("杂项")


@pytest.mark.parametrize("names", [(), ("a", "a"), ("",), ("x" * 40,)])
def test_a_scheme_needs_distinct_short_names(names):
    with pytest.raises(ValueError):
        CategoryScheme(names)
