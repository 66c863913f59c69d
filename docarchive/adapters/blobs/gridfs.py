"""Original files in MongoDB GridFS, one GridFS file per original with `_id` = the SHA-256 of its bytes.

The layout is standard GridFS (bucket `originals`: `originals.files` + `originals.chunks`), so any driver's
GridFS reads it. Uploads are written here rather than by the driver's GridIn (which fails with FileExists
on the chunks a killed writer left, until they are swept), to make them idempotent: the chunks of given
bytes are the same whoever writes them, so each chunk is upserted by (files_id, n) and the files document
goes last. Two writers of the same bytes then both succeed (the second files insert is
a duplicate key: the bytes are there), and a writer killed half-way leaves chunks that the next put of the
same bytes completes, or that `remove_stale_temp_files` sweeps. Readers never see a partial file: a file
exists once its files document does, and that is written after every chunk.

Each chunk also carries `written` (when it was last written), which GridFS readers ignore: sweeps delete
only chunks older than their cutoff, so a put that rewrites an abandoned upload's chunks at the same time
as a sweep keeps every chunk it wrote (on MongoDB; FerretDB tests the filter a moment before it deletes).

A chunk's `_id` is `<sha256>:<n>` rather than an ObjectId (GridFS readers select chunks by files_id and n, never
by _id), so this store reads and writes each chunk by its `_id`: one primary-key lookup on MongoDB, and the only
filter FerretDB v1 evaluates in SQL — its other filters decode every chunk of the bucket in the proxy, which made
one read cost a second per few dozen stored files. Chunks written with ObjectIds (by any GridFS driver) are
still read, through the driver.

With a cipher (bootstrap always gives one) each original is stored encrypted (AES-GCM): `length` and the
chunks are the ciphertext's, `_id` stays the SHA-256 of the plain bytes, checked after decrypting.
"""

from __future__ import annotations

import hashlib
import re
import time
from datetime import UTC, datetime
from typing import Any, Iterator

from bson.binary import Binary
from bson.int64 import Int64
from gridfs import GridFSBucket
from gridfs.errors import CorruptGridFile, NoFile
from pymongo import ASCENDING
from pymongo.errors import DuplicateKeyError

from docarchive.adapters._mongo import connect, mongo_errors
from docarchive.ports.crypto import FieldCipher, is_current_blob, open_blob, resealed_blob, seal_blob
from docarchive.domain.errors import Conflict, InvalidInput, NotFound

# Larger than GridFS's 255 KiB default, so most scans are one chunk: one lookup per read. Well under the 16 MB
# BSON limit; readers take each file's chunkSize from its files document.
CHUNK_SIZE = 4 * 1024 * 1024
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_SWEEP_BATCH = 500
_CHUNKS_KEY = [("files_id", ASCENDING), ("n", ASCENDING)]


