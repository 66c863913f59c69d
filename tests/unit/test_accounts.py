"""Account rules: names, roles kept apart (三员分立), passwords people can follow, lockout, token life."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from docarchive.domain.accounts import MAX_FAILURES, Token, User, check_password, check_roles, check_user_name
from docarchive.domain.errors import InvalidInput

NOW = datetime(2026, 5, 6, 9, 30, tzinfo=UTC)


def test_administrator_security_officer_and_auditor_are_separate_people():
    with pytest.raises(InvalidInput, match="三员分立"):
        check_roles(["admin", "auditor"])
    assert check_roles(["archivist", "staff", "archivist"]) == ("archivist", "staff")


@pytest.mark.parametrize("roles", [[], ["root"]])
def test_a_user_has_known_roles(roles):
    with pytest.raises(InvalidInput):
        check_roles(roles)


@pytest.mark.parametrize("password", ["short1", "onlyletterslong", "1234567890123", "wangfang2026x"])
def test_weak_passwords_are_refused_with_the_rule(password):
    with pytest.raises(InvalidInput):
        check_password(password, user="wangfang")


def test_a_password_of_letters_and_digits_passes():
    assert check_password("档案室钥匙2026号", user="wangfang") == "档案室钥匙2026号"


@pytest.mark.parametrize("name", ["", "a b", "x" * 65, "a/b", "me@corp"])
def test_user_names_are_plain(name):
    with pytest.raises(InvalidInput):
        check_user_name(name)


def test_repeated_failures_lock_the_account_for_a_while():
    user = User("wang", ("archivist",))
    for _ in range(MAX_FAILURES):
        user.failed_sign_in(NOW)
    assert user.locked(NOW + timedelta(minutes=14)) and not user.locked(NOW + timedelta(minutes=16))


def test_a_session_token_expires_and_a_revoked_one_is_dead():
    token = Token("d", "wang", "session", NOW, NOW + timedelta(hours=1))
    assert token.valid(NOW) and not token.valid(NOW + timedelta(hours=1))
    token.revoked = True
    assert not token.valid(NOW)
