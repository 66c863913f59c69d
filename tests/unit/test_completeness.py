"""Completeness rules (资料齐全) as pure logic: what counts, what is missing, which page counts are off."""

from __future__ import annotations

from dataclasses import replace

import pytest

from docarchive.domain.completeness import DEFAULT_RULES, FiledItem, FileOverTime, check_file, customer_type
from docarchive.domain.completeness import file_over_time, filed_month, rules_from_config


def item(doc_type: str, title: str, pages: int = 1, n: int = 0) -> FiledItem:
    return FiledItem(f"d{n}-{title}", doc_type, title, pages)


CARD = item("archive_card", "客户档案卡 华东机电")
LICENCE = item("other", "营业执照")
ID_COPY = item("id_card", "居民身份证复印件 张建国")
CONTRACT = item("contract", "设备采购合同 HT-1", pages=4)


def test_a_full_enterprise_file_is_complete():
    result = check_file("enterprise", [CARD, LICENCE, ID_COPY, CONTRACT], DEFAULT_RULES)
    assert result.complete and result.present["business_licence"] == [LICENCE.document_id]


def test_an_enterprise_file_without_licence_and_contract_lists_both_missing():
    result = check_file("enterprise", [CARD, ID_COPY], DEFAULT_RULES)
    assert [m["key"] for m in result.missing] == ["business_licence", "contract"]
    assert result.missing[1] == {"key": "contract", "label": "合同", "needed": 1, "found": 0}


def test_an_individual_needs_an_id_copy_but_no_licence():
    assert check_file("individual", [CARD, ID_COPY, CONTRACT], DEFAULT_RULES).complete
    assert [m["key"] for m in check_file("individual", [CARD, CONTRACT], DEFAULT_RULES).missing] == ["id_copy"]


def test_a_document_with_the_wrong_page_count_is_a_mismatch():
    two_page_card = item("archive_card", "客户档案卡", pages=2)
    result = check_file("individual", [two_page_card, ID_COPY, CONTRACT], DEFAULT_RULES)
    assert not result.complete and not result.missing
    assert result.page_mismatches == [{"key": "archive_card", "label": "客户档案卡",
                                       "document_id": two_page_card.document_id, "expected_pages": 1, "pages": 2}]


def test_one_record_counts_towards_one_requirement_only():
    # A licence title also satisfies government's "organisation proof"; it must not count twice.
    rules = rules_from_config({"partner": [
        {"key": "licence", "label": "营业执照", "title_words": ["营业执照"]},
        {"key": "proof", "label": "机构证明", "title_words": ["营业执照", "证书"]}]})
    result = check_file("partner", [LICENCE], rules)
    assert [m["key"] for m in result.missing] == ["proof"]


@pytest.mark.parametrize("profile, expected", [
    ({"type": "enterprise"}, "enterprise"), ({"type": "Individual"}, "individual"),
    ({"type": "dealer"}, "default"), ({}, "default"), ({"type": None}, "default")])
def test_an_unknown_or_missing_customer_type_uses_the_default_rules(profile, expected):
    assert customer_type(profile, DEFAULT_RULES) == expected


def test_configured_rules_replace_only_the_types_they_name():
    rules = rules_from_config({"individual": [{"key": "card", "label": "卡", "doc_types": ["archive_card"],
                                                "min_count": 1, "pages": 1}]})
    assert check_file("individual", [CARD], rules).complete
    assert rules["enterprise"] == DEFAULT_RULES["enterprise"]


@pytest.mark.parametrize("config", [
    {"individual": [{"key": "x", "label": "x"}]},  # matches nothing
    {"individual": [{"key": "x", "label": "x", "doc_types": ["contract"], "pages": 0}]},
    {"individual": [{"key": "x", "label": "x", "doc_types": ["contract"], "colour": "red"}]},
])
def test_a_rule_that_cannot_work_is_refused_at_start(config):
    with pytest.raises(ValueError, match="individual"):
        rules_from_config(config)


def test_a_record_is_in_the_file_from_the_later_of_its_arrival_and_its_link():
    assert filed_month("2026-03-02T09:00:00+00:00", "2026-05-31T23:00:00+00:00") == "2026-05"
    assert filed_month("2026-03-02T09:00:00+00:00", None) == "2026-03"
    assert filed_month("2026-03-02T09:00:00+00:00", "yesterday") == "2026-03"  # not a time: does not count
    assert filed_month(None, None) == ""


def test_a_file_over_time_turns_complete_when_its_last_required_record_enters_and_back_when_one_leaves():
    dated = lambda it, month: replace(it, in_file_from=month)  # noqa: E731
    items = [dated(CARD, "2026-03"), dated(LICENCE, "2026-04"), dated(ID_COPY, "2026-06"), dated(CONTRACT, "2026-06")]
    rules = DEFAULT_RULES
    assert file_over_time("enterprise", items, rules, "2026-02") == FileOverTime("2026-02", (("2026-06", 1),))
    # opened unknown: from its earliest dated record; a record of unknown date counts from that start
    undated = [replace(CARD, in_file_from=""), dated(LICENCE, "2026-04"), dated(ID_COPY, "2026-04"),
               dated(CONTRACT, "2026-05")]
    assert file_over_time("enterprise", undated, rules, "") == FileOverTime("2026-04", (("2026-05", 1),))
    # a record entering before the file was opened counts from the opening
    assert file_over_time("enterprise", items, rules, "2026-07") == FileOverTime("2026-07", (("2026-07", 1),))
    assert file_over_time("enterprise", [], rules, "") == FileOverTime("", ())
