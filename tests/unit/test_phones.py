"""Phone numbers: mobiles, landlines with area codes, hotlines; one canonical form each."""

import pytest

from docarchive.domain.phones import normalize_email, normalize_phone


@pytest.mark.parametrize("raw, canonical", [
    ("138 1234 5678", "13812345678"),
    ("+86 138-1234-5678", "13812345678"),
    ("021-65432100", "021-65432100"),
    ("02165432100", "021-65432100"),
    ("(0755)86001234", "0755-86001234"),
    ("010 8888 8888 转 123", "010-88888888-123"),
    ("400-800-1234", "400-800-1234"),
    ("０２１－６５４３２１００", "021-65432100"),
])
def test_valid_numbers_get_one_canonical_form(raw, canonical):
    assert normalize_phone(raw) == canonical


@pytest.mark.parametrize("raw", ["12345", "12812345678", "1381234567", "021-1234", "65432100", "电话"])
def test_invalid_numbers_are_refused(raw):
    assert normalize_phone(raw) is None


def test_email_addresses_are_checked_for_shape():
    assert normalize_email(" li@example.com.cn ") == "li@example.com.cn"
    assert normalize_email("li@example") is None
