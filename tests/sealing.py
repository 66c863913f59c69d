"""A cipher and sealer with fixed test keys, for tests that build stores directly (bootstrap makes real ones)."""

from __future__ import annotations

from docarchive.adapters.crypto.aesgcm import AesGcmCipher
from docarchive.adapters.records._sealing import PersonalDataSealer
from docarchive.search.plan import IdNumberHasher

OLD_KEY, NEW_KEY = "testkey1", "testkey2"
KEYS = {OLD_KEY: bytes(range(32)), NEW_KEY: bytes(range(32, 64))}


def cipher_for_tests(current: str = OLD_KEY, *, keys: tuple[str, ...] | None = None) -> AesGcmCipher:
    held = {key_id: KEYS[key_id] for key_id in (keys or (current,))}
    return AesGcmCipher(held, current)


def sealer_for_tests(cipher: AesGcmCipher | None = None) -> PersonalDataSealer:
    return PersonalDataSealer(cipher or cipher_for_tests(), IdNumberHasher("test-hash-key-" + "0" * 32).key_for)
