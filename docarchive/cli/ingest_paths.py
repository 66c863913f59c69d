"""Which files `docarchive ingest` reads from its arguments, and what it passes over and why.

Files named explicitly are always tried (their bytes decide what they are). Folders contribute their scan
files, recursively, in name order; everything else found in them is reported as skipped with its reason, so
a folder never loses a file silently.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path

SCAN_SUFFIXES = {".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png", ".bmp", ".webp"}
HIDDEN, UNSUPPORTED, UNREADABLE, SYMLINK_LOOP = "hidden", "unsupported suffix", "unreadable", "symlink loop"


@dataclass
class Expansion:
    files: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)


def expand_paths(arguments: list[str]) -> Expansion:
    found = Expansion()
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            _walk(path, found)
        elif path.is_file():
            found.files.append(path)
        elif glob.has_magic(argument):
            matches = sorted(Path(p) for p in glob.glob(argument, recursive=True))
            found.files.extend(p for p in matches if p.is_file())
            found.missing.extend([] if matches else [argument])
        else:
            found.missing.append(argument)
    found.files = list(dict.fromkeys(found.files))
    return found


def _walk(folder: Path, found: Expansion) -> None:
    """Follows links to folders (scanners' shares use them) but never into a folder it is already inside."""
    def unreadable(error: OSError) -> None:
        found.skipped.append((str(error.filename or folder), f"{UNREADABLE}: {error.strerror or error}"))

    for root, dirs, names in os.walk(folder, followlinks=True, onerror=unreadable):
        ancestors = _ancestors(Path(root), folder)
        kept = []
        for name in sorted(dirs):
            path = Path(root, name)
            if name.startswith("."):
                found.skipped.append((str(path), HIDDEN))
            elif path.is_symlink() and _identity(path) in ancestors:
                found.skipped.append((str(path), SYMLINK_LOOP))
            else:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(names):
            _consider(Path(root, name), found)


def _consider(path: Path, found: Expansion) -> None:
    if path.name.startswith("."):
        found.skipped.append((str(path), HIDDEN))
    elif path.suffix.lower() not in SCAN_SUFFIXES:
        found.skipped.append((str(path), UNSUPPORTED))
    elif not os.access(path, os.R_OK):
        found.skipped.append((str(path), UNREADABLE))
    else:
        found.files.append(path)


def _ancestors(root: Path, top: Path) -> set[tuple[int, int]]:
    """The folders from the top of the walk down to `root`, by device and inode (links resolved)."""
    seen, path = set(), root
    while True:
        seen.add(_identity(path))
        if path == top or path == path.parent:
            return seen
        path = path.parent


def _identity(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)
    return stat.st_dev, stat.st_ino
