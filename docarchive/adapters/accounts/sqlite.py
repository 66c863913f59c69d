"""Users and tokens in the embedded database (their own tables, their own short transactions)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from docarchive.adapters._sqlite_calls import Readers, write_one
from docarchive.adapters.accounts.codec import token_from_dict, token_to_dict, user_from_dict, user_to_dict
from docarchive.adapters.records._json_text import json_text
from docarchive.adapters.records.sqlite import connect, migrate
from docarchive.domain.accounts import Token, User
from docarchive.domain.errors import Conflict, StaleVersion

MIGRATIONS = [
    """
    CREATE TABLE users (name TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL);
    CREATE TABLE tokens (digest TEXT PRIMARY KEY, user TEXT NOT NULL, body TEXT NOT NULL);
    CREATE INDEX tokens_by_user ON tokens (user);
    """,
]


class SqliteAccountStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._readers = Readers(self.path)
        with closing(connect(self.path)) as conn:
            migrate(conn, MIGRATIONS, component="accounts")

    def add_user(self, user: User) -> None:
        try:
            self._write("INSERT INTO users VALUES (?, ?, ?)", (user.name, user.version, json_text(user_to_dict(user))))
        except sqlite3.IntegrityError:
            raise Conflict(f"user {user.name} exists") from None

    def find_user(self, name: str) -> User | None:
        row = self._read("SELECT body FROM users WHERE name = ?", (name,))
        return user_from_dict(json.loads(row[0])) if row else None

    def update_user(self, user: User) -> None:
        read = user.version
        user.version = read + 1
        changed = self._write("UPDATE users SET version = ?, body = ? WHERE name = ? AND version = ?",
                              (user.version, json_text(user_to_dict(user)), user.name, read))
        if changed != 1:
            user.version = read
            raise StaleVersion(f"user {user.name} was changed meanwhile; try again")

    def list_users(self) -> list[User]:
        rows = self._readers.rows("SELECT body FROM users ORDER BY name", ())
        return [user_from_dict(json.loads(body)) for (body,) in rows]

    def count_users(self) -> int:
        return self._read("SELECT count(*) FROM users", ())[0]

    def add_token(self, token: Token) -> None:
        self._write("INSERT INTO tokens VALUES (?, ?, ?)", (token.digest, token.user, json_text(token_to_dict(token))))

    def find_token(self, digest: str) -> Token | None:
        row = self._read("SELECT body FROM tokens WHERE digest = ?", (digest,))
        return token_from_dict(json.loads(row[0])) if row else None

    def revoke_token(self, digest: str) -> None:
        self._write("UPDATE tokens SET body = json_set(body, '$.revoked', json('true')) WHERE digest = ?", (digest,))

    def revoke_tokens_of(self, user: str) -> int:
        return self._write("UPDATE tokens SET body = json_set(body, '$.revoked', json('true')) "
                           "WHERE user = ? AND json_extract(body, '$.revoked') = 0", (user,))

    def close(self) -> None:
        self._readers.close()  # each write opens and closes its own connection

    def _read(self, sql: str, params: tuple):
        rows = self._readers.rows(sql, params)
        return rows[0] if rows else None

    def _write(self, sql: str, params: tuple) -> int:
        return write_one(self.path, sql, params)
