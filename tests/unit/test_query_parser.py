"""parse_query: staff's query text (and filter parameters) into our query model."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from docarchive.domain.documents import DocType
from docarchive.domain.errors import InvalidInput, InvalidQuery
from docarchive.search.query import (
    And,
    Filters,
    Not,
    Or,
    Phrase,
    Query,
    Term,
    parse_query,
    positive_terms,
)

# --- the clause -----------------------------------------------------------------------------


def test_a_single_word_is_a_term():
    assert parse_query("合同") == Query(Term("合同"), Filters())


def test_words_separated_by_spaces_are_anded():
    assert parse_query("合同 上海").clause == And((Term("合同"), Term("上海")))


def test_a_full_width_space_separates_words_too():
    assert parse_query("合同\u3000上海").clause == And((Term("合同"), Term("上海")))


def test_a_quoted_text_is_a_phrase():
    assert parse_query('"客户 档案"').clause == Phrase("客户 档案")


def test_chinese_quotation_marks_make_a_phrase():
    assert parse_query("“补充协议”").clause == Phrase("补充协议")


def test_a_leading_minus_excludes_a_word():
    assert parse_query("合同 -补充").clause == And((Term("合同"), Not(Term("补充"))))


def test_a_leading_minus_excludes_a_phrase():
    assert parse_query('合同 -"补充协议"').clause == And((Term("合同"), Not(Phrase("补充协议"))))


def test_a_leading_minus_excludes_a_group():
    assert parse_query("合同 -(草稿 OR 作废)").clause == And((Term("合同"), Not(Or((Term("草稿"), Term("作废"))))))


def test_or_binds_tighter_than_the_implicit_and():
    assert parse_query("合同 OR 协议 上海").clause == And((Or((Term("合同"), Term("协议"))), Term("上海")))


def test_a_chain_of_ors_is_one_or():
    assert parse_query("合同 OR 协议 OR 合约").clause == Or((Term("合同"), Term("协议"), Term("合约")))


def test_parentheses_group_an_and_inside_an_or():
    assert parse_query("(合同 上海) OR 协议").clause == Or((And((Term("合同"), Term("上海"))), Term("协议")))


def test_full_width_parentheses_group_like_ascii_ones():
    assert parse_query("（合同 OR 协议） 上海") == parse_query("(合同 OR 协议) 上海")


def test_redundant_parentheses_leave_no_trace():
    assert parse_query("((合同))").clause == Term("合同")


def test_lowercase_or_is_an_ordinary_word():
    assert parse_query("合同 or 协议").clause == And((Term("合同"), Term("or"), Term("协议")))


@pytest.mark.parametrize("word", ["HT-2023-0012", "KH-2019-00042", "138-1234-5678", "合同-协议"])
def test_a_minus_inside_a_word_is_not_negation(word):
    assert parse_query(word).clause == Term(word)


def test_letters_and_chinese_together_stay_one_term():
    assert parse_query("B级").clause == Term("B级")


def test_an_unknown_field_name_stays_part_of_the_term():
    assert parse_query("编号:HT-2023-0012").clause == Term("编号:HT-2023-0012")


def test_positive_terms_leave_out_excluded_ones():
    query = parse_query('合同 -补充 (上海 OR "浦东 新区")')
    assert positive_terms(query.clause) == [Term("合同"), Term("上海"), Phrase("浦东 新区")]


# --- filters in the text --------------------------------------------------------------------


def test_a_filter_only_query_has_no_clause():
    assert parse_query("customer_no:KH-2019-00042") == Query(None, Filters(customer_no="KH-2019-00042"))


def test_filters_in_the_text_narrow_the_words():
    query = parse_query("合同 year:2023 doc_type:contract")
    assert query == Query(Term("合同"), Filters(year=2023, doc_type=DocType.CONTRACT))


@pytest.mark.parametrize(
    ("value", "doc_type"),
    [("合同", DocType.CONTRACT), ("档案卡", DocType.ARCHIVE_CARD), ("身份证", DocType.ID_CARD), ("ID_CARD", DocType.ID_CARD)],
)
def test_doc_type_accepts_english_and_chinese_names(value, doc_type):
    assert parse_query(f"doc_type:{value}").filters.doc_type == doc_type


def test_chinese_field_names_with_a_full_width_colon_set_filters():
    query = parse_query("客户编号：KH-2019-00042 类型：合同 年份：2023 等级：B 类别：合同协议")
    expected = Filters(customer_no="KH-2019-00042", doc_type=DocType.CONTRACT, year=2023, grade="B", category="合同协议")
    assert query.filters == expected


def test_field_names_ignore_case():
    assert parse_query("Year:2023").filters.year == 2023


def test_a_year_may_end_in_nian():
    assert parse_query("年份:2023年").filters.year == 2023


def test_a_grade_is_upper_cased_and_may_end_in_ji():
    assert parse_query("grade:b级").filters.grade == "B"


def test_a_date_range_sets_both_ends():
    filters = parse_query("date:2023-01-01..2023-06-30").filters
    assert (filters.date_from, filters.date_to) == (date(2023, 1, 1), date(2023, 6, 30))


def test_a_date_range_open_at_the_start_sets_only_the_end():
    filters = parse_query("date:..2023-06-30").filters
    assert (filters.date_from, filters.date_to) == (None, date(2023, 6, 30))


def test_a_date_range_open_at_the_end_sets_only_the_start():
    filters = parse_query("date:2023-01-01..").filters
    assert (filters.date_from, filters.date_to) == (date(2023, 1, 1), None)


def test_a_single_date_means_that_day():
    filters = parse_query("date:2023/6/30").filters
    assert (filters.date_from, filters.date_to) == (date(2023, 6, 30), date(2023, 6, 30))


def test_a_quoted_filter_value_may_contain_spaces():
    assert parse_query('category:"合同 协议"').filters.category == "合同 协议"


def test_the_same_filter_twice_with_the_same_value_is_accepted():
    assert parse_query("year:2023 年份:2023").filters.year == 2023


# --- filters as parameters ------------------------------------------------------------------


def test_filter_parameters_alone_make_a_query():
    assert parse_query("", customer_no="KH-2019-00042") == Query(None, Filters(customer_no="KH-2019-00042"))


def test_filter_parameters_are_merged_with_filters_in_the_text():
    query = parse_query("合同 year:2023", doc_type="身份证", grade="a")
    assert query.filters == Filters(year=2023, doc_type=DocType.ID_CARD, grade="A")


def test_a_parameter_equal_to_the_text_filter_is_accepted():
    assert parse_query("合同 year:2023", year=2023).filters.year == 2023


def test_date_parameters_accept_dates_datetimes_and_strings():
    filters = parse_query("合同", date_from=datetime(2023, 1, 1, 9, 30), date_to="2023-06-30").filters
    assert (filters.date_from, filters.date_to) == (date(2023, 1, 1), date(2023, 6, 30))


def test_a_date_parameter_completes_an_open_range_in_the_text():
    filters = parse_query("date:..2023-06-30", date_from=date(2023, 1, 1)).filters
    assert (filters.date_from, filters.date_to) == (date(2023, 1, 1), date(2023, 6, 30))


# --- errors ---------------------------------------------------------------------------------

BAD_QUERIES = {
    '"客户档案': "unbalanced quote",
    '合同 ""': "empty phrase",
    "合同 OR": "dangling OR",
    "OR 合同": "dangling OR",
    "合同 OR OR 协议": "dangling OR",
    "(合同 OR) 协议": "dangling OR",
    "(合同 协议": "unbalanced parenthesis",
    "合同 协议)": "unbalanced parenthesis",
    "合同 ()": "empty parentheses",
    "doc_type:invoice": "unknown doc_type 'invoice'",
    "year:23": "bad year '23'",
    "year:1850": "bad year '1850'",
    "grade:优秀": "bad grade",
    "date:2023-13-01": "bad date '2023-13-01'",
    "date:2023-02-30": "no such day",
    "date:30/06/2023": "expected YYYY-MM-DD",
    "date:2023-06-30..2023-01-01": "ends before it starts",
    "date:..": "needs a start, an end or both",
    "year:": "'year:' needs a value",
    "x" * 501: "501 characters long; the limit is 500",
    " ".join(f"词{i}" for i in range(33)): "33 terms; the limit is 32",
    "-补充 -草稿": "cannot only exclude",
    "": "empty query",
    "   ": "empty query",
    "合同 - 补充": "'-' must be followed directly",
    "合同 --补充": "'-' must be followed directly",
    "合同 -": "'-' must be followed directly",
    "合同 -year:2023": "a filter cannot be excluded",
    "合同 OR year:2023": "cannot be an operand of OR",
    "(合同 year:2023)": "filters go outside parentheses",
    "上海 OR -合同": "each side of OR needs a word",
    "合同 ，。": "has no letters, digits or Chinese characters",
    "year:2023 year:2024": "year is given twice in the query",
}


@pytest.mark.parametrize(("text", "reason"), BAD_QUERIES.items(), ids=[repr(t[:24]) for t in BAD_QUERIES])
def test_malformed_queries_are_rejected_with_the_reason(text, reason):
    with pytest.raises(InvalidQuery, match=reason):
        parse_query(text)


@pytest.mark.parametrize("text", BAD_QUERIES, ids=[repr(t[:24]) for t in BAD_QUERIES])
def test_every_rejection_reason_is_one_line(text):
    with pytest.raises(InvalidQuery) as raised:
        parse_query(text)
    assert "\n" not in str(raised.value) and str(raised.value)


def test_a_filter_parameter_conflicting_with_the_text_is_rejected():
    with pytest.raises(InvalidQuery, match="year is given twice in the query and as a parameter"):
        parse_query("合同 year:2023", year=2024)


def test_a_bad_filter_parameter_is_rejected_like_a_bad_filter_in_the_text():
    with pytest.raises(InvalidQuery, match="unknown doc_type 'invoice'"):
        parse_query("合同", doc_type="invoice")


def test_date_parameters_in_the_wrong_order_are_rejected():
    with pytest.raises(InvalidQuery, match="ends before it starts"):
        parse_query("合同", date_from="2023-06-30", date_to="2023-01-01")


def test_an_invalid_query_is_invalid_input_reported_as_400():
    assert issubclass(InvalidQuery, InvalidInput) and InvalidQuery.status_code == 400


# --- hostile input ----------------------------------------------------------------------------


def test_parentheses_nested_247_deep_are_rejected_with_the_reason():
    with pytest.raises(InvalidQuery, match="nested more than 8 deep"):
        parse_query("(" * 247 + "合同" + ")" * 247)


def test_excluded_groups_nested_deeper_than_the_limit_are_rejected():
    with pytest.raises(InvalidQuery, match="nested more than 8 deep"):
        parse_query("合同 " + "-(a " * 60 + "b" + ")" * 60)


def test_parentheses_nested_to_the_limit_still_parse():
    assert parse_query("(" * 8 + "合同" + ")" * 8).clause == Term("合同")
