"""Boxes found on a smaller copy of the page, fitted to the page's own ink (docarchive.adapters.ocr._boxes)."""

from __future__ import annotations

import numpy as np

from docarchive.adapters.ocr._boxes import fitted, ink_map, line_ink, refine_boxes

_H = 30  # line height of the drawn text, px


def _page() -> np.ndarray:
    return np.full((200, 600), 255, np.uint8)


def _glyph(page: np.ndarray, left: int, top: int = 50, width: int = 26, height: int = 27) -> None:
    """A solid block standing for one character."""
    page[top:top + height, left:left + width] = 0


def _quad(left: float, top: float, right: float, bottom: float) -> np.ndarray:
    return np.array([[left, top], [right, top], [right, bottom], [left, bottom]], np.float32)


def _rect(quad: np.ndarray) -> tuple[float, float, float, float]:
    return quad[:, 0].min(), quad[:, 1].min(), quad[:, 0].max(), quad[:, 1].max()


def _line(page: np.ndarray, n: int = 4, left: int = 100) -> None:
    for i in range(n):
        _glyph(page, left + i * 30)


def test_a_box_that_cuts_into_the_ink_is_widened_to_keep_paper_around_it():
    page = _page()
    _line(page)  # ink x 100..216, y 50..77
    box = _quad(104, 53, 212, 74)  # a pixel or three inside the ink on every side
    left, top, right, bottom = _rect(refine_boxes(page, box[None])[0])
    assert left <= 98 and top <= 48 and right >= 218 and bottom >= 79


def test_a_loose_box_is_drawn_in_to_at_most_a_fifth_of_its_height_from_the_ink():
    page = _page()
    _line(page)
    box = _quad(85, 38, 232, 90)  # 12-16 px of paper on each side
    left, top, right, bottom = _rect(refine_boxes(page, box[None])[0])
    slack = 0.2 * (90 - 38)
    assert 100 - slack <= left <= 98 and 50 - slack <= top <= 48
    assert 218 <= right <= 216 + slack and 79 <= bottom <= 77 + slack


def test_a_box_already_fitting_is_left_as_it_is():
    page = _page()
    _line(page)
    box = _quad(96, 46, 220, 81)
    assert np.allclose(refine_boxes(page, box[None])[0], box)


def test_a_trailing_colon_within_a_character_height_joins_the_line():
    page = _page()
    _line(page)  # ends at x 216
    page[56:60, 226:230] = 0  # the colon's two dots, ~10 px after the last character
    page[68:72, 226:230] = 0
    found = line_ink(ink_map(page), (98, 47, 218, 80))
    assert found is not None and found.box[2] == 230


def test_a_small_stroke_inside_the_next_box_is_not_a_trailing_mark():
    page = _page()
    _line(page)  # "金额", ends at x 216
    page[60:70, 236:244] = 0  # the left dot of 小, which the next box begins with
    _glyph(page, 246)
    this, following = _quad(98, 47, 218, 80), _quad(232, 47, 276, 80)
    alone = line_ink(ink_map(page), _rect(this))
    assert alone is not None and alone.box[2] == 244  # with nothing else known it looks like a colon
    refined = refine_boxes(page, np.stack([this, following]))
    assert _rect(refined[0])[2] < 236 and _rect(refined[1])[0] < 236


def test_the_next_words_first_character_stays_out_of_the_box():
    page = _page()
    _line(page)  # ends at x 216
    _glyph(page, 222)  # the next word, 6 px on
    box = _quad(96, 46, 226, 81)  # the small copy's box reaches 4 px into it
    found = line_ink(ink_map(page), _rect(box))
    assert found is not None and found.box[2] == 216 and found.stop_right == 222
    left, top, right, bottom = _rect(fitted(box, found))
    assert 216 < right < 222


def test_a_table_rule_under_the_line_is_not_part_of_it():
    page = _page()
    _line(page)
    page[84:86, 20:580] = 0  # a rule 7 px below the text, running out of the search region
    found = line_ink(ink_map(page), (98, 47, 218, 80))
    assert found is not None and found.box == (100, 50, 216, 77)


def test_the_neighbouring_lines_ink_is_not_part_of_it():
    page = _page()
    _line(page)
    for i in range(4):  # the line above, 10 px of paper between
        _glyph(page, 100 + i * 30, top=13)
    found = line_ink(ink_map(page), (98, 45, 218, 80))
    assert found is not None and found.box[1] == 50


def test_no_ink_near_a_box_leaves_it_as_it_came():
    page = _page()
    page[150:160, 400:420] = 0  # ink elsewhere, so the page has a threshold
    box = _quad(96, 46, 220, 81)
    assert np.allclose(refine_boxes(page, box[None])[0], box)


def test_a_tilted_box_is_left_as_it_came():
    page = _page()
    _line(page)
    box = np.array([[100, 60], [216, 40], [216, 75], [100, 95]], np.float32)
    assert np.allclose(refine_boxes(page, box[None])[0], box)


def test_a_colour_page_is_read_for_ink_like_a_grey_one():
    page = _page()
    _line(page)
    colour = np.dstack([page] * 3)
    box = _quad(104, 53, 212, 74)
    assert np.allclose(refine_boxes(colour, box[None]), refine_boxes(page, box[None]))
