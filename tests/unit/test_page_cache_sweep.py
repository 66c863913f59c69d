"""The page cache after a kill: an image a killed server was writing stays as a temporary file, which no size
limit counts; the cache's walk removes it once it is older than any live write (found by bench.faults)."""

from __future__ import annotations

import os
import time

from docarchive.adapters.page_cache import STALE_TMP_SECONDS, PageCache


def test_a_half_written_image_of_a_killed_server_is_swept_and_a_live_one_kept(tmp_path):
    folder = tmp_path / "pages" / ("a" * 64)
    folder.mkdir(parents=True)
    left = folder / "1-4000.25338.7449.tmp"
    left.write_bytes(b"half an image")
    long_ago = time.time() - STALE_TMP_SECONDS - 1
    os.utime(left, (long_ago, long_ago))
    live = folder / "1-200.31337.1.tmp"
    live.write_bytes(b"being written")
    PageCache(tmp_path, max_bytes=1 << 20).put("b" * 64, 1, 200, b"png")  # the first write after a start walks
    assert not left.exists()
    assert live.exists()
