"""Starting `docarchive serve` on loopback: a free port and the wait for its health check (tests and bench)."""

from __future__ import annotations

import socket
import time

import httpx


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(base: str, seconds: float = 60) -> None:
    """Until `docarchive serve` at `base` answers its health check (TimeoutError after `seconds`)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/api/health", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise TimeoutError(f"docarchive serve did not answer at {base} within {seconds:.0f} s")
