"""Writing a file so that a kill or a full disk never leaves half of it under its name."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(target: Path, data: bytes, *, tmp_dir: Path, prefix: str) -> None:
    """Written to a temp file in `tmp_dir` (same file system as `target`), synced, then renamed into place;
    on any failure the temp file is removed and the error raised."""
    fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix=prefix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
