"""Secrets an installation makes for itself on first start, kept in files only its owner can read.

There is no built-in default key: a key known from the source code protects nothing. The embedded default
generates its keys under DOCARCHIVE_HOME/keys (0700; files 0600); a scale deployment, where several hosts must
agree, is given its keys (DOCARCHIVE_ID_HASH_KEY) and refuses to start without them.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from docarchive.domain.errors import InvalidInput

KEY_DIRECTORY = "keys"


def installation_key(home: Path, name: str) -> str:
    """The key `name` of this installation, made (256 random bits) the first time it is asked for."""
    folder = home / KEY_DIRECTORY
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{name}.key"
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read(path)
    with os.fdopen(descriptor, "w") as out:  # O_EXCL: two first starts racing agree on one key
        out.write(secrets.token_hex(32) + "\n")
    return _read(path)


def _read(path: Path) -> str:
    key = path.read_text().strip()
    if len(key) < 32:
        raise InvalidInput(f"the key in {path} is too short (at least 32 characters); delete it to make a new one")
    return key


def own_only(home: Path) -> None:
    """Files the process makes from now on are its owner's alone; the store's folder too."""
    os.umask(0o077)
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    home.chmod(0o700)


DATA_KEYS = "data"  # home/keys/data/<key id>.key, and `current` naming the one that encrypts
_CURRENT = "current"


def data_keys(home: Path) -> tuple[dict[str, bytes], str]:
    """This installation's data keys and the current one; the first key is made on first start."""
    folder = _data_folder(home)
    if not (folder / _CURRENT).exists():
        _make_current(folder)
    current = (folder / _CURRENT).read_text().strip()
    keys = {path.stem: _key_bytes(path) for path in folder.glob("*.key")}
    if current not in keys:
        raise InvalidInput(f"the current data key {current} is missing from {folder}: restore it from a backup")
    return keys, current


def start_rotation(home: Path) -> str:
    """A new data key becomes current; the older ones stay until everything is encrypted with it."""
    return _make_current(_data_folder(home))


def retire_data_keys(home: Path, *, keep: str) -> list[str]:
    """Delete every data key but `keep` (once nothing is encrypted with them); return their ids."""
    retired = [path for path in _data_folder(home).glob("*.key") if path.stem != keep]
    for path in retired:
        path.unlink()
    return sorted(path.stem for path in retired)


def parse_data_keys(given: list[str]) -> tuple[dict[str, bytes], str]:
    """`DOCARCHIVE_DATA_KEYS` entries `<key id>:<64 hex>`, the current key first."""
    keys: dict[str, bytes] = {}
    for entry in given:
        key_id, _, value = entry.partition(":")
        try:
            keys[key_id.strip()] = bytes.fromhex(value.strip())
        except ValueError:
            raise InvalidInput(f"data key {key_id!r}: the key must be 64 hex characters") from None
    if not keys:
        raise InvalidInput("DOCARCHIVE_DATA_KEYS is empty")
    return keys, next(iter(keys))


def _data_folder(home: Path) -> Path:
    folder = home / KEY_DIRECTORY / DATA_KEYS
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _make_current(folder: Path) -> str:
    key_id = secrets.token_hex(4)
    descriptor = os.open(folder / f"{key_id}.key", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(secrets.token_hex(32) + "\n")
        out.flush()
        os.fsync(out.fileno())
    pointer = folder / f".{_CURRENT}.{key_id}"  # written whole, then renamed over the old pointer
    descriptor = os.open(pointer, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(key_id + "\n")
    os.replace(pointer, folder / _CURRENT)
    return key_id


def _key_bytes(path: Path) -> bytes:
    try:
        key = bytes.fromhex(path.read_text().strip())
    except ValueError:
        raise InvalidInput(f"the data key in {path} is not hex") from None
    if len(key) != 32:
        raise InvalidInput(f"the data key in {path} is not 256 bits")
    return key
