"""Chinese text analysis: normalisation, index token streams and the phrases a query term must match."""

from __future__ import annotations

import sqlite3

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docarchive.search.analysis import (
    COLUMNS,
    HAN,
    GAP,
    MAX_TOKEN_CHARS,
    IndexedText,
    TokenPhrase,
    index_terms,
    normalize,
    normalize_with_offsets,
    query_tokens,
    token_streams,
    word_columns,
)
from docarchive.search.folding import traditional_to_simplified

SAMPLES = [
    "甲方：上海華東貿易有限公司\n合 同 編 號：ＨＴ－２０２３－００１２",
    "客户编号 KH-2019-00042，联系电话 138 1234 5678 / 13812345678",
    "姓　　名：张三    性别：男\n\n客户等级：B级（信用等级AAA）",
    "ABC Trading Co., Ltd.  2023年6月30日 签订\u200b本合同",
    "本合約自簽訂之日起生效。乙方應於2023/06/30前付款¥1,000.00元",
    "café ① ㎡ İstanbul ﬁle e\u0301 \u3007 𠮷野家 — – ‑ －",
]


_HAN_CHAR = re.compile(f"[{HAN}]")


def found(document: str, term: str) -> bool:
    """What a backend does: some phrase of the term occurs, consecutively, in the document's column."""
    indexed = index_terms(document)
    return any(_consecutive(getattr(indexed, p.column).split(" "), list(p.tokens)) for p in query_tokens(term))


def _consecutive(stream: list[str], phrase: list[str]) -> bool:
    return any(stream[i : i + len(phrase)] == phrase for i in range(len(stream) - len(phrase) + 1))


# --- normalize ------------------------------------------------------------------------------


def test_full_width_letters_and_digits_become_half_width_lower_case():
    assert normalize("ＨＴ２０２３ABC") == "ht2023abc"


def test_traditional_characters_become_simplified():
    assert normalize("客戶檔案，合約，簽訂") == "客户档案,合约,签订"


def test_every_kind_of_dash_becomes_a_hyphen():
    assert normalize("a‐b‑c‒d–e—f―g−h﹣i－j") == "a-b-c-d-e-f-g-h-i-j"


def test_blanks_between_chinese_characters_are_removed():
    assert normalize("客 户  档\t案　编号") == "客户档案编号"


def test_a_line_break_between_chinese_characters_is_removed():
    assert normalize("签订本合\n同") == "签订本合同"


def test_a_blank_line_between_chinese_characters_is_kept():
    assert normalize("合同\n\n协议") == "合同\n\n协议"


def test_a_space_between_latin_words_is_kept():
    assert normalize("ABC Trading KH 2019") == "abc trading kh 2019"


def test_zero_width_characters_disappear():
    assert normalize("合\u200b同\ufeff") == "合同"


@pytest.mark.parametrize("text", SAMPLES)
def test_normalizing_twice_changes_nothing(text):
    assert normalize(normalize(text)) == normalize(text)


@pytest.mark.parametrize("text", SAMPLES)
def test_normalizing_with_offsets_gives_the_same_text(text):
    assert normalize_with_offsets(text).text == normalize(text)


def test_offsets_point_back_at_the_original_characters():
    original = "合 同：ＨＴ－２０２３"
    normalized = normalize_with_offsets(original)
    start = normalized.text.index("ht-2023")
    assert original[slice(*normalized.original_span(start, start + 7))] == "ＨＴ－２０２３"


def test_the_traditional_table_is_already_resolved():
    table = traditional_to_simplified()
    assert all(table.get(simplified, simplified) == simplified for simplified in table.values())


# --- index tokens ---------------------------------------------------------------------------


def test_a_chinese_run_becomes_overlapping_bigrams_and_single_characters():
    assert index_terms("客户档案") == IndexedText(bigrams="客户 户档 档案", chars="客 户 档 案", words="")


