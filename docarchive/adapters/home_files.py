"""What the safety check asks of the embedded store's folder: every file and folder its owner's alone."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterator


def loose_permissions(home: Path) -> Iterator[tuple[str, str]]:
    """(path, why) for each entry under `home` that others may read or write, or another user owns."""
    owner = os.getuid()
    for path in [home, *sorted(home.rglob("*"))]:
        try:
            info = path.lstat()
        except FileNotFoundError:  # removed while walking (a cache file, a temp file): nothing to say
            continue
        mode = stat.S_IMODE(info.st_mode)
        if stat.S_ISLNK(info.st_mode):
            yield str(path), "a symbolic link: the store holds none"
        elif mode & 0o077:
            yield str(path), f"mode {mode:04o}: others may read or write it (owner-only is {_owner_only(info)})"
        elif info.st_uid != owner:
            yield str(path), f"owned by uid {info.st_uid}, not the archive's owner ({owner})"


def _owner_only(info: os.stat_result) -> str:
    return "0700" if stat.S_ISDIR(info.st_mode) else "0600"