class GridFsBlobStore:
    def __init__(self, url: str, *, database: str = "docarchive", bucket: str = "originals",
                 chunk_size: int = CHUNK_SIZE, cipher: FieldCipher | None = None):
        self.client, db = connect(url, database)
        self.cipher = cipher
        self.chunk_size = chunk_size
        self._bucket = GridFSBucket(db, bucket_name=bucket, chunk_size_bytes=chunk_size)
        self._files, self._chunks = db[f"{bucket}.files"], db[f"{bucket}.chunks"]
        try:
            with mongo_errors("create the GridFS indexes"):  # the ones the GridFS spec names
                self._files.create_index([("filename", ASCENDING), ("uploadDate", ASCENDING)])
                self._chunks.create_index(_CHUNKS_KEY, unique=True)
        except BaseException:
            self.client.close()
            raise

    def put(self, data: bytes) -> str:
        sha256 = hashlib.sha256(data).hexdigest()  # computed before upload: the key is what was hashed
        with mongo_errors("store an original"):
            if not self._has_file(sha256):
                stored = seal_blob(self.cipher, data)
                self._write_chunks(sha256, stored)
                self._write_files_document(sha256, len(stored))
        return sha256

    def is_current(self, sha256: str) -> bool:
        return is_current_blob(self.cipher, self._read(sha256))

    def reseal(self, sha256: str) -> bool:
        """Rewritten chunk by chunk: a multi-chunk original read while it is rewritten may fail once."""
        sealed = resealed_blob(self.cipher, self._read(sha256), sha256)
        if sealed is None:
            return False
        with mongo_errors(f"re-encrypt original {sha256}"):
            self._write_chunks(sha256, sealed)
            self._files.update_one({"_id": sha256}, {"$set": {"length": Int64(len(sealed))}})
        return True

    def stored_bytes(self, sha256: str) -> bytes:
        return self._read(sha256)

    def put_stored(self, sha256: str, stored: bytes) -> None:
        open_blob(self.cipher, stored, sha256)  # refuses bytes that do not open to their name
        with mongo_errors(f"restore original {sha256}"):
            self._write_chunks(sha256, stored)
            if self._has_file(sha256):
                self._files.update_one({"_id": sha256}, {"$set": {"length": Int64(len(stored))}})
            else:
                self._write_files_document(sha256, len(stored))

    def get(self, sha256: str) -> bytes:
        return open_blob(self.cipher, self._read(sha256), sha256)

    def _read(self, sha256: str) -> bytes:
        _check(sha256)
        with mongo_errors(f"read original {sha256}"):
            files = self._files.find_one({"_id": sha256}, {"length": 1, "chunkSize": 1})
            if files is None:
                raise NotFound(f"no stored file with sha256 {sha256}")
            data = self._read_chunks_by_id(sha256, files)
            if data is None:
                data = self._read_through_driver(sha256)
        return data

    def exists(self, sha256: str) -> bool:
        _check(sha256)
        with mongo_errors(f"look up original {sha256}"):
            return self._has_file(sha256)

    def delete(self, sha256: str) -> None:
        """The files document first, so no reader sees a file with missing chunks; then its chunks, sparing
        any that a concurrent put of the same bytes has just rewritten."""
        _check(sha256)
        started = _now()
        with mongo_errors(f"delete original {sha256}"):
            self._files.delete_one({"_id": sha256})
            self._chunks.delete_many({"files_id": sha256, "written": {"$lt": started}})

    def keys(self) -> Iterator[str]:
        with mongo_errors("list the stored originals"):
            for row in self._files.find({}, {"_id": 1}):
                if isinstance(row["_id"], str) and _SHA256.match(row["_id"]):
                    yield row["_id"]

    def modified_at(self, sha256: str) -> float:
        _check(sha256)
        with mongo_errors(f"look up original {sha256}"):
            row = self._files.find_one({"_id": sha256}, {"uploadDate": 1})
        if row is None:
            raise NotFound(f"no stored file with sha256 {sha256}")
        return _aware(row["uploadDate"]).timestamp()

    def remove_stale_temp_files(self, older_than_seconds: float = 3600) -> int:
        """GridFS writes are not atomic: a killed put leaves chunks without a files document, invisible to
        readers but taking space. Remove those whose newest chunk is older than the cutoff; return how many
        abandoned uploads went."""
        cutoff = datetime.fromtimestamp(time.time() - older_than_seconds, UTC)
        with mongo_errors("sweep abandoned uploads"):
            return sum(self._remove_if_stale(files_id, cutoff) for files_id in list(self._abandoned_uploads()))

    def unexpected_entries(self, grace_seconds: float = 3600) -> Iterator[str]:
        """Files not named by a SHA-256, and chunks of uploads abandoned more than an hour ago."""
        cutoff = datetime.fromtimestamp(time.time() - grace_seconds, UTC)
        with mongo_errors("list the stored originals"):
            for row in self._files.find({}, {"_id": 1}):
                if not (isinstance(row["_id"], str) and _SHA256.match(row["_id"])):
                    yield f"originals.files {row['_id']!r}"
            for files_id in list(self._abandoned_uploads()):
                if not self._chunks.find_one({"files_id": files_id, "written": {"$gte": cutoff}}, {"_id": 1}):
                    yield f"originals.chunks of {files_id!r} (no files document)"

    def local_path(self, sha256: str) -> str | None:
        """Originals live in the database: workers read them with get()."""
        return None

    def close(self) -> None:
        self.client.close()

    def _read_chunks_by_id(self, sha256: str, files: dict[str, Any]) -> bytes | None:
        """None when a chunk is not found under its `<sha256>:<n>` _id, or has the wrong size: another GridFS
        writer stored it, or it is damaged — the driver's read tells which."""
        length, size = int(files["length"]), int(files["chunkSize"])
        parts = []
        for n in range(-(-length // size)):
            row = self._chunks.find_one({"_id": _chunk_id(sha256, n)}, {"data": 1})
            if row is None or len(row["data"]) != min(size, length - n * size):
                return None
            parts.append(bytes(row["data"]))
        return b"".join(parts)

    def _read_through_driver(self, sha256: str) -> bytes:
        try:
            return self._bucket.open_download_stream(sha256).read()
        except NoFile:
            raise NotFound(f"no stored file with sha256 {sha256}") from None
        except CorruptGridFile as exc:
            raise Conflict(f"stored file {sha256} is damaged: {exc}") from exc

    def _has_file(self, sha256: str) -> bool:
        return self._files.count_documents({"_id": sha256}, limit=1) > 0

    def _write_chunks(self, sha256: str, data: bytes) -> None:
        """One upsert per chunk: FerretDB answers a bulk write that hits a duplicate key with a reply the
        driver cannot read (KeyError 'nModified'), and a racing put is exactly that case."""
        written = _now()
        size = self.chunk_size
        for n, offset in enumerate(range(0, len(data), size)):
            chunk = {"files_id": sha256, "n": n}
            content = {"data": Binary(data[offset : offset + size]), "written": written}
            try:
                self._chunks.update_one({"_id": _chunk_id(sha256, n)}, {"$set": {**chunk, **content}}, upsert=True)
            except DuplicateKeyError:  # a racing put inserted it first, or an older writer under an ObjectId
                self._chunks.update_one(chunk, {"$set": content})

    def _write_files_document(self, sha256: str, length: int) -> None:
        try:
            self._files.insert_one(_files_document(sha256, length, self.chunk_size))
        except DuplicateKeyError:
            pass  # another put of the same bytes finished first: they are stored

    def _remove_if_stale(self, files_id: Any, cutoff: datetime) -> bool:
        if self._chunks.find_one({"files_id": files_id, "written": {"$gte": cutoff}}, {"_id": 1}):
            return False  # still being written
        # Spares chunks a put of the same bytes rewrites meanwhile: that put completes the file.
        return self._chunks.delete_many({"files_id": files_id, "written": {"$lt": cutoff}}).deleted_count > 0

    def _abandoned_uploads(self) -> Iterator[str]:
        """Every upload writes chunk 0 first, and a files document last: chunk 0 without one is abandoned
        (or still being written: the caller's cutoff tells)."""
        batch: list[str] = []
        chunk_zeros = self._chunks.find({"n": 0}, {"files_id": 1, "_id": 0}).hint(_CHUNKS_KEY)  # index only
        for row in chunk_zeros:
            batch.append(row["files_id"])
            if len(batch) == _SWEEP_BATCH:
                yield from self._without_files_document(batch)
                batch = []
        yield from self._without_files_document(batch)

    def _without_files_document(self, files_ids: list[Any]) -> list[Any]:
        if not files_ids:
            return []
        complete = {row["_id"] for row in self._files.find({"_id": {"$in": files_ids}}, {"_id": 1})}
        return [files_id for files_id in files_ids if files_id not in complete]


def _files_document(sha256: str, length: int, chunk_size: int) -> dict[str, Any]:
    return {
        "_id": sha256,
        "length": Int64(length),
        "chunkSize": chunk_size,
        "uploadDate": _now(),
        "filename": sha256,
        "metadata": {"sha256": sha256},
    }


def _chunk_id(sha256: str, n: int) -> str:
    return f"{sha256}:{n}"


def _check(sha256: str) -> None:
    if not _SHA256.match(sha256):
        raise InvalidInput(f"not a SHA-256 hex digest: {sha256[:80]!r}")


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
