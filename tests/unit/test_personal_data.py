"""Masking ID numbers for people who may not see them (domain/personal_data.py)."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from docarchive.domain.personal_data import contains_id_number, mask_id_number, mask_id_numbers_in, mask_personal_data
from docarchive.domain.personal_data import may_reveal, rendered_may_hold_id_numbers


def test_an_id_number_keeps_its_region_and_last_four():
    assert mask_id_number("110105199001011234") == "110105********1234"
    assert mask_id_number("110105900101123") == "110105*****1123"
    assert mask_id_number("12345") == "*****" and mask_id_number(None) is None


def test_id_numbers_inside_text_are_masked_also_with_ocr_spaces():
    text = "身份证号码：110105 19900101 123X，电话 13812345678"
    assert mask_id_numbers_in(text) == "身份证号码：110105 ******** 123X，电话 13812345678"


def test_a_highlight_inside_an_id_number_does_not_keep_it_from_the_mask():
    snippet = "号码 3101<mark>0419850307</mark>9225 与 <mark>310104198503079225</mark>"
    assert mask_id_numbers_in(snippet) == "号码 3101<mark>04********</mark>9225 与 <mark>310104********9225</mark>"


def test_longer_numbers_and_codes_are_not_taken_for_id_numbers():
    for text in ("6222021234567890123", "HT110105199001011234", "订单 1101051990010112345"):
        assert mask_id_numbers_in(text) == text and not contains_id_number(text)


def test_a_response_is_masked_through_and_through_and_left_unchanged():
    response = {"fields": {"id_number": "110105X", "phone": "13812345678"},
                "pages": [{"text": "号码 110105199001011234"}], "n": 18}
    masked = mask_personal_data(response)
    assert masked == {"fields": {"id_number": "*******", "phone": "13812345678"},
                      "pages": [{"text": "号码 110105********1234"}], "n": 18}
    assert response["pages"][0]["text"] == "号码 110105199001011234"


def test_only_archivists_and_directors_may_see_id_numbers_in_full():
    assert may_reveal(("archivist",)) and may_reveal(("staff", "director"))
    assert not any(may_reveal((role,)) for role in ("staff", "manager", "auditor", "admin", "security"))


def test_a_change_to_an_id_number_is_masked_before_and_after_whatever_it_looks_like():
    change = {"changes": {"id_number": {"before": "1101051990", "after": "110105199001011234"}}}
    assert mask_personal_data(change) == {"changes": {"id_number": {"before": "**********",
                                                                     "after": "110105********1234"}}}


# Text made of what ID numbers and the things around them are made of: digits (full-width too), X, single
# spaces, highlight tags, separators JSON escapes, and a little Chinese.
_PIECES = st.sampled_from(["1", "0", "9", "１", "X", "x", " ", "  ", "<mark>", "</mark>", "\n", "\"", "-", "号"])
_TEXT = st.lists(_PIECES, max_size=60).map("".join)
_JSON = st.recursive(st.none() | st.integers() | _TEXT,
                     lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.sampled_from(["text", "id_number", "snippets", "n"]), inner, max_size=4),
                     max_leaves=12)


@given(_JSON)
def test_an_answer_whose_rendering_holds_no_id_number_look_alike_needs_no_mask(value):
    """The masked response's shortcut (api/masking.py) is sound: whatever it lets through unwalked, the walk
    would have left unchanged."""
    rendered = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if not rendered_may_hold_id_numbers(rendered):
        assert mask_personal_data(value) == value


def test_an_id_number_in_any_answer_is_seen_by_the_shortcut():
    for value in ({"snippets": ["号码 3101<mark>0419850307</mark>9225"]}, {"id_number": "110105X"},
                  ["110105 19900101 123X"], {"text": "１１０１０５１９９００１０１１２３Ｘ"}):
        assert rendered_may_hold_id_numbers(json.dumps(value, ensure_ascii=False))
