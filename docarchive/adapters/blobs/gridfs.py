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
from docarchive.domain.errors import Conflict, InvalidInput, NotFound

CHUNK_SIZE = 255 * 1024  # GridFS's default: a chunk document stays well under the 16 MB BSON limit
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_SWEEP_BATCH = 500
_CHUNKS_KEY = [("files_id", ASCENDING), ("n", ASCENDING)]


class GridFsBlobStore:
    def __init__(self, url: str, *, database: str = "docarchive", bucket: str = "originals"):
        self.client, db = connect(url, database)
        self._bucket = GridFSBucket(db, bucket_name=bucket, chunk_size_bytes=CHUNK_SIZE)
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
                self._write_chunks(sha256, data)
                self._write_files_document(sha256, len(data))
        return sha256

    def get(self, sha256: str) -> bytes:
        _check(sha256)
        with mongo_errors(f"read original {sha256}"):
            try:
                data = self._bucket.open_download_stream(sha256).read()
            except NoFile:
                raise NotFound(f"no stored file with sha256 {sha256}") from None
            except CorruptGridFile as exc:
                raise Conflict(f"stored file {sha256} is damaged: {exc}") from exc
        if hashlib.sha256(data).hexdigest() != sha256:
            raise Conflict(f"stored file {sha256} is damaged: its bytes no longer match their hash")
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

    def local_path(self, sha256: str) -> str | None:
        """Originals live in the database: workers read them with get()."""
        return None

    def close(self) -> None:
        self.client.close()

    def _has_file(self, sha256: str) -> bool:
        return self._files.count_documents({"_id": sha256}, limit=1) > 0

    def _write_chunks(self, sha256: str, data: bytes) -> None:
        """One upsert per chunk: FerretDB answers a bulk write that hits a duplicate key with a reply the
        driver cannot read (KeyError 'nModified'), and a racing put is exactly that case."""
        written = _now()
        for n, offset in enumerate(range(0, len(data), CHUNK_SIZE)):
            chunk = {"files_id": sha256, "n": n}
            update = {"$set": {"data": Binary(data[offset : offset + CHUNK_SIZE]), "written": written}}
            try:
                self._chunks.update_one(chunk, update, upsert=True)
            except DuplicateKeyError:  # a racing put inserted this chunk first: now the update matches it
                self._chunks.update_one(chunk, update)

    def _write_files_document(self, sha256: str, length: int) -> None:
        try:
            self._files.insert_one(_files_document(sha256, length))
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


def _files_document(sha256: str, length: int) -> dict[str, Any]:
    return {
        "_id": sha256,
        "length": Int64(length),
        "chunkSize": CHUNK_SIZE,
        "uploadDate": _now(),
        "filename": sha256,
        "metadata": {"sha256": sha256},
    }


def _check(sha256: str) -> None:
    if not _SHA256.match(sha256):
        raise InvalidInput(f"not a SHA-256 hex digest: {sha256[:80]!r}")


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
