"""highlight and matched_pages: matches found on normalised text, marked in the original."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docarchive.search.highlight import highlight, matched_pages
from docarchive.search.query import parse_query


def marks(text: str, query: str, **options) -> list[str]:
    return highlight(text, parse_query(query), **options)


def test_a_match_is_marked_in_the_original_text():
    assert marks("甲乙双方签订本合同。", "合同") == ["甲乙双方签订本<mark>合同</mark>。"]


def test_the_rest_of_the_snippet_is_html_escaped():
    assert marks("<b>合同</b> & 协议", "合同") == ["&lt;b&gt;<mark>合同</mark>&lt;/b&gt; &amp; 协议"]


def test_a_word_split_by_an_ocr_space_is_marked_with_the_space():
    assert marks("签订本合 同。", "合同") == ["签订本<mark>合 同</mark>。"]


def test_a_word_split_by_a_line_break_is_marked_across_it():
    assert marks("客户档\n案卡", "客户档案") == ["<mark>客户档\n案</mark>卡"]


def test_a_full_width_identifier_is_marked_as_written():
    assert marks("编号：ＨＴ－２０２３－００１２号", "HT-2023-0012") == ["编号：<mark>ＨＴ－２０２３－００１２</mark>号"]


def test_traditional_text_is_marked_for_a_simplified_query():
    assert marks("本合約自簽訂之日起生效", "合约 签订") == ["本<mark>合約</mark>自<mark>簽訂</mark>之日起生效"]


def test_a_phone_number_split_by_spaces_is_marked_for_the_joined_number():
    assert marks("电话 138 1234 5678", "13812345678") == ["电话 <mark>138 1234 5678</mark>"]


def test_part_of_an_identifier_marks_only_that_part():
    assert marks("HT-2023-0012", "0012") == ["HT-2023-<mark>0012</mark>"]


def test_overlapping_matches_become_one_mark():
    assert marks("合同编号", "合同 同编") == ["<mark>合同编</mark>号"]


def test_excluded_terms_are_not_marked():
    assert marks("补充协议与主合同", "合同 -补充") == ["补充协议与主<mark>合同</mark>"]


def test_no_match_gives_no_snippet():
    assert marks("甲乙双方", "合同") == []


def test_a_filter_only_query_gives_no_snippet():
    assert marks("合同", "year:2023") == []


def test_a_snippet_keeps_context_around_the_match_and_shows_cuts():
    text = "一二三四五六七八九十合同一二三四五六七八九十"
    assert marks(text, "合同", context=3) == ["…八九十<mark>合同</mark>一二三…"]


def test_snippets_are_limited_in_number_and_returned_in_text_order():
    text = "合同" + "。" * 50 + "协议" + "。" * 50 + "合同" + "。" * 50 + "协议"
    snippets = marks(text, "合同 OR 协议", max_snippets=2, context=2)
    assert snippets == ["<mark>合同</mark>。。…", "…。。<mark>协议</mark>。。…"]


def test_a_snippet_with_more_distinct_terms_is_preferred():
    text = "合同" + "。" * 50 + "合同 上海" + "。" * 50
    assert marks(text, "合同 上海", max_snippets=1, context=2) == ["…。。<mark>合同</mark> <mark>上海</mark>。。…"]


def test_matched_pages_are_numbered_from_one():
    assert matched_pages(["甲乙双方", "签订本合 同", "合約"], parse_query("合同 OR 合约")) == [2, 3]


def test_a_page_matching_only_an_excluded_term_is_not_a_matched_page():
    assert matched_pages(["补充协议", "主合同"], parse_query("合同 -补充")) == [2]


def test_highlighting_pages_at_once_matches_highlighting_the_joined_text():
    from docarchive.search.highlight import highlight, highlight_pages, matched_pages
    from docarchive.search.query import parse_query

    pages = ["设备采购合同\n合同编号：HT-2023-0012", "第二条 合同 金额：人民币 125,000.00 元", "签字页"]
    query = parse_query("合同 -签字")
    assert highlight_pages(pages, query) == (matched_pages(pages, query), highlight("\n\n".join(pages), query))


_PAGES = [
    "客户档案卡\n客户编号：KH-2010-00013\n客户名称：北京东海信息技术股份有限公司\n签订合同。合 同\n金额",
    "合同合同合同，合\n同与合\n\n同、合\u3000同 合\t \n 同【合同】",
    "本合約由甲乙雙方簽訂，客戶檔案：客 戶\n檔案；ＨＴ－２０２３　合同",
    "哈哈哈哈 档案档 案档案",
]


@pytest.mark.parametrize("words", ["合同", "合", "客户档案", "档案档案", "哈哈", "签订合同", "户档", "同合同"])
@pytest.mark.parametrize("page", _PAGES)
def test_han_matches_found_in_the_original_are_those_found_by_normalising(words, page):
    from docarchive.search.highlight import _match_spans, _term_phrases

    phrases = _term_phrases(parse_query(words))
    assert _match_spans(page, phrases) == _slow_spans(page, phrases)


def _slow_spans(text, term_phrases):
    """What _match_spans finds on the normalised text (its path for everything that is not a Han needle)."""
    from docarchive.search.analysis import normalize_with_offsets
    from docarchive.search.highlight import _han_needle, _occurrences

    normalized = normalize_with_offsets(text)
    return sorted({(*normalized.original_span(start, end), term) for term, phrases in term_phrases
                   for phrase in phrases for start, end in _occurrences(normalized.text, _han_needle(phrase))})


# Pages of what numbers and codes meet: digits, letters (full-width too), connectors, OCR spaces (the ideographic
# one too), Han text with blanks that normalising drops, Traditional characters, line breaks, and characters that
# do not fold one for one (so that both of `_Page`'s ways are taken).
_CODE_PIECES = st.sampled_from(["KH", "kh", "ＫＨ", "ｋｈ", "2019", "２０１９", "00042", "138", "1234", "-", "－", "/", "／",
                                "_", "＿", " ", "  ", "\u3000", "\t", "\n", "合同", "合 同", "檔案", "：", "，", "、", "【",
                                "B", "级", "a1", "Ａ１", "①", "\u200b", "—", "é"])  # the last four: not char for char


@settings(max_examples=300, deadline=None)
@given(st.lists(_CODE_PIECES, max_size=30).map("".join), st.lists(_CODE_PIECES, min_size=1, max_size=6).map("".join))
def test_numbers_and_codes_are_marked_where_the_whole_token_streams_match_them(page, term):
    """The shortcut for phrases without Han (word runs of the page folded in place) against the long way:
    every phrase matched on the full token streams of the normalised page."""
    from docarchive.search.analysis import query_tokens
    from docarchive.search.highlight import _match_spans

    phrases = ((0, tuple(query_tokens(term))),)  # a term as a query's one positive term
    assert _match_spans(page, phrases) == _spans_on_full_streams(page, phrases)


def _spans_on_full_streams(text, term_phrases):
    from docarchive.search.analysis import normalize_with_offsets, token_streams
    from docarchive.search.highlight import _phrase_matches

    normalized = normalize_with_offsets(text)
    streams = token_streams(normalized.text)
    return sorted({(*normalized.original_span(start, end), term) for term, phrases in term_phrases
                   for phrase in phrases
                   for start, end in _phrase_matches(streams.column(phrase.column), phrase.tokens)})
