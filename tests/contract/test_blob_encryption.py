"""The BlobStore contract for encryption at rest, on every backend: originals are stored encrypted, read back
byte for byte, and re-encrypted by a rotation (also those stored in plain before encryption)."""

from __future__ import annotations

import os

from docarchive.adapters.crypto.aesgcm import AesGcmCipher
from tests.sealing import KEYS, NEW_KEY, cipher_for_tests

SCAN = b"%PDF-1.4 ID 11010519491231002X " + os.urandom(64) + b" end"


def test_an_original_is_stored_encrypted_and_read_back_byte_for_byte(blob_store):
    sha256 = blob_store.put(SCAN)
    assert blob_store.get(sha256) == SCAN and blob_store.is_current(sha256)
    assert b"11010519491231002X" not in _stored(blob_store, sha256)


def test_a_rotation_re_encrypts_an_original_once(blob_store):
    sha256 = blob_store.put(SCAN)
    blob_store.cipher = AesGcmCipher(dict(KEYS), NEW_KEY)
    assert not blob_store.is_current(sha256)
    assert blob_store.reseal(sha256) and not blob_store.reseal(sha256)
    blob_store.cipher = cipher_for_tests(NEW_KEY)  # the old key retired: still readable
    assert blob_store.get(sha256) == SCAN


def test_an_original_stored_in_plain_before_encryption_is_read_and_then_encrypted(blob_store):
    cipher, blob_store.cipher = blob_store.cipher, None
    sha256 = blob_store.put(SCAN)
    blob_store.cipher = cipher
    assert blob_store.get(sha256) == SCAN and not blob_store.is_current(sha256)
    assert blob_store.reseal(sha256) and blob_store.get(sha256) == SCAN
    assert b"11010519491231002X" not in _stored(blob_store, sha256)


def _stored(blob_store, sha256: str) -> bytes:
    return blob_store._read(sha256)
