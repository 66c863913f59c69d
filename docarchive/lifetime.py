"""Child processes that die with their parent. A pool worker whose parent was killed outright (`kill -9` of
`docarchive ingest`) would otherwise stay behind, holding an OCR engine's memory, with no one to give it work."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from typing import Callable

PR_SET_PDEATHSIG = 1  # linux/prctl.h
POLL_SECONDS = 1.0


def die_with_parent(parent: int) -> None:
    """Call first thing in a child: the kernel kills it when `parent` ends (Linux's PR_SET_PDEATHSIG), and a
    thread checks the parent each second as well — the kernel's signal follows the parent *thread* that
    started the child, and other systems have none. A parent already gone ends the child at once."""
    _ask_kernel()
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()


def killed_with_this_process() -> Callable[[], None] | None:
    """A `preexec_fn` for `subprocess.Popen`: the child is killed when this process ends, from its first
    instruction on (the kernel keeps the request across exec), not only once it has imported enough to call
    `die_with_parent` — a server killed while its pool is still starting would otherwise leave the pool. The
    function is looked up here, in the parent: between fork and exec the child should only make the call."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return lambda: prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)


def _ask_kernel() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):  # no prctl in this libc: the watching thread still ends the child
        pass


def _watch(parent: int) -> None:
    stopped = threading.Event()
    while not stopped.wait(POLL_SECONDS):
        if os.getppid() != parent:
            os._exit(1)  # nothing to flush: a pool worker's results go to a parent that is gone
