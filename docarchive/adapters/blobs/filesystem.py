"""Original files on disk, named by their SHA-256, written so a crash never leaves a half file in place.

With a cipher (bootstrap always gives one) every original is stored encrypted (AES-GCM): ID-card copies are
personal data, and a scan's text layer may hold ID numbers. The name stays the SHA-256 of the plain bytes,
which is what `get` checks after decrypting.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import time
from pathlib import Path
from typing import Iterator

from docarchive.adapters.atomic_files import write_atomically
from docarchive.ports.crypto import FieldCipher, is_current_blob, open_blob, resealed_blob, seal_blob
from docarchive.domain.errors import InvalidInput, NotFound, StorageFull

DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)  # no room, over quota, over the file-size limit
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class FilesystemBlobStore:
    def __init__(self, root: Path, *, cipher: FieldCipher | None = None):
        self.root = Path(root)
        self.cipher = cipher
        self._tmp = self.root / "tmp"
        self._tmp.mkdir(parents=True, exist_ok=True)

    def put(self, data: bytes) -> str:
        sha256 = hashlib.sha256(data).hexdigest()
        target = self._path(sha256)
        if target.exists():
            return sha256
        self._write(target, seal_blob(self.cipher, data))
        return sha256

    def is_current(self, sha256: str) -> bool:
        return is_current_blob(self.cipher, self._read(sha256))

    def reseal(self, sha256: str) -> bool:
        sealed = resealed_blob(self.cipher, self._read(sha256), sha256)
        if sealed is not None:
            self._write(self._path(sha256), sealed)
        return sealed is not None

    def stored_bytes(self, sha256: str) -> bytes:
        return self._read(sha256)

    def put_stored(self, sha256: str, stored: bytes) -> None:
        open_blob(self.cipher, stored, sha256)  # refuses bytes that do not open to their name
        self._write(self._path(sha256), stored)

    def _write(self, target: Path, data: bytes) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            write_atomically(target, data, tmp_dir=self._tmp, prefix=target.name[:12] + ".")
        except OSError as exc:
            if exc.errno in DISK_FULL:
                raise StorageFull(f"cannot store the original: the disk is full ({exc.strerror})") from exc
            raise
        _fsync_dir(target.parent)

    def get(self, sha256: str) -> bytes:
        return open_blob(self.cipher, self._read(sha256), sha256)

    def _read(self, sha256: str) -> bytes:
        try:
            return self._path(sha256).read_bytes()
        except FileNotFoundError:
            raise NotFound(f"no stored file with sha256 {sha256}") from None

    def exists(self, sha256: str) -> bool:
        return self._path(sha256).exists()

    def delete(self, sha256: str) -> None:
        self._path(sha256).unlink(missing_ok=True)

    def keys(self) -> Iterator[str]:
        for path in self.root.glob("??/??/*"):
            if _SHA256.match(path.name):
                yield path.name

    def unexpected_entries(self, temp_grace_seconds: float = 3600) -> Iterator[str]:
        """Paths (relative to the store) that are neither an original in its place nor a fresh temp file."""
        cutoff = time.time() - temp_grace_seconds
        for path in sorted(self.root.rglob("*")):
            relative = path.relative_to(self.root)
            parts = relative.parts
            if parts[0] == "tmp":
                if len(parts) > 1 and (path.is_dir() or path.stat().st_mtime < cutoff):
                    yield relative.as_posix()
            elif not _in_place(parts, path.is_dir()):
                yield relative.as_posix()

    def close(self) -> None:
        """Nothing is held open between calls."""

    def local_path(self, sha256: str) -> str | None:
        path = self._path(sha256)
        return str(path) if path.exists() and self.cipher is None else None  # encrypted: read with get()

    def modified_at(self, sha256: str) -> float:
        return self._path(sha256).stat().st_mtime

    def remove_stale_temp_files(self, older_than_seconds: float = 3600) -> int:
        """Temp files are what a killed writer leaves behind; they are never referenced."""
        cutoff = time.time() - older_than_seconds
        stale = [p for p in self._tmp.iterdir() if p.stat().st_mtime < cutoff]
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)

    def _path(self, sha256: str) -> Path:
        if not _SHA256.match(sha256):
            raise InvalidInput(f"not a SHA-256 hex digest: {sha256[:80]!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256


def _in_place(parts: tuple[str, ...], is_dir: bool) -> bool:
    """ab/ and ab/cd/ folders, and ab/cd/abcd… files named by their SHA-256."""
    if is_dir:
        return len(parts) <= 2 and all(_HEX_PAIR.match(part) for part in parts)
    return len(parts) == 3 and bool(_SHA256.match(parts[2])) and parts[2][:2] == parts[0] and parts[2][2:4] == parts[1]


_HEX_PAIR = re.compile(r"^[0-9a-f]{2}$")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
