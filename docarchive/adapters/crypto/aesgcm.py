"""FieldCipher with AES-256-GCM (`cryptography`).

A ciphertext is MAGIC, the key id (8 ASCII characters), a 96-bit random nonce, then the sealed bytes with
their 128-bit tag. The key id is authenticated with the plaintext (associated data), so a ciphertext cannot
be passed off as another key's.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from docarchive.domain.errors import InvalidInput

MAGIC = b"DAE1"  # docarchive, encrypted, format 1
KEY_ID_LENGTH = 8
_NONCE = 12
_HEADER = len(MAGIC) + KEY_ID_LENGTH


class AesGcmCipher:
    def __init__(self, keys: dict[str, bytes], current: str):
        if current not in keys:
            raise InvalidInput(f"the current data key {current!r} is not among the keys given")
        for key_id, key in keys.items():
            _check_key(key_id, key)
        self._keys = {key_id: AESGCM(key) for key_id, key in keys.items()}
        self._current = current

    @property
    def current_key_id(self) -> str:
        return self._current

    @property
    def key_ids(self) -> tuple[str, ...]:
        return (self._current, *(key_id for key_id in self._keys if key_id != self._current))

    def encrypt(self, plaintext: bytes) -> bytes:
        nonce = os.urandom(_NONCE)
        key_id = self._current.encode()
        return MAGIC + key_id + nonce + self._keys[self._current].encrypt(nonce, plaintext, key_id)

    def decrypt(self, ciphertext: bytes) -> bytes:
        key_id = self.key_id_of(ciphertext)
        if key_id is None:
            raise InvalidInput("not a docarchive ciphertext")
        aead = self._keys.get(key_id)
        if aead is None:
            raise InvalidInput(f"data key {key_id} is not held: give it back (it was retired too early?)")
        nonce = ciphertext[_HEADER:_HEADER + _NONCE]
        try:
            return aead.decrypt(nonce, ciphertext[_HEADER + _NONCE:], key_id.encode())
        except InvalidTag:
            raise InvalidInput("a stored ciphertext fails its authentication: altered or damaged") from None

    def key_id_of(self, ciphertext: bytes) -> str | None:
        if len(ciphertext) < _HEADER + _NONCE + 16 or not ciphertext.startswith(MAGIC):
            return None
        return ciphertext[len(MAGIC):_HEADER].decode("ascii", errors="replace")


def _check_key(key_id: str, key: bytes) -> None:
    if len(key_id) != KEY_ID_LENGTH or not key_id.isascii() or not key_id.isalnum():
        raise InvalidInput(f"a data key id is {KEY_ID_LENGTH} letters or digits, not {key_id!r}")
    if len(key) != 32:
        raise InvalidInput(f"data key {key_id} must be 32 bytes (64 hex characters), not {len(key)}")
