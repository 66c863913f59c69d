"""Users and their tokens. Kept apart from the records' unit of work: signing in writes (failure counts,
tokens) on every attempt, and must not wait for, or roll back with, a change to the archive."""

from __future__ import annotations

from typing import Protocol

from docarchive.domain.accounts import Token, User


class AccountStore(Protocol):
    def add_user(self, user: User) -> None:
        """Raise Conflict when the name is taken."""
        ...

    def find_user(self, name: str) -> User | None: ...

    def update_user(self, user: User) -> None:
        """Write back a changed user; raise StaleVersion if it changed since it was read (bumps version)."""
        ...

    def list_users(self) -> list[User]:
        """Every user, by name."""
        ...

    def count_users(self) -> int: ...

    def add_token(self, token: Token) -> None: ...

    def find_token(self, digest: str) -> Token | None: ...

    def revoke_token(self, digest: str) -> None: ...

    def revoke_tokens_of(self, user: str) -> int:
        """Revoke every token of a user (password change, disabling); how many were live."""
        ...

    def close(self) -> None: ...
