"""A backup set on disk: what every snapshot stored, named by the SHA-256 of the stored bytes.

    DEST/FORMAT                          "docarchive-backup 1"
    DEST/objects/ab/<sha256>             a database copy, an export file or an original as stored (encrypted)
    DEST/snapshots/<UTC time>/manifest.json       what the snapshot holds: objects, sizes, counts, key ids
    DEST/snapshots/<UTC time>/manifest.sha256     the manifest's own hash (a damaged manifest is found)

Objects are shared by every snapshot, so a snapshot after the first copies only what is new (originals are
content-addressed and never change, except when `keys rotate` re-encrypts them: then they are new objects and
the older snapshots keep theirs). Nothing here needs the keys: a set is verified by its hashes alone. The keys
go to a folder of their own (`DEST.keys` unless told otherwise), to be kept elsewhere than the data: data
without its keys is ciphertext, so a copy of the backup that leaks, or is kept off-site, exposes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Iterator

from docarchive.adapters.atomic_files import write_atomically
from docarchive.domain.errors import InvalidInput, NotFound

FORMAT = "docarchive-backup 1"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_SNAPSHOT = re.compile(r"^\d{8}T\d{6}\.\d{6}Z$")
_BUFFER = 1024 * 1024


def default_keys_folder(dest: Path) -> Path:
    """Beside the set, not inside it: the data folder can be copied off-site without its keys."""
    dest = dest.resolve()
    return dest.with_name(dest.name + ".keys")


@dataclass
class Failure:
    where: str
    detail: str

    def line(self) -> str:
        return f"{self.where}: {self.detail}"


class BackupSet:
    def __init__(self, root: Path):
        self.root = Path(root)

    # --- writing -------------------------------------------------------------------------------------

    def open_for_writing(self) -> None:
        marker = self.root / "FORMAT"
        if self.root.exists() and any(self.root.iterdir()) and not marker.exists():
            raise InvalidInput(f"{self.root} is not empty and is not a docarchive backup set")
        if marker.exists() and marker.read_text().strip() != FORMAT:
            raise InvalidInput(f"{self.root} holds a backup set of another format: {marker.read_text().strip()!r}")
        for folder in (self.root, self.root / "objects", self.root / "snapshots"):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not marker.exists():
            _write_whole(marker, (FORMAT + "\n").encode())

    def has_object(self, digest: str) -> bool:
        return self._object(digest).exists()

    def add_bytes(self, data: bytes) -> tuple[str, int]:
        digest = hashlib.sha256(data).hexdigest()
        if not self.has_object(digest):
            _write_whole(self._object(digest), data)
        return digest, len(data)

    def add_file(self, path: Path) -> tuple[str, int]:
        """Move a finished temp file in as an object (it must be on the same filesystem: use `temp_file`)."""
        digest, size = file_sha256(path), path.stat().st_size
        target = self._object(digest)
        if target.exists():
            path.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            _fsync_file(path)
            os.replace(path, target)
            _fsync_dir(target.parent)
        return digest, size

    def temp_file(self, suffix: str = "") -> Path:
        handle, name = tempfile.mkstemp(dir=self.root, prefix=".tmp.", suffix=suffix)
        os.close(handle)
        return Path(name)

    def write_manifest(self, manifest: dict[str, Any]) -> str:
        name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        folder = self.root / "snapshots" / name
        folder.mkdir(parents=True, mode=0o700)
        body = json.dumps({"format": FORMAT, "snapshot": name, **manifest}, ensure_ascii=False, indent=1).encode()
        _write_whole(folder / "manifest.json", body)
        _write_whole(folder / "manifest.sha256", (hashlib.sha256(body).hexdigest() + "\n").encode())
        return name

    # --- reading -------------------------------------------------------------------------------------

    def snapshots(self) -> list[str]:
        folder = self.root / "snapshots"
        if not folder.is_dir():
            return []
        return sorted(path.name for path in folder.iterdir() if _SNAPSHOT.match(path.name))

    def latest_manifest(self) -> dict[str, Any] | None:
        names = self.snapshots()
        return self.manifest(names[-1]) if names else None

    def manifest(self, name: str) -> dict[str, Any]:
        if not _SNAPSHOT.match(name):
            raise InvalidInput(f"not a snapshot name: {name[:80]!r}")
        path = self.root / "snapshots" / name / "manifest.json"
        try:
            return json.loads(path.read_bytes())
        except FileNotFoundError:
            raise NotFound(f"no snapshot {name} in {self.root}") from None

    def object_path(self, digest: str) -> Path:
        return self._object(digest)

    def read_object(self, digest: str) -> bytes:
        return self._object(digest).read_bytes()

    def _object(self, digest: str) -> Path:
        if not _SHA256.match(digest):
            raise InvalidInput(f"not a SHA-256 hex digest: {digest[:80]!r}")
        return self.root / "objects" / digest[:2] / digest

    # --- verifying -----------------------------------------------------------------------------------

    def verify(self, *, keys: Path | None, only: str | None = None) -> Iterator[Failure]:
        """Every failure, in order: format, each snapshot's manifest, each object it names, its keys."""
        marker = self.root / "FORMAT"
        if not marker.exists() or marker.read_text().strip() != FORMAT:
            yield Failure(str(marker), "missing or not a docarchive backup set")
            return
        names = [only] if only else self.snapshots()
        if not names:
            yield Failure(str(self.root / "snapshots"), "no snapshot")
        checked: set[str] = set()
        for name in names:
            yield from self._verify_snapshot(name, checked, keys)

    def _verify_snapshot(self, name: str, checked: set[str], keys: Path | None) -> Iterator[Failure]:
        folder = self.root / "snapshots" / name
        try:
            body = (folder / "manifest.json").read_bytes()
            expected = (folder / "manifest.sha256").read_text().strip()
        except FileNotFoundError as exc:
            yield Failure(str(folder), f"{Path(exc.filename).name} is missing")
            return
        if hashlib.sha256(body).hexdigest() != expected:
            yield Failure(str(folder / "manifest.json"), "its SHA-256 differs from manifest.sha256 (damaged)")
            return
        manifest = json.loads(body)
        for entry in manifest_objects(manifest):
            if entry["object"] in checked:
                continue
            checked.add(entry["object"])
            failure = self._verify_object(entry)
            if failure:
                yield Failure(f"snapshot {name}: {entry['what']}", failure)
        yield from verify_keys(manifest, keys, name)

    def _verify_object(self, entry: dict[str, Any]) -> str | None:
        path = self._object(entry["object"])
        if not path.exists():
            return f"object {path.relative_to(self.root)} is missing"
        if path.stat().st_size != entry["size"]:
            return f"object {path.relative_to(self.root)} has {path.stat().st_size} bytes, not {entry['size']}"
        if file_sha256(path) != entry["object"]:
            return f"object {path.relative_to(self.root)} no longer matches its SHA-256 (damaged)"
        return None


