"""Encryption at rest: what the stores need to keep personal data unreadable in their files.

A cipher holds the installation's data keys: one current key that encrypts, and older ones kept only until a
rotation (`docarchive keys rotate`) has re-encrypted everything with the current one. Each ciphertext names
the key that made it, so any of them can be read while a rotation is under way.
"""

from __future__ import annotations

import hashlib
from typing import Protocol

from docarchive.domain.errors import Conflict


class FieldCipher(Protocol):
    @property
    def current_key_id(self) -> str:
        """The key new ciphertexts are made with."""
        ...

    @property
    def key_ids(self) -> tuple[str, ...]:
        """Every key this cipher can decrypt with, the current one first."""
        ...

    def encrypt(self, plaintext: bytes) -> bytes:
        """A ciphertext (authenticated, random nonce) that names the current key."""
        ...

    def decrypt(self, ciphertext: bytes) -> bytes:
        """The plaintext; raise InvalidInput if the ciphertext was altered or its key is not held."""
        ...

    def key_id_of(self, ciphertext: bytes) -> str | None:
        """The key a ciphertext was made with; None for bytes this cipher did not make (stored in plain)."""
        ...


# What every user of a cipher does with bytes at rest (blob stores, the page cache).
def seal_blob(cipher: FieldCipher | None, data: bytes) -> bytes:
    return cipher.encrypt(data) if cipher is not None else data


def open_blob(cipher: FieldCipher | None, stored: bytes, sha256: str | None = None) -> bytes:
    """The plain bytes (checked against their SHA-256 when given). Bytes stored in plain, before encryption was
    turned on, are read as they are until `docarchive keys rotate` encrypts them."""
    data = stored
    if cipher is not None and cipher.key_id_of(stored) is not None:
        data = cipher.decrypt(stored)
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        raise Conflict(f"stored file {sha256} is damaged: its bytes no longer match their hash")
    return data


def is_current_blob(cipher: FieldCipher | None, stored: bytes) -> bool:
    """Whether the stored bytes are as a put would write them now (encrypted with the current key)."""
    return cipher is None or cipher.key_id_of(stored) == cipher.current_key_id


def resealed_blob(cipher: FieldCipher | None, stored: bytes, sha256: str) -> bytes | None:
    """The stored bytes encrypted again with the current key, or None when they already are."""
    if is_current_blob(cipher, stored):
        return None
    return seal_blob(cipher, open_blob(cipher, stored, sha256))
