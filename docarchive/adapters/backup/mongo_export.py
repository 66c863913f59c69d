"""docarchive's own export of a MongoDB deployment: every collection as canonical Extended JSON lines, and
every original as stored (encrypted) in GridFS, into a backup set verifiable by hashes alone.

It reads collection by collection while the archive is in use, so unlike `mongodump --oplog` it is not one
point in time: a record written during the export may be in it or not, and an original is exported after
the records (an original is stored before its record, so every record exported has its original). Restore
it into an empty database; Elasticsearch is then rebuilt from the records by `docarchive reindex`.
"""

from __future__ import annotations

import gzip
import time
from pathlib import Path
from typing import Any

from bson import json_util
from bson.json_util import CANONICAL_JSON_OPTIONS

from docarchive.adapters._mongo import connect, mongo_errors
from docarchive.adapters.backup.backup_set import BackupSet
from docarchive.adapters.blobs.gridfs import GridFsBlobStore
from docarchive.domain.errors import InvalidInput

_GRIDFS = ("originals.files", "originals.chunks")  # exported as originals, through the blob store
_COUNTED = ("documents", "customers", "audit_events")


def export_mongo(url: str, database: str, dest: BackupSet) -> dict[str, Any]:
    started = time.monotonic()
    dest.open_for_writing()
    previous = (dest.latest_manifest() or {}).get("blobs", {})
    client, db = connect(url, database)
    try:
        with mongo_errors("export the collections"):
            names = sorted(name for name in db.list_collection_names() if name not in _GRIDFS)
            files = [_export_collection(db[name], dest) for name in names]
    finally:
        client.close()
    blobs, copied = _export_originals(url, database, dest, previous)
    counts = {entry["path"].removesuffix(".jsonl.gz"): entry["documents"] for entry in files
              if entry["path"].removesuffix(".jsonl.gz") in _COUNTED}
    name = dest.write_manifest({"kind": "mongo", "database": database, "files": files, "blobs": blobs,
                                "counts": counts})
    return {"snapshot": name, "kind": "mongo", "dest": str(dest.root), "counts": counts, "originals": len(blobs),
            "originals_copied": copied, "collections": len(files), "seconds": round(time.monotonic() - started, 2)}


def _export_collection(collection, dest: BackupSet) -> dict[str, Any]:
    temp, count = dest.temp_file(".jsonl.gz"), 0
    try:
        with gzip.open(temp, "wt", encoding="utf-8", compresslevel=1) as out:
            for document in collection.find({}).sort("_id", 1):
                out.write(json_util.dumps(document, json_options=CANONICAL_JSON_OPTIONS) + "\n")
                count += 1
        digest, size = dest.add_file(temp)
    finally:
        temp.unlink(missing_ok=True)
    return {"path": f"{collection.name}.jsonl.gz", "object": digest, "size": size, "documents": count}


def _export_originals(url: str, database: str, dest: BackupSet, previous: dict) -> tuple[dict, int]:
    """Originals are named by the hash of their plain bytes, which a re-encryption keeps: the stored bytes
    are read and hashed each time (GridFS keeps no modification time to trust)."""
    store = GridFsBlobStore(url, database=database)
    blobs, copied = {}, 0
    try:
        for name in list(store.keys()):
            digest, size = dest.add_bytes(store.stored_bytes(name))
            copied += previous.get(name, [None])[0] != digest
            blobs[name] = [digest, size, 0]
    finally:
        store.close()
    return blobs, copied


def restore_mongo(source: BackupSet, manifest: dict[str, Any], url: str, database: str, *,
                  cipher) -> dict[str, Any]:
    client, db = connect(url, database)
    try:
        with mongo_errors("restore the collections"):
            if any(name for name in db.list_collection_names() if db[name].estimated_document_count()):
                raise InvalidInput(f"the MongoDB database {database} is not empty: restore into a new one")
            for entry in manifest["files"]:
                _import_collection(db, source.object_path(entry["object"]), entry["path"].removesuffix(".jsonl.gz"))
    finally:
        client.close()
    store = GridFsBlobStore(url, database=database, cipher=cipher)  # to check each original opens to its name
    try:
        for name, (digest, _, _) in manifest["blobs"].items():
            store.put_stored(name, source.read_object(digest))
    finally:
        store.close()
    return {"database": database, "originals": len(manifest["blobs"]), "counts": manifest.get("counts", {})}


def _import_collection(db, path: Path, name: str) -> None:
    batch: list[dict] = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            batch.append(json_util.loads(line))
            if len(batch) == 500:
                db[name].insert_many(batch, ordered=True)
                batch = []
    if batch:
        db[name].insert_many(batch, ordered=True)

