"""Every backend of a port is a param of one fixture; a configured backend that is unreachable fails."""

from __future__ import annotations

import pytest

RECORD_BACKENDS = ["sqlite"]
BLOB_BACKENDS = ["filesystem"]


@pytest.fixture(params=RECORD_BACKENDS)
def record_store(request, tmp_path):
    if request.param == "sqlite":
        from docarchive.adapters.records.sqlite import SqliteRecordStore

        store = SqliteRecordStore(tmp_path / "records.sqlite3")
    yield store
    store.close()


@pytest.fixture(params=BLOB_BACKENDS)
def blob_store(request, tmp_path):
    if request.param == "filesystem":
        from docarchive.adapters.blobs.filesystem import FilesystemBlobStore

        yield FilesystemBlobStore(tmp_path / "blobs")
