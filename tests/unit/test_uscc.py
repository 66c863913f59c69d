"""Unified social credit codes (GB 32100): the MOD 31 check character."""

import pytest

from docarchive.domain import uscc


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L", " 9135 0100 M000 100Y43 "])
def test_published_codes_are_valid(code):
    assert uscc.problem(code) is None


def test_a_single_mistyped_character_is_caught():
    assert "check character" in uscc.problem("91350100M000100Y44")


def test_letters_outside_the_alphabet_and_wrong_lengths_are_refused():
    assert "characters" in uscc.problem("91350100M00010OY43")  # O is not in the alphabet
    assert uscc.problem("9135010") == "must be 18 characters, not 7"


def test_the_check_character_is_computed_from_the_first_seventeen():
    assert uscc.check_char("91350100M000100Y4") == "3"
