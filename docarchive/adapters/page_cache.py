"""Page images made once and kept on local disk, bounded: past `max_bytes` the least recently used are removed.

Files live at pages/<sha256>/<page>-<width|full>.png (sealed like the originals: a page of an ID card is
personal data). Recency is the file's mtime, touched on each hit (atime is often off). The size is counted once
by walking the folder, then kept up as images are added; a walk over the limit evicts. A cache write that
fails (a full disk) loses only the cached copy: the page is still answered.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

log = logging.getLogger(__name__)
EVICT_TO = 0.9  # evict down to this share of the limit, so the next few writes do not walk again
STALE_TMP_SECONDS = 60  # a temporary file this old is no write in progress: its process was killed mid-write


class PageCache:
    def __init__(self, root: Path, *, max_bytes: int):
        self.root = Path(root) / "pages"
        self.max_bytes = max_bytes
        self._total: int | None = None  # unknown until the first walk

    def get(self, sha256: str, n: int, width: int | None) -> bytes | None:
        path = self._path(sha256, n, width)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        _touch(path)
        return data

    def put(self, sha256: str, n: int, width: int | None, data: bytes) -> None:
        if self.max_bytes <= 0:
            return
        path = self._path(sha256, n, width)
        try:
            _write_atomically(path, data)
        except OSError as exc:
            log.warning("page cache: not kept (%s)", exc.strerror or exc)
            return
        self._total = None if self._total is None else self._total + len(data)
        if self._total is None or self._total > self.max_bytes:
            self._evict()

    def size(self) -> int:
        return sum(size for _, _, size in self._files())

    def _evict(self) -> None:
        self.sweep_half_written()
        files = sorted(self._files())  # oldest use first
        total = sum(size for _, _, size in files)
        for _, path, size in files:
            if total <= self.max_bytes * EVICT_TO:
                break
            path.unlink(missing_ok=True)
            total -= size
        self._total = total

    def _files(self) -> list[tuple[float, Path, int]]:
        found = []
        for path in self.root.glob("*/*.png"):
            try:
                stat = path.stat()
            except FileNotFoundError:  # evicted meanwhile by another process
                continue
            found.append((stat.st_mtime, path, stat.st_size))
        return found

    def sweep_half_written(self, *, older_than_seconds: float = STALE_TMP_SECONDS) -> int:
        """A server killed while writing an image leaves its temporary file, which no limit counts (bench.faults
        found them); each walk, the first after a start among them, removes those of no live write."""
        cutoff, removed = time.time() - older_than_seconds, 0
        for path in self.root.glob("*/*.tmp"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # renamed into place or removed meanwhile
                continue
        return removed

    def _path(self, sha256: str, n: int, width: int | None) -> Path:
        return self.root / sha256 / f"{n}-{width or 'full'}.png"


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:  # read-only or evicted meanwhile: recency is a hint
        pass


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.{time.monotonic_ns()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
