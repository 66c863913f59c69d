"""docarchive.domain.text: one spelling for OCR text."""

from __future__ import annotations

import pytest

from docarchive.domain.text import compact, normalize_ocr_text


def test_full_width_letters_and_digits_become_half_width():
    assert normalize_ocr_text("ＫＨ－２０１９－０００４２") == "KH-2019-00042"


def test_full_width_colon_after_a_label_is_kept():
    assert normalize_ocr_text("客户编号：KH-1") == "客户编号：KH-1"


@pytest.mark.parametrize("text", ["你好，世界。", "是否？", "备注：无！", "甲方（委托方）", "张三、李四"])
def test_chinese_punctuation_is_kept_as_written(text):
    assert normalize_ocr_text(text) == text


def test_full_width_comma_between_digits_becomes_a_thousands_separator():
    assert normalize_ocr_text("人民币125，000.00元") == "人民币125,000.00元"


def test_full_width_yen_sign_becomes_the_half_width_one():
    assert normalize_ocr_text("￥12.5万元") == "¥12.5万元"


def test_kangxi_radicals_become_ordinary_characters():
    assert normalize_ocr_text("⼈民币") == "人民币"


def test_ideographic_space_counts_as_a_blank():
    assert normalize_ocr_text("上海市\u3000\u3000浦东新区") == "上海市  浦东新区"


def test_letter_spaced_chinese_is_joined():
    assert normalize_ocr_text("客 户 编 号") == "客户编号"


def test_a_tab_inside_letter_spaced_chinese_is_removed_too():
    assert normalize_ocr_text("客\t户\t编\t号") == "客户编号"


def test_letter_spaced_label_is_joined_but_stays_apart_from_its_value():
    assert normalize_ocr_text("住 址 江苏省昆山市") == "住址 江苏省昆山市"


def test_single_blank_between_two_chinese_words_is_kept_as_a_field_separator():
    assert normalize_ocr_text("法定代表人：张建国 身份证号：1") == "法定代表人：张建国 身份证号：1"


def test_blanks_between_chinese_and_digits_are_removed():
    assert normalize_ocr_text("张江路 88 号") == "张江路88号"


def test_blanks_inside_digit_groups_touching_chinese_are_removed():
    assert normalize_ocr_text("2 0 1 9 年 3 月 1 5 日") == "2019年3月15日"


def test_blanks_inside_a_phone_number_after_a_label_are_removed():
    assert normalize_ocr_text("手机： 138 1234 5678") == "手机：13812345678"


def test_two_long_numbers_in_a_row_stay_apart():
    assert normalize_ocr_text("电话：65432100 13812345678") == "电话：65432100 13812345678"


def test_blank_beside_full_width_punctuation_is_removed():
    assert normalize_ocr_text("客户编号 ： KH-1") == "客户编号：KH-1"


def test_wide_gap_becomes_a_two_space_column_gap():
    assert normalize_ocr_text("客户等级：B        行业：制造业") == "客户等级：B  行业：制造业"


def test_single_blank_between_latin_words_stays():
    assert normalize_ocr_text("ABC Trading Co., Ltd.") == "ABC Trading Co., Ltd."


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\n", "\f", "\u2028"])
def test_every_line_ending_becomes_a_newline(ending):
    assert normalize_ocr_text(f"第一行{ending}第二行") == "第一行\n第二行"


def test_lines_are_stripped():
    assert normalize_ocr_text("  客户档案卡  \n\t姓名") == "客户档案卡\n姓名"


def test_runs_of_empty_lines_collapse_to_one():
    assert normalize_ocr_text("\n\n第一段\n\n\n\n第二段\n\n") == "第一段\n\n第二段"


def test_zero_width_characters_are_removed():
    assert normalize_ocr_text("\ufeff客户\u200b编号") == "客户编号"


def test_symbols_nfkc_would_spell_misleadingly_are_kept():
    assert normalize_ocr_text("面积120㎡") == "面积120㎡"


@pytest.mark.parametrize(
    "text",
    [
        "客 户 编 号 ： ＫＨ－２０１９    建档日期：2 0 1 9 年 3 月",
        "性别 男 民族 汉\r\n住 址 江苏省昆山市  民族路 18 号",
        "合同金额：人民币 125，000.00 元（大写：壹拾贰万伍仟元整）",
    ],
)
def test_normalizing_twice_changes_nothing(text):
    once = normalize_ocr_text(text)
    assert normalize_ocr_text(once) == once


def test_empty_text_stays_empty():
    assert normalize_ocr_text("") == ""


def test_compact_removes_every_kind_of_whitespace():
    assert compact(" 客 户\t编\n号\u3000") == "客户编号"
