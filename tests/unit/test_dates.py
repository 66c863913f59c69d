"""docarchive.domain.dates: dates as Chinese forms write them."""

from __future__ import annotations

from datetime import date

import pytest

from docarchive.domain.dates import looks_like_date, parse_date, to_iso


@pytest.mark.parametrize(
    "text",
    ["2023年5月6日", "2023年05月06日", "2023-05-06", "2023.5.6", "2023/05/06", "20230506", "2023年5月6号"],
)
def test_common_written_forms_are_read(text):
    assert parse_date(text) == date(2023, 5, 6)


def test_chinese_numerals_with_ling_circle_are_read():
    assert parse_date("二〇二三年五月六日") == date(2023, 5, 6)


def test_chinese_numerals_with_tens_are_read():
    assert parse_date("二〇二三年十二月三十一日") == date(2023, 12, 31)


def test_zero_written_as_ling_is_read():
    assert parse_date("二零二四年一月八日") == date(2024, 1, 8)


def test_padded_chinese_month_and_day_are_read():
    assert parse_date("二〇二三年〇五月〇六日") == date(2023, 5, 6)


def test_full_width_digits_are_read():
    assert parse_date("２０２３年５月６日") == date(2023, 5, 6)


def test_letter_o_in_the_year_is_read_as_zero():
    assert parse_date("2O23年5月6日") == date(2023, 5, 6)


def test_blanks_between_parts_are_allowed():
    assert parse_date("2023 年 5 月 6 日") == date(2023, 5, 6)


def test_a_missing_day_character_is_tolerated():
    assert parse_date("2023年5月6") == date(2023, 5, 6)


def test_the_first_date_in_a_longer_text_is_read():
    assert parse_date("有效期限 2015.03.01-2035.03.01") == date(2015, 3, 1)


def test_a_time_after_the_date_is_ignored():
    assert parse_date("2023-05-06 10:30") == date(2023, 5, 6)


@pytest.mark.parametrize("text", ["2023年2月30日", "2023-13-01", "2023年二十月一日", "2022-02-29"])
def test_impossible_dates_are_rejected(text):
    assert parse_date(text) is None


def test_leap_day_in_a_leap_year_is_accepted():
    assert parse_date("2024-02-29") == date(2024, 2, 29)


def test_a_year_outside_living_memory_is_rejected():
    assert parse_date("1899年1月1日") is None


def test_eight_digits_inside_an_id_number_are_not_a_date():
    assert parse_date("11010519491231002X") is None


def test_text_without_a_date_gives_none():
    assert parse_date("无") is None


def test_to_iso_gives_year_month_day():
    assert to_iso("2019年3月15日") == "2019-03-15"


def test_an_impossible_date_still_looks_like_a_date():
    assert looks_like_date("2023年2月30日")
