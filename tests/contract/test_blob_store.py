"""The BlobStore contract: content-addressed, atomic, verified on read."""

from __future__ import annotations

import hashlib

import pytest

from docarchive.domain.errors import Conflict, InvalidInput, NotFound


def test_bytes_come_back_byte_for_byte_under_their_sha256(blob_store):
    data = b"%PDF-1.7 \x00\xff scanned contract"
    key = blob_store.put(data)
    assert key == hashlib.sha256(data).hexdigest()
    assert blob_store.get(key) == data
    assert blob_store.exists(key)


def test_storing_the_same_bytes_twice_keeps_one_copy(blob_store):
    assert blob_store.put(b"same") == blob_store.put(b"same")
    assert list(blob_store.keys()) == [hashlib.sha256(b"same").hexdigest()]


def test_an_absent_blob_is_not_found(blob_store):
    with pytest.raises(NotFound):
        blob_store.get("0" * 64)


def test_a_malformed_key_is_refused(blob_store):
    with pytest.raises(InvalidInput):
        blob_store.get("../../etc/passwd")


def test_deleted_blobs_are_gone(blob_store):
    key = blob_store.put(b"to go")
    blob_store.delete(key)
    assert not blob_store.exists(key)


def test_damaged_bytes_are_detected_on_read(blob_store):
    key = blob_store.put(b"original bytes")
    path = blob_store.local_path(key)
    if path is None:
        pytest.skip("this backend has no local files to damage")
    with open(path, "r+b") as handle:
        handle.write(b"X")
    with pytest.raises(Conflict):
        blob_store.get(key)


def test_a_blob_knows_when_it_was_written(blob_store):
    import time

    key = blob_store.put(b"dated")
    assert abs(blob_store.modified_at(key) - time.time()) < 60


def test_fresh_temp_files_are_kept_and_none_are_reported_stale(blob_store):
    blob_store.put(b"whole")
    assert blob_store.remove_stale_temp_files(3600) == 0
