"""Long-running processes: memory handed back to the system (docarchive/allocator.py) and children that die
with their parent from their first instruction (docarchive/lifetime.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest

from docarchive.lifetime import killed_with_this_process

LINUX = sys.platform.startswith("linux")



@pytest.mark.skipif(not LINUX, reason="glibc's allocator")
def test_big_buffers_freed_by_many_threads_are_given_back():
    script = textwrap.dedent("""
        import threading, sys
        from docarchive.allocator import keep_memory_flat
        keep_memory_flat()
        kept = []
        def render():  # a page image: a large pixel buffer, and a small result that outlives it
            for _ in range(20):
                pixels = bytearray(8 << 20)
                kept.append(bytes(200_000))
                del pixels
        threads = [threading.Thread(target=render) for _ in range(8)]
        [t.start() for t in threads]; [t.join() for t in threads]
        with open("/proc/self/status") as status:
            print(next(int(line.split()[1]) for line in status if line.startswith("VmRSS")))
    """)
    resident = int(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout)
    assert resident < 45_000  # KiB; glibc's defaults keep ~64 MB here: the freed buffers stay in the arenas


@pytest.mark.skipif(not LINUX, reason="the kernel's parent-death signal")
def test_a_child_started_with_the_preexec_dies_with_its_parent_before_it_runs_any_code_of_ours():
    parent = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import subprocess, sys, time
        from docarchive.lifetime import killed_with_this_process
        child = subprocess.Popen(["sleep", "60"], preexec_fn=killed_with_this_process())
        print(child.pid, flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _running(child):
        time.sleep(0.05)
    assert not _running(child)


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_the_preexec_is_offered_only_where_it_works():
    assert (killed_with_this_process() is not None) == LINUX
