"""The spacing and punctuation rules every OCR adapter's lines go through (docarchive.adapters.ocr._text)."""

from __future__ import annotations

import pytest

from docarchive.adapters.ocr._text import Fragment, assemble_line, build_result, tidy


def _word(text: str, x0: int, x1: int) -> Fragment:
    return Fragment(text, (x0, 100, x1, 140), 0.9)


@pytest.mark.parametrize(
    ("read", "written"),
    [
        ("客 户 编 号", "客户编号"),
        ("日期: 2021年8月13日", "日期：2021年8月13日"),
        ("金额 (元)", "金额（元）"),
        ("金额(USD)", "金额（USD）"),
        ("金额〈元）", "金额（元）"),
        ("《客户档案管理办法》第5条", "《客户档案管理办法》第5条"),
        ("人民币493，000元", "人民币493,000元"),
        ("第1，2条", "第1，2条"),
        ("Room 5, Building 3", "Room 5, Building 3"),
        ("61,984.00", "61,984.00"),
        ("相关工具丶软件", "相关工具、软件"),  # the dot radical is a misread enumeration comma
    ],
)
def test_tidy_writes_chinese_punctuation_and_spacing(read, written):
    assert tidy(read) == written


def test_narrow_gaps_join_chinese_and_digits_but_keep_latin_words_apart():
    line = assemble_line([_word("第", 0, 40), _word("5", 45, 60), _word("条", 65, 105), _word("ID", 110, 140), _word("No.", 150, 190)])
    assert line.text == "第5条ID No."


def test_a_wide_gap_between_fields_stays_one_space_even_between_chinese():
    line = assemble_line([_word("姓名：张三", 0, 200), _word("性别：男", 400, 560)])
    assert line.text == "姓名：张三 性别：男"
    assert line.box == (0, 100, 560, 140)


def test_fragments_are_read_left_to_right_and_confidence_weighs_characters():
    line = assemble_line([Fragment("男", (300, 0, 340, 40), 0.5), Fragment("性别：", (180, 0, 290, 40), 1.0)])
    assert line.text == "性别：男"
    assert line.confidence == pytest.approx((1.0 * 3 + 0.5 * 1) / 4)


def test_an_empty_result_has_zero_confidence():
    assert build_result([]).confidence == 0.0