def test_chinese_runs_are_separated_by_a_gap_in_the_bigram_column():
    assert index_terms("公司，司法").bigrams == f"公司 {GAP} 司法"


def test_an_identifier_is_indexed_whole_and_in_parts():
    indexed = index_terms("HT-2023-0012")
    assert (indexed.chars, indexed.words) == ("ht 2023 0012", "ht20230012")


def test_digit_groups_split_by_single_spaces_are_also_indexed_joined():
    assert "13812345678" in index_terms("电话 138 1234 5678").words.split()


def test_an_identifier_whose_last_digits_ocr_split_is_also_indexed_joined():
    assert "kh203100042" in index_terms("客户编号 KH-2031-000 42 备注").words.split()


@pytest.mark.parametrize("document", ["编号 KH-2031-000 42", "编号 KH-2031-0 00 42"])
def test_an_identifier_split_by_ocr_after_a_connector_is_found(document):
    assert found(document, "KH-2031-00042")


def test_latin_words_split_by_a_space_are_not_joined():
    assert index_terms("ABC Trading").words == "abc trading"


@pytest.mark.parametrize("text", SAMPLES)
def test_tokens_are_non_empty_letters_and_numbers_only(text):
    indexed = index_terms(text)
    tokens = [token for column in COLUMNS for token in getattr(indexed, column).split(" ") if getattr(indexed, column)]
    assert tokens and all(token.isalnum() and token == token.lower() for token in tokens)


def test_no_token_is_longer_than_the_limit_even_in_a_run_of_ocr_junk():
    indexed = index_terms("ab" * 100 + "-" + "7" * 300 + " 1" * 100)
    tokens = [token for column in COLUMNS for token in getattr(indexed, column).split()]
    assert max(len(token) for token in tokens) == MAX_TOKEN_CHARS


@pytest.mark.parametrize("text", SAMPLES)
def test_index_terms_are_the_token_streams_without_spans(text):
    streams = token_streams(normalize(text))
    joined = IndexedText(*(" ".join(token for token, _, _ in streams.column(column)) for column in COLUMNS))
    assert index_terms(text) == joined


def _fts5_available() -> bool:
    try:
        sqlite3.connect(":memory:").execute("create virtual table probe using fts5(x)")
    except sqlite3.OperationalError:
        return False
    return True


@pytest.mark.skipif(not _fts5_available(), reason="this SQLite has no FTS5")
def test_fts5_unicode61_splits_the_streams_exactly_at_the_spaces():
    db = sqlite3.connect(":memory:")
    db.execute(f"create virtual table t using fts5({', '.join(COLUMNS)}, tokenize = 'unicode61 remove_diacritics 0')")
    db.execute("create virtual table v using fts5vocab(t, 'instance')")
    indexed = [index_terms(text) for text in SAMPLES]
    db.executemany("insert into t values (?, ?, ?)", [tuple(getattr(i, c) for c in COLUMNS) for i in indexed])
    for rowid, item in enumerate(indexed, start=1):
        for column in COLUMNS:
            rows = db.execute("select term from v where doc = ? and col = ? order by offset", (rowid, column))
            assert [term for (term,) in rows] == [t for t in getattr(item, column).split(" ") if t]


@pytest.mark.skipif(not _fts5_available(), reason="this SQLite has no FTS5")
@pytest.mark.parametrize(
    ("document", "term", "expected"),
    [("有限公司，司法鉴定", "公司法", False), ("签订本合同", "合同", True), ("HT-2023-0012", "2023-0012", True),
     ("电话 138 1234 5678", "13812345678", True), ("AB级", "B级", False)],
)
def test_fts5_phrase_queries_on_the_streams_find_what_the_analysis_promises(document, term, expected):
    db = sqlite3.connect(":memory:")
    db.execute(f"create virtual table t using fts5({', '.join(COLUMNS)}, tokenize = 'unicode61 remove_diacritics 0')")
    db.execute("insert into t values (?, ?, ?)", tuple(getattr(index_terms(document), c) for c in COLUMNS))
    match = " OR ".join(f'{p.column} : "{" ".join(p.tokens)}"' for p in query_tokens(term))
    assert bool(db.execute("select count(*) from t where t match ?", (match,)).fetchone()[0]) is expected


