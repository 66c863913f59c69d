"""The AccountStore port, on every backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from docarchive.domain.accounts import Token, User
from docarchive.domain.errors import Conflict, StaleVersion

NOW = datetime(2026, 5, 6, 9, 30, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "mongo"])
def accounts(request, tmp_path):
    if request.param == "sqlite":
        from docarchive.adapters.accounts.sqlite import SqliteAccountStore

        store = SqliteAccountStore(tmp_path / "records.sqlite3")
    else:
        url, database = request.getfixturevalue("mongo_database")
        from docarchive.adapters.accounts.mongo import MongoAccountStore

        store = MongoAccountStore(url, database=database)
    yield store
    store.close()


def user(name="王芳", **extra):
    return User(name=name, roles=("archivist", "staff"), department="档案室", password_hash="$argon2id$x",
                created_at=NOW, **extra)


def test_a_user_reads_back_as_stored(accounts):
    accounts.add_user(user(locked_until=NOW + timedelta(minutes=5)))
    found = accounts.find_user("王芳")
    assert found == user(locked_until=NOW + timedelta(minutes=5))
    assert accounts.find_user("nobody") is None and accounts.count_users() == 1


def test_a_name_is_taken_once(accounts):
    accounts.add_user(user())
    with pytest.raises(Conflict):
        accounts.add_user(user())


def test_a_stale_update_is_refused(accounts):
    accounts.add_user(user())
    first, second = accounts.find_user("王芳"), accounts.find_user("王芳")
    first.disabled = True
    accounts.update_user(first)
    second.department = "销售部"
    with pytest.raises(StaleVersion):
        accounts.update_user(second)
    assert accounts.find_user("王芳").disabled and accounts.find_user("王芳").version == 2


def test_users_are_listed_by_name(accounts):
    for name in ("zhao", "li", "wang"):
        accounts.add_user(user(name))
    assert [u.name for u in accounts.list_users()] == ["li", "wang", "zhao"]


def test_tokens_are_found_by_digest_and_revoked_singly_or_all(accounts):
    for digest, name in (("a" * 64, "wang"), ("b" * 64, "wang"), ("c" * 64, "li")):
        accounts.add_token(Token(digest, name, "session", NOW, NOW + timedelta(hours=1)))
    accounts.revoke_token("a" * 64)
    assert accounts.find_token("a" * 64).revoked and not accounts.find_token("b" * 64).revoked
    assert accounts.revoke_tokens_of("wang") == 1
    assert accounts.find_token("b" * 64).revoked and not accounts.find_token("c" * 64).revoked
    assert accounts.find_token("d" * 64) is None
