"""Activity entry validation as pure logic."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from docarchive.domain.activities import ActivityKind, parse_kind, parse_occurred_at, validate_details
from docarchive.domain.errors import InvalidInput

SHANGHAI = timezone(timedelta(hours=8))
DAY = date(2026, 5, 6)


def test_each_kind_is_filed_in_its_category():
    assert [k.category for k in ActivityKind] == ["沟通记录", "财务往来", "投诉与处理", "沟通记录"]


def test_a_transaction_keeps_exact_decimal_amounts_as_text():
    details = validate_details(ActivityKind.TRANSACTION, {"product": " 机床 ", "quantity": "1,000",
                                                          "amount": 0.1}, DAY)
    assert details == {"product": "机床", "quantity": "1000", "amount": "0.1"}


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "1e20", True, "abc"])
def test_an_amount_that_is_not_a_finite_number_is_refused(amount):
    with pytest.raises(InvalidInput, match="amount"):
        validate_details(ActivityKind.TRANSACTION, {"product": "x", "quantity": 1, "amount": amount}, DAY)


def test_optional_fields_left_blank_are_dropped_and_text_must_be_text():
    assert validate_details(ActivityKind.COMPLAINT, {"content": "噪音", "handling": "  "}, DAY) == {"content": "噪音"}
    with pytest.raises(InvalidInput, match="content must be text"):
        validate_details(ActivityKind.COMPLAINT, {"content": ["噪音"]}, DAY)


def test_overlong_text_is_refused():
    with pytest.raises(InvalidInput, match="longer than"):
        validate_details(ActivityKind.COMPLAINT, {"content": "长" * 5000}, DAY)


def test_a_time_without_a_zone_is_read_in_the_deployments_zone():
    assert parse_occurred_at("2026-05-06T14:30", tz=SHANGHAI) == datetime(2026, 5, 6, 14, 30, tzinfo=SHANGHAI)
    assert parse_occurred_at("2026-05-06", tz=SHANGHAI).hour == 0


def test_an_unknown_kind_names_the_known_ones():
    with pytest.raises(InvalidInput, match="communication, transaction, complaint, review"):
        parse_kind("visit")
