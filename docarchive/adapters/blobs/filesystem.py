"""Original files on disk, named by their SHA-256, written so a crash never leaves a half file in place."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Iterator

from docarchive.domain.errors import Conflict, InvalidInput, NotFound

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class FilesystemBlobStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        self._tmp = self.root / "tmp"
        self._tmp.mkdir(parents=True, exist_ok=True)

    def put(self, data: bytes) -> str:
        sha256 = hashlib.sha256(data).hexdigest()
        target = self._path(sha256)
        if target.exists():
            return sha256
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=self._tmp, prefix=sha256[:12] + ".")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        _fsync_dir(target.parent)
        return sha256

    def get(self, sha256: str) -> bytes:
        try:
            data = self._path(sha256).read_bytes()
        except FileNotFoundError:
            raise NotFound(f"no stored file with sha256 {sha256}") from None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise Conflict(f"stored file {sha256} is damaged: its bytes no longer match their hash")
        return data

    def exists(self, sha256: str) -> bool:
        return self._path(sha256).exists()

    def delete(self, sha256: str) -> None:
        self._path(sha256).unlink(missing_ok=True)

    def keys(self) -> Iterator[str]:
        for path in self.root.glob("??/??/*"):
            if _SHA256.match(path.name):
                yield path.name

    def close(self) -> None:
        """Nothing is held open between calls."""

    def local_path(self, sha256: str) -> str | None:
        path = self._path(sha256)
        return str(path) if path.exists() else None

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


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
