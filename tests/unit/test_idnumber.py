"""docarchive.domain.idnumber: resident ID numbers (GB 11643)."""

from __future__ import annotations

from datetime import date

from docarchive.domain import idnumber

VALID = "11010519491231002X"  # the standard's own example
VALID_MAN = "330106198503070016"
VALID_WOMAN = "320583199206150121"


def test_check_character_follows_mod_11_2():
    assert idnumber.check_char("11010519491231002") == "X"


def test_a_valid_number_is_valid():
    assert idnumber.is_valid(VALID)


def test_a_wrong_check_character_is_invalid():
    assert not idnumber.is_valid("110105194912310021")


def test_a_lower_case_x_is_accepted_and_upper_cased():
    assert idnumber.parse("11010519491231002x").value == VALID


def test_blanks_inside_the_number_are_dropped():
    assert idnumber.parse("110105 19491231 002X").value == VALID


def test_full_width_x_is_read():
    assert idnumber.parse("11010519491231002Ｘ").value == VALID


def test_birth_date_comes_from_digits_seven_to_fourteen():
    assert idnumber.parse(VALID).birth_date == date(1949, 12, 31)


def test_odd_seventeenth_digit_is_a_man():
    assert idnumber.parse(VALID_MAN).sex == "男"


def test_even_seventeenth_digit_is_a_woman():
    assert idnumber.parse(VALID_WOMAN).sex == "女"


def test_an_impossible_birth_date_is_invalid_even_with_the_right_check_character():
    first17 = "11010519490231002"  # 31 February
    number = first17 + idnumber.check_char(first17)
    assert idnumber.parse(number).birth_date is None
    assert not idnumber.is_valid(number)


def test_a_number_of_the_wrong_length_is_invalid():
    assert not idnumber.is_valid("11010519491231002")


def test_letters_inside_the_number_are_invalid():
    assert not idnumber.is_valid("1101051949123100AX")


def test_masked_hides_the_birth_date():
    assert idnumber.parse(VALID).masked == "110105********002X"


def test_masked_hides_a_short_number_entirely():
    assert idnumber.parse("1234").masked == "****"