# --- query tokens -------------------------------------------------------------------------


def test_a_two_character_word_is_one_bigram():
    assert query_tokens("合同") == [TokenPhrase("bigrams", ("合同",))]


def test_a_one_character_word_is_a_unigram():
    assert query_tokens("合") == [TokenPhrase("chars", ("合",))]


def test_a_longer_word_is_a_phrase_of_its_bigrams():
    assert query_tokens("客户档案") == [TokenPhrase("bigrams", ("客户", "户档", "档案"))]


def test_an_identifier_matches_its_parts_in_order_or_itself_whole():
    expected = [TokenPhrase("chars", ("ht", "2023", "0012")), TokenPhrase("words", ("ht20230012",))]
    assert query_tokens("HT-2023-0012") == expected


def test_letters_followed_by_chinese_are_a_phrase_of_single_tokens():
    assert query_tokens("B级") == [TokenPhrase("chars", ("b", "级"))]


def test_punctuation_alone_has_nothing_to_match():
    assert query_tokens("，。、-") == []


# --- what a query finds ---------------------------------------------------------------------


def test_a_two_character_word_finds_a_document_containing_it():
    assert found("甲乙双方签订本合同。", "合同")


def test_a_two_character_word_does_not_find_its_characters_apart():
    assert not found("双方合作，同意如下条款", "合同")


def test_a_two_character_word_inside_a_longer_string_is_found_by_design():
    # 联合|同盟: a bigram index cannot see word boundaries (see bench/analysis_compare.py).
    assert found("双方结成联合同盟", "合同")


def test_a_one_character_word_finds_any_occurrence():
    assert found("客户张三", "张")


def test_a_longer_word_needs_its_characters_adjacent():
    assert not found("客户的档案", "客户档案")


def test_a_longer_word_does_not_match_across_punctuation():
    assert not found("有限公司，司法鉴定", "公司法")


def test_a_longer_word_is_found_across_an_ocr_line_break():
    assert found("客户档\n案卡", "客户档案")


def test_spaced_out_ocr_characters_are_found():
    assert found("客 户 档 案", "客户档案")


def test_a_justified_label_is_found_by_the_word():
    assert found("地　　址：上海市", "地址")


@pytest.mark.parametrize("document", ["合同编号：HT-2023-0012", "HT20230012", "ＨＴ－２０２３－００１２", "ht — 2023 — 0012"])
def test_an_identifier_is_found_however_it_is_written(document):
    assert found(document, "HT-2023-0012")


@pytest.mark.parametrize("part", ["2023", "0012", "HT-2023", "2023-0012"])
def test_part_of_an_identifier_finds_it(part):
    assert found("合同编号：HT-2023-0012", part)


def test_an_identifier_does_not_find_a_different_one():
    assert not found("合同编号：HT-2023-0013", "HT-2023-0012")


@pytest.mark.parametrize("document", ["客户编号：KH-2019-00042", "KH 2019 00042", "KH201900042"])
def test_a_customer_number_is_found_with_or_without_separators(document):
    assert found(document, "KH-2019-00042")


@pytest.mark.parametrize("document", ["电话：138-1234-5678", "电话：138 1234 5678", "电话：13812345678"])
@pytest.mark.parametrize("query", ["13812345678", "138-1234-5678", "138 1234 5678"])
def test_a_phone_number_is_found_with_or_without_separators(document, query):
    assert found(document, query)


def test_a_letter_grade_with_chinese_is_found():
    assert found("客户等级：B级客户", "B级")


