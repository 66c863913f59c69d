"""The change log's pure rules: what counts as a change, and the required reason."""

import pytest

from docarchive.domain.errors import InvalidInput
from docarchive.domain.history import diff, required_reason


def test_only_fields_that_differ_are_recorded_with_both_values():
    before = {"grade": "B", "name": "甲", "region": {"city": "杭州市"}}
    after = {"grade": "A", "name": "甲", "industry": "制造业", "region": {"city": "宁波市"}}
    assert diff(before, after) == {"grade": ["B", "A"], "region": [{"city": "杭州市"}, {"city": "宁波市"}],
                                   "industry": [None, "制造业"]}


def test_a_removed_field_is_recorded_as_becoming_none():
    assert diff({"grade": "B"}, {}) == {"grade": ["B", None]}


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_change_without_a_reason_is_refused(reason):
    with pytest.raises(InvalidInput, match="reason"):
        required_reason(reason)


def test_a_reason_is_kept_on_one_line():
    assert required_reason("  年度\n评级 ") == "年度 评级"
