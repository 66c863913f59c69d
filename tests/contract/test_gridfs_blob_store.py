"""What the GridFS blob store adds to the contract: damage found in the chunks, races, abandoned uploads."""

from __future__ import annotations

import hashlib
import threading
from datetime import UTC, datetime, timedelta

import pytest

from docarchive.domain.errors import BackendUnavailable, Conflict

pytest.importorskip("pymongo")
from bson.binary import Binary  # noqa: E402

from docarchive.adapters.blobs.gridfs import GridFsBlobStore  # noqa: E402

CHUNK_SIZE = 255 * 1024  # small chunks: multi-chunk files stay cheap to make

TWO_HOURS_AGO = datetime.now(UTC) - timedelta(hours=2)


@pytest.fixture
def store(mongo_database):
    url, database = mongo_database
    store = GridFsBlobStore(url, database=database, chunk_size=CHUNK_SIZE)
    yield store
    store.close()


@pytest.fixture
def chunks(store, mongo_database):
    """The bucket's chunks collection, to damage or abandon uploads by hand."""
    return store.client[mongo_database[1]]["originals.chunks"]


def scan(size: int) -> bytes:
    return bytes((n * 7 + n // 251) % 256 for n in range(size))


def test_a_damaged_chunk_is_detected_on_read(store, chunks):
    key = store.put(b"original bytes")
    chunks.update_one({"files_id": key, "n": 0}, {"$set": {"data": Binary(b"Original bytes")}})
    with pytest.raises(Conflict, match="damaged"):
        store.get(key)


def test_a_missing_chunk_is_detected_on_read(store, chunks):
    key = store.put(scan(CHUNK_SIZE * 2 + 10))
    chunks.delete_one({"files_id": key, "n": 1})
    with pytest.raises(Conflict, match="damaged"):
        store.get(key)


def test_a_blob_of_several_chunks_comes_back_whole(store, chunks):
    data = scan(CHUNK_SIZE * 2 + 10)
    key = store.put(data)
    assert store.get(key) == data
    assert chunks.count_documents({"files_id": key}) == 3
    assert store.local_path(key) is None


def test_racing_puts_of_the_same_bytes_store_one_file(store, chunks):
    data = scan(CHUNK_SIZE * 3)
    keys: list[str] = []
    start = threading.Barrier(8)

    def put():
        start.wait(timeout=30)
        keys.append(store.put(data))

    threads = [threading.Thread(target=put) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert keys == [hashlib.sha256(data).hexdigest()] * 8
    assert list(store.keys()) == keys[:1] and store.get(keys[0]) == data
    assert chunks.count_documents({"files_id": keys[0]}) == 3


def abandon_upload(chunks, data: bytes, *, written: datetime, chunks_written: int | None = None) -> str:
    """What a put killed before its files document leaves behind: some or all of its chunks."""
    key = hashlib.sha256(data).hexdigest()
    for n, offset in list(enumerate(range(0, len(data), CHUNK_SIZE)))[:chunks_written]:
        chunks.insert_one({"files_id": key, "n": n, "data": Binary(data[offset : offset + CHUNK_SIZE]),
                           "written": written})
    return key


def test_abandoned_uploads_older_than_the_cutoff_are_removed(store, chunks):
    kept = store.put(b"whole")
    stale = abandon_upload(chunks, scan(CHUNK_SIZE + 1), written=TWO_HOURS_AGO)
    fresh = abandon_upload(chunks, b"being written", written=datetime.now(UTC))
    assert store.remove_stale_temp_files(3600) == 1
    assert chunks.count_documents({"files_id": stale}) == 0
    assert chunks.count_documents({"files_id": fresh}) == 1 and store.get(kept) == b"whole"


def test_a_put_completes_an_abandoned_upload_of_the_same_bytes(store, chunks):
    data = scan(CHUNK_SIZE + 1)
    key = abandon_upload(chunks, data, written=TWO_HOURS_AGO, chunks_written=1)
    assert not store.exists(key) and store.put(data) == key
    assert store.get(key) == data
    assert store.remove_stale_temp_files(3600) == 0


def test_a_deleted_blob_leaves_no_chunks(store, chunks):
    key = store.put(scan(CHUNK_SIZE + 1))
    store.delete(key)
    assert chunks.count_documents({"files_id": key}) == 0 and not store.exists(key)


def test_an_unreachable_server_is_backend_unavailable():
    with pytest.raises(BackendUnavailable, match="unreachable"):
        GridFsBlobStore("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300")


def test_chunks_are_keyed_by_file_and_number(store, chunks):
    key = store.put(scan(CHUNK_SIZE + 1))
    assert sorted(row["_id"] for row in chunks.find({"files_id": key})) == [f"{key}:0", f"{key}:1"]


def test_a_file_another_gridfs_writer_stored_is_read(store, mongo_database):
    from gridfs import GridFSBucket

    data = scan(CHUNK_SIZE * 2 + 3)
    key = hashlib.sha256(data).hexdigest()
    bucket = GridFSBucket(store.client[mongo_database[1]], bucket_name="originals", chunk_size_bytes=CHUNK_SIZE)
    bucket.upload_from_stream_with_id(key, key, data)  # chunks under ObjectIds
    assert store.exists(key) and store.get(key) == data
