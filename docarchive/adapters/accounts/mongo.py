"""Users and tokens in MongoDB, each keyed by `_id` (name, token digest): the lookups every request makes are
`_id` lookups, which FerretDB v1 also answers from an index."""

from __future__ import annotations

from pymongo.errors import DuplicateKeyError

from docarchive.adapters._mongo import connect, mongo_errors
from docarchive.adapters.accounts.codec import token_from_dict, token_to_dict, user_from_dict, user_to_dict
from docarchive.domain.accounts import Token, User
from docarchive.domain.errors import Conflict, StaleVersion


class MongoAccountStore:
    def __init__(self, url: str, *, database: str = "docarchive"):
        self.client, self.db = connect(url, database)
        self._users, self._tokens = self.db["users"], self.db["tokens"]
        with mongo_errors("create the token index"):
            self._tokens.create_index("user", name="tokens_by_user")

    def add_user(self, user: User) -> None:
        try:
            with mongo_errors("add a user"):
                self._users.insert_one({"_id": user.name, **user_to_dict(user)})
        except DuplicateKeyError:
            raise Conflict(f"user {user.name} exists") from None

    def find_user(self, name: str) -> User | None:
        with mongo_errors("read a user"):
            row = self._users.find_one({"_id": name})
        return user_from_dict(row) if row else None

    def update_user(self, user: User) -> None:
        read = user.version
        user.version = read + 1
        with mongo_errors("update a user"):
            result = self._users.replace_one({"_id": user.name, "version": read},
                                             {"_id": user.name, **user_to_dict(user)})
        if result.matched_count != 1:
            user.version = read
            raise StaleVersion(f"user {user.name} was changed meanwhile; try again")

    def list_users(self) -> list[User]:
        with mongo_errors("list users"):
            return [user_from_dict(row) for row in self._users.find({}, sort=[("_id", 1)])]

    def count_users(self) -> int:
        with mongo_errors("count users"):
            return self._users.count_documents({})

    def add_token(self, token: Token) -> None:
        with mongo_errors("store a token"):
            self._tokens.insert_one({"_id": token.digest, **token_to_dict(token)})

    def find_token(self, digest: str) -> Token | None:
        with mongo_errors("read a token"):
            row = self._tokens.find_one({"_id": digest})
        return token_from_dict(row) if row else None

    def revoke_token(self, digest: str) -> None:
        with mongo_errors("revoke a token"):
            self._tokens.update_one({"_id": digest}, {"$set": {"revoked": True}})

    def revoke_tokens_of(self, user: str) -> int:
        with mongo_errors("revoke a user's tokens"):
            return self._tokens.update_many({"user": user, "revoked": False}, {"$set": {"revoked": True}}).modified_count

    def close(self) -> None:
        self.client.close()
