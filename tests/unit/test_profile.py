"""Customer profile validation: canonical values in, one clear reason per bad field."""

from __future__ import annotations

from datetime import date

import pytest

from docarchive.domain.profile import ProfileInvalid, apply_profile, lenient_profile, split_fields, validate_fields


def _errors(raw: dict) -> dict[str, str]:
    with pytest.raises(ProfileInvalid) as raised:
        validate_fields(raw)
    return raised.value.errors


def test_values_as_people_write_them_are_stored_in_canonical_form():
    cleaned = validate_fields({
        "grade": "b级", "type": "企业", "role": "经销商", "status": "合作中", "registered_capital": "500万",
        "founded_on": "2019年3月15日", "first_trade_on": date(2020, 1, 2), "tax_number": "91350100m000100y43",
        "region": "浙江省杭州市西湖区", "contacts": [{"name": "张三", "phones": "138 1234 5678", "email": "z@ex.com"}],
        "evaluation": {"value": "4", "loyalty": 5, "credit_rating": "aa+", "evaluated_on": "2026-01-05"},
    })
    assert cleaned == {
        "grade": "B", "type": "enterprise", "role": "dealer", "status": "active", "registered_capital": 5_000_000,
        "founded_on": "2019-03-15", "first_trade_on": "2020-01-02", "tax_number": "91350100M000100Y43",
        "region": {"province": "浙江省", "city": "杭州市", "district": "西湖区"},
        "contacts": [{"name": "张三", "phones": ["13812345678"], "email": "z@ex.com"}],
        "evaluation": {"value": 4, "loyalty": 5, "credit_rating": "AA+", "evaluated_on": "2026-01-05"},
    }


def test_each_bad_field_gets_its_own_reason():
    errors = _errors({"grade": "F", "status": "sleeping", "founded_on": "2023-02-30", "foo": 1,
                      "tax_number": "91350100M000100Y44", "id_number": "110101199003071234"})
    assert set(errors) == {"grade", "status", "founded_on", "foo", "tax_number", "id_number"}
    assert "A to E" in errors["grade"] and "check character" in errors["tax_number"]
    assert errors["foo"] == "unknown field"


def test_errors_inside_contacts_and_evaluation_name_the_exact_place():
    errors = _errors({"contacts": [{"name": "张三", "phones": ["13812345678", "12345"]}, {"title": "经理"}],
                      "evaluation": {"loyalty": 9}})
    assert set(errors) == {"contacts[0].phones[1]", "contacts[1].name", "evaluation.loyalty"}


def test_a_valid_id_number_is_accepted_and_a_wrong_check_character_is_not():
    assert validate_fields({"id_number": "11010519491231002x"}) == {"id_number": "11010519491231002X"}
    assert "check character" in _errors({"id_number": "110105194912310021"})["id_number"]


def test_blank_values_clear_fields_and_apply_removes_them():
    cleaned = validate_fields({"industry": "", "grade": "A"})
    attributes, profile = split_fields({**cleaned, "name": "甲"})
    assert attributes == {"name": "甲"}
    assert apply_profile({"industry": "制造业", "grade": "B"}, profile) == {"grade": "A"}


def test_lenient_validation_keeps_the_good_fields_of_an_ocr_card():
    kept, dropped = lenient_profile({"grade": "B级", "address": "上海市", "registered_capital": "不详"})
    assert kept == {"grade": "B", "address": "上海市"}
    assert set(dropped) == {"registered_capital"}


def test_the_error_message_lists_every_field():
    with pytest.raises(ProfileInvalid) as raised:
        validate_fields({"grade": "Z", "email": "x"})
    assert str(raised.value).startswith("invalid fields: email: unknown field; grade:")
    assert raised.value.status_code == 422