def manifest_objects(manifest: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every object a manifest names, with what it is."""
    for entry in manifest.get("files", []):
        yield {**entry, "what": entry["path"]}
    for name, (digest, size, _) in manifest.get("blobs", {}).items():
        yield {"object": digest, "size": size, "what": f"original {name}"}


# --- keys --------------------------------------------------------------------------------------------

def copy_keys(home_keys: Path, folder: Path) -> dict[str, str]:
    """Copy the installation's key files into `folder` (never overwriting one: key files never change);
    return each file's SHA-256 by relative path, for the manifest."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)
    hashes = {}
    for source in sorted(home_keys.rglob("*.key")):
        relative = source.relative_to(home_keys).as_posix()
        data = source.read_bytes()
        target = folder / relative
        if target.exists() and target.read_bytes() != data:
            raise InvalidInput(f"{target} holds another installation's key: give this archive its own --keys folder")
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            _write_whole(target, data)
        hashes[relative] = hashlib.sha256(data).hexdigest()
    return hashes


def verify_keys(manifest: dict[str, Any], folder: Path | None, name: str) -> Iterator[Failure]:
    wanted = manifest.get("keys", {})
    if not wanted:
        return
    if folder is None or not folder.is_dir():
        yield Failure(f"snapshot {name}: keys", f"the keys folder {folder} is not there (kept elsewhere? give --keys)")
        return
    for relative, digest in wanted.items():
        path = folder / relative
        if not path.exists():
            yield Failure(f"snapshot {name}: keys", f"{path} is missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            yield Failure(f"snapshot {name}: keys", f"{path} differs from the key backed up")


def restore_keys(manifest: dict[str, Any], folder: Path, home_keys: Path) -> None:
    for relative in manifest.get("keys", {}):
        target = home_keys / relative
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _write_whole(target, (folder / relative).read_bytes())
    current = manifest.get("current_key")
    if current:
        _write_whole(home_keys / "data" / "current", (current + "\n").encode())


# --- files -------------------------------------------------------------------------------------------

def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_BUFFER):
            digest.update(chunk)
    return digest.hexdigest()


def copy_object_to(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    shutil.copyfile(source, target)
    target.chmod(0o600)


def _write_whole(target: Path, data: bytes) -> None:
    """Written to a temp file, synced, renamed: a killed backup never leaves half an object under its name."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomically(target, data, tmp_dir=target.parent, prefix=".tmp.")
    _fsync_dir(target.parent)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
