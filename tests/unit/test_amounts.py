"""docarchive.domain.amounts: money in yuan, from figures and from words."""

from __future__ import annotations

import pytest

from docarchive.domain.amounts import find_amounts, parse_amount


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("125000", 125000),
        ("125,000.00", 125000),
        ("人民币 125,000.00 元", 125000),
        ("RMB 125,000", 125000),
        ("¥3,500", 3500),
        ("￥3,500.00", 3500),
        ("3000000元", 3000000),
        ("500万元", 5000000),
        ("￥12.5万元", 125000),
        ("人民币 1,200 万元", 12000000),
        ("2.5亿元", 250000000),
    ],
)
def test_figures_are_read_in_yuan(text, yuan):
    assert parse_amount(text) == yuan


def test_a_whole_amount_is_an_int():
    assert type(parse_amount("125,000.00元")) is int


def test_an_amount_with_cents_is_a_float_with_two_decimals():
    assert parse_amount("125,000.50元") == 125000.5


def test_more_than_two_decimals_round_to_the_cent():
    assert parse_amount("12.345") == 12.35


def test_full_width_digits_and_comma_are_read():
    assert parse_amount("１２５，０００元") == 125000


def test_thousands_commas_misread_as_points_are_read():
    assert parse_amount("人民币20.000.00元") == 20000


def test_letter_o_between_digits_is_read_as_zero():
    assert parse_amount("1O0,000元") == 100000


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("伍拾万元整", 500000),
        ("人民币伍拾万元整", 500000),
        ("壹佰贰拾万零伍仟元整", 1205000),
        ("叁万伍仟元整", 35000),
        ("壹拾贰万伍仟元整", 125000),
        ("壹仟零壹元整", 1001),
        ("壹亿零壹万元整", 100010000),
        ("拾万元正", 100000),
        ("（大写：叁万伍仟元整）", 35000),
    ],
)
def test_capital_numerals_are_read(text, yuan):
    assert parse_amount(text) == yuan


def test_jiao_and_fen_are_tenths_and_hundredths():
    assert parse_amount("壹仟贰佰叁拾肆元伍角陆分") == 1234.56


def test_zero_before_fen_skips_the_jiao():
    assert parse_amount("壹佰元零伍分") == 100.05


def test_jiao_alone_is_an_amount():
    assert parse_amount("伍角") == 0.5


@pytest.mark.parametrize(
    ("text", "yuan"),
    [("一千二百万", 12000000), ("十二万五千", 125000), ("两万", 20000), ("一万零五", 10005)],
)
def test_everyday_numerals_are_read(text, yuan):
    assert parse_amount(text) == yuan


def test_a_bare_digit_after_a_unit_counts_one_unit_lower():
    assert parse_amount("三万五") == 35000


def test_figures_with_chinese_units_mix():
    assert parse_amount("2万5千元") == 25000


@pytest.mark.parametrize("text", ["", "元", "万元", "整", "壹贰元", "abc", "500万美元"])
def test_text_that_is_not_an_amount_gives_none(text):
    assert parse_amount(text) is None


def test_find_amounts_reads_figures_and_words_of_one_line():
    mentions = find_amounts("人民币125,000.00元（大写：壹拾贰万伍仟元整）")
    assert [(m.value, m.in_words) for m in mentions] == [(125000, False), (125000, True)]


def test_find_amounts_does_not_read_the_unit_of_figures_as_words():
    assert [m.text for m in find_amounts("￥12.5万元")] == ["￥12.5万元"]


def test_find_amounts_finds_nothing_in_plain_prose():
    assert find_amounts("双方应当按时履行义务") == []