def test_a_letter_grade_is_not_found_inside_a_longer_latin_word():
    assert not found("AB级", "B级")


def test_a_full_width_query_finds_half_width_text():
    assert found("合同编号 HT-2023-0012", "ＨＴ－２０２３－００１２")


def test_a_simplified_query_finds_traditional_text():
    assert found("本合約自簽訂之日起生效", "合约") and found("客戶檔案", "客户档案")


def test_a_traditional_query_finds_simplified_text():
    assert found("客户档案", "客戶檔案")


def test_a_number_with_chinese_is_found_across_a_space():
    assert found("2023 年 6 月 30 日签订", "2023年6月")


@pytest.mark.parametrize("original", ["客戶編號：ＫＨ-2019【合同】、甲方。", "合 同 HT-2023-0012\n第二条", "Café ①号"])
def test_each_normalised_character_points_at_the_original_it_came_from(original):
    normalized = normalize_with_offsets(original)
    assert normalized.text == normalize(original)
    for i, char in enumerate(normalized.text):
        start, end = normalized.original_span(i, i + 1)
        assert char in normalize(original[start:end]) or original[start:end].isspace()


def test_the_one_table_fold_equals_nfkc_then_the_fold_table_for_every_character_it_takes():
    from docarchive.search.folding import _FOLDS_CHAR_FOR_CHAR, char_for_char_table, fold_any

    taken = [chr(code) for code in range(0x10000) if _FOLDS_CHAR_FOR_CHAR.fullmatch(chr(code))]
    table = char_for_char_table()
    assert len(taken) > 21_000
    assert [char.translate(table) for char in taken] == [fold_any(char) for char in taken]


# Text of the kinds a highlight meets: Han runs, codes, numbers with OCR spaces, punctuation, line breaks.
_PIECES = st.sampled_from(["合同", "编号", "档", "KH", "ht", "2019", "00042", "138", " ", "  ", "\n", "-", "/", "_",
                           "，", "：", "Ｂ", "级", "a1"])
_PAGE = st.lists(_PIECES, max_size=40).map("".join)


@given(_PAGE, _PAGE)
def test_a_column_with_han_runs_whole_matches_phrases_without_han_as_the_full_column_does(text, term):
    """`word_columns` (highlighting's shortcut) finds a Han-free phrase exactly where the full stream does."""
    normalized = normalize(text)
    streams = token_streams(normalized)
    for phrase in query_tokens(term):
        if any(_HAN_CHAR.search(token) for token in phrase.tokens):
            continue
        short = word_columns(normalized)[phrase.column]
        assert _spans(short, phrase.tokens) == _spans(streams.column(phrase.column), phrase.tokens)


def _spans(stream, tokens) -> set[tuple[int, int]]:
    texts, size = [text for text, _, _ in stream], len(tokens)
    return {(stream[i][1], stream[i + size - 1][2]) for i in range(len(stream) - size + 1)
            if tuple(texts[i : i + size]) == tuple(tokens)}


# Every kind of character text that folds char for char may hold: ASCII, basic Han (Traditional ones too), the
# ideographic space, 、。, the brackets 《》「」『』【】 and the full-width ASCII forms.
_IN_PLACE_TEXT = st.text(st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E), st.sampled_from("\n\t合同檔案编號客户户檔一"),
    st.characters(min_codepoint=0x3000, max_codepoint=0x3002), st.characters(min_codepoint=0x300A, max_codepoint=0x3011),
    st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E)), max_size=60)


@given(_IN_PLACE_TEXT)
def test_word_runs_folded_in_place_are_those_of_the_text_folded_whole(text):
    from docarchive.search.folding import char_for_char_table, fold_word_runs_in_place, folds_char_for_char

    assert folds_char_for_char(text)
    folded = fold_word_runs_in_place(text)
    assert len(folded) == len(text)
    assert word_columns(folded) == word_columns(text.translate(char_for_char_table()))
