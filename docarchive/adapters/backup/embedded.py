"""Backing up and restoring the embedded store (SQLite + originals on disk + key files) while it is in use.

The database is copied with SQLite's online backup API, which reads one consistent state even while other
processes write (WAL mode: writers are not held up). It is copied first and the originals after it: an
original is stored before the record naming it commits, so every original the copied database names is
already on disk when the originals are listed. The page cache is not backed up (pages are made again).
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from docarchive.adapters.backup.backup_set import BackupSet, copy_keys, copy_object_to, restore_keys
from docarchive.adapters.blobs.filesystem import FilesystemBlobStore
from docarchive.domain.errors import Conflict, InvalidInput

DATABASE = "docarchive.sqlite3"
_COUNTED = ("documents", "customers", "audit_events")


def backup_embedded(home: Path, dest: BackupSet, keys_folder: Path) -> dict[str, Any]:
    started = time.monotonic()
    database = home / DATABASE
    if not database.exists():
        raise InvalidInput(f"{home} holds no docarchive archive ({DATABASE} is missing)")
    dest.open_for_writing()
    previous = (dest.latest_manifest() or {}).get("blobs", {})
    copy = dest.temp_file(".sqlite3")
    try:
        counts = _online_copy(database, copy)
        db_object = dest.add_file(copy)
    finally:
        copy.unlink(missing_ok=True)
    blobs, copied = _copy_blobs(home / "blobs", dest, previous)
    keys = copy_keys(home / "keys", keys_folder)
    current = (home / "keys" / "data" / "current")
    manifest = {"kind": "embedded", "files": [{"path": DATABASE, "object": db_object[0], "size": db_object[1]}],
                "blobs": blobs, "counts": counts, "keys": keys,
                "current_key": current.read_text().strip() if current.exists() else None}
    name = dest.write_manifest(manifest)
    return {"snapshot": name, "kind": "embedded", "dest": str(dest.root), "keys": str(keys_folder),
            "counts": counts, "originals": len(blobs), "originals_copied": copied,
            "database_bytes": db_object[1], "seconds": round(time.monotonic() - started, 2)}


def _online_copy(database: Path, target: Path) -> dict[str, int]:
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # one step: one consistent state of the database
        result = copy.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise Conflict(f"the copy of {database} is not intact: {result}")
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no WAL beside it
        counts = {table: _count(copy, table) for table in _COUNTED}
    finally:
        copy.close()
        source.close()
    return counts


def _count(connection: sqlite3.Connection, table: str) -> int:
    try:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 — fixed names
    except sqlite3.OperationalError:
        return 0


def _copy_blobs(root: Path, dest: BackupSet, previous: dict[str, list]) -> tuple[dict[str, list], int]:
    """Each original as stored; one unchanged since the last snapshot (same size and time) is not read again."""
    store = FilesystemBlobStore(root)
    blobs, copied = {}, 0
    for name in store.keys():
        path = Path(store._path(name))
        stat = path.stat()
        known = previous.get(name)
        if known and known[1] == stat.st_size and known[2] == stat.st_mtime_ns and dest.has_object(known[0]):
            blobs[name] = known
            continue
        digest, size = dest.add_bytes(path.read_bytes())
        blobs[name] = [digest, size, stat.st_mtime_ns]
        copied += 1
    return blobs, copied


def restore_embedded(source: BackupSet, manifest: dict[str, Any], home: Path, keys_folder: Path) -> dict[str, Any]:
    _empty_home(home)
    files = {entry["path"]: entry for entry in manifest["files"]}
    copy_object_to(source.object_path(files[DATABASE]["object"]), home / DATABASE)
    for name, (digest, _, _) in manifest["blobs"].items():
        copy_object_to(source.object_path(digest), home / "blobs" / name[:2] / name[2:4] / name)
    restore_keys(manifest, keys_folder, home / "keys")
    return {"home": str(home), "originals": len(manifest["blobs"]), "counts": manifest.get("counts", {})}


def _empty_home(home: Path) -> None:
    if home.exists() and any(home.iterdir()):
        raise InvalidInput(f"{home} is not empty: restore into a new folder")
    os.umask(0o077)
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    home.chmod(0o700)
