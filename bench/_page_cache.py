"""Reused benchmark stores read into the OS page cache before anything is timed.

A store built in an earlier run (`--reuse`) may have left memory since: on one machine the page cache held
0.6 GB of a 16.9 GB store right after it was written, and the first runs on it read from disk — every way
rose from 3.6 to 5.0 ms, run after run, until the file had been read once. So a reused store is read through
first when it fits in the memory available, and a run says so when it does not (its figures then include disk
reads, and are not comparable with one that fit).
"""

from __future__ import annotations

import time
from pathlib import Path

CHUNK = 8 * 1024 * 1024
HEADROOM = 0.8  # of MemAvailable: what the run itself needs stays free


def warm(paths: list[Path], label: str) -> None:
    """Read `paths` (the ones that exist) once, or print why not; either way one line starting with '#'."""
    files = [path for path in paths if path.is_file()]
    size = sum(path.stat().st_size for path in files)
    available = memory_available()
    if available is not None and size > HEADROOM * available:
        print(f"# page cache: {label} is {size / 1e9:.1f} GB, more than this machine's memory allows "
              f"({available / 1e9:.1f} GB available): its figures include reads from disk\n", flush=True)
        return
    started = time.perf_counter()
    buffer = bytearray(CHUNK)
    for path in files:
        with path.open("rb", buffering=0) as stream:
            while stream.readinto(buffer):
                pass
    print(f"# page cache: read {label} ({size / 1e9:.1f} GB) in {time.perf_counter() - started:.0f} s, "
          "so that the timings read memory, not disk\n", flush=True)


def memory_available() -> int | None:
    """MemAvailable from /proc/meminfo in bytes; None where there is no such file (not Linux)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def sqlite_files(database: Path) -> list[Path]:
    """A SQLite database and the write-ahead log beside it."""
    return [database, Path(f"{database}-wal")]
