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
