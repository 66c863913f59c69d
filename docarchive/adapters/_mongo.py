"""What the MongoDB adapters (records, GridFS originals) share: the client, the error translation, a
document shape every MongoDB-wire server stores, and claims, the one way to let exactly one of several
racing writers through that holds on every server."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, Iterator

from bson.errors import InvalidDocument
from pymongo import MongoClient
from pymongo.collection import Collection
from pymongo.database import Database
from pymongo.errors import ConnectionFailure, DuplicateKeyError, PyMongoError, WriteError
from pymongo.uri_parser import parse_uri

from docarchive.domain.errors import BackendUnavailable, Conflict, InvalidInput

# Defaults the URL may override (e.g. ?serverSelectionTimeoutMS=500): fail in seconds, not the driver's 30 s.
_ARRAY = "__array__"  # wraps an array stored directly inside an array
_CLIENT_DEFAULTS = {"serverSelectionTimeoutMS": 5000, "connectTimeoutMS": 5000, "appname": "docarchive"}


def connect(url: str, database: str) -> tuple[MongoClient, Database]:
    """A client whose server has answered ping, and the named database."""
    with mongo_errors("connect to MongoDB"):
        given = {key.lower() for key in parse_uri(url)["options"]}
        options = {key: value for key, value in _CLIENT_DEFAULTS.items() if key.lower() not in given}
        client: MongoClient = MongoClient(url, tz_aware=True, **options)
        try:
            client.admin.command("ping")
        except BaseException:
            client.close()
            raise
    return client, client[database]


@contextmanager
def mongo_errors(action: str) -> Iterator[None]:
    """Translate the driver's errors raised while doing `action` into domain errors with a one-line reason."""
    try:
        yield
    except DuplicateKeyError as exc:  # callers that expect one translate it themselves, more precisely
        raise Conflict(f"cannot {action}: {_one_line(exc)}") from exc
    except (InvalidDocument, OverflowError) as exc:
        raise InvalidInput(f"cannot {action}: MongoDB cannot store it ({_one_line(exc)})") from exc
    except WriteError as exc:
        raise InvalidInput(f"cannot {action}: MongoDB refused the record ({_one_line(exc)})") from exc
    except ConnectionFailure as exc:
        raise BackendUnavailable(f"cannot {action}: MongoDB is unreachable ({_one_line(exc)})") from exc
    except PyMongoError as exc:
        raise BackendUnavailable(f"cannot {action}: MongoDB failed ({_one_line(exc)})") from exc


def _one_line(exc: BaseException) -> str:
    text = str(exc).split(", Timeout: ")[0]  # server selection appends the whole topology description
    text = re.sub(r" \(configured timeouts: [^)]*\)|, full error: .*", "", text, flags=re.S)
    return " ".join(text.split())[:300]


def insert_claim(claims: Collection, key: str) -> bool:
    """Insert `key`; False if it is taken. Of writers racing for one key exactly one gets it: a unique-key
    insert is atomic on every MongoDB-wire server, while conditional updates and $inc are atomic on
    MongoDB but not on FerretDB v1, which reads the matching document and then writes it back by _id."""
    try:
        claims.insert_one({"_id": key, "at": datetime.now(UTC)})
        return True
    except DuplicateKeyError:
        return False


def take_claim(claims: Collection, key: str, *, abandoned_after: timedelta) -> bool:
    """Like insert_claim, for a claim its holder releases within moments: one older than `abandoned_after`
    was left by a killed writer and is taken over."""
    if insert_claim(claims, key):
        return True
    abandoned = {"_id": key, "at": {"$lt": datetime.now(UTC) - abandoned_after}}
    return claims.delete_one(abandoned).deleted_count == 1 and insert_claim(claims, key)


def to_bson(value: Any, *, in_array: bool = False) -> Any:
    """FerretDB refuses an array directly inside an array (MongoDB takes it): wrap such arrays, on every
    server, so one stored shape works on both."""
    if isinstance(value, dict):
        return {key: to_bson(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        items = [to_bson(item, in_array=True) for item in value]
        return {_ARRAY: items} if in_array else items
    return value


def from_bson(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: from_bson(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unwrap(from_bson(item)) for item in value]
    return value


def _unwrap(item: Any) -> Any:
    return item[_ARRAY] if isinstance(item, dict) and item.keys() == {_ARRAY} else item
