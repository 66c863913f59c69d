"""`docarchive serve` as deployed on the embedded default: uploads are queued and read by its own pool of
workers, a burst of uploads keeps memory bounded, and killing the server leaves no worker behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.conftest import SCALE
from tests.ocr_helpers import render_lines
from tests.serving import free_port, wait_until_serving
from tests.text_pdfs import complaint

pytestmark = pytest.mark.skipif(SCALE, reason="the scale deployment runs its workers apart (docker compose)")
SERVER_RSS_MB = 400  # the API process: no OCR engine in it
WORKER_RSS_MB = 1200  # one RapidOCR worker at its peak, with margin (README: memory per worker)


@pytest.fixture
def server(tmp_path):
    process, port = _serve(tmp_path)
    base = f"http://127.0.0.1:{port}"
    wait_until_serving(base)
    token = httpx.post(f"{base}/api/auth/token", data={"username": "wang", "password": "archive-2026"}).json()
    yield process, base, {"Authorization": f"Bearer {token['access_token']}"}
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def _serve(tmp_path) -> tuple[subprocess.Popen, int]:
    env = {**os.environ, "DOCARCHIVE_HOME": str(tmp_path / "home"), "DOCARCHIVE_JOBS": "1"}
    env.pop("DOCARCHIVE_ES_URL", None), env.pop("DOCARCHIVE_MONGO_URL", None)
    subprocess.run([sys.executable, "-m", "docarchive", "user", "add", "wang", "--role", "archivist",
                    "--password-stdin"], input="archive-2026\n", env=env, text=True, check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "docarchive", "serve", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    return process, port


def uploads(n: int) -> list[tuple[str, bytes, str]]:
    files = [(f"complaint-{i}.pdf", complaint(f"KH-2024-{i:05d}", f" 第{i}次"), "application/pdf") for i in range(n - 4)]
    for i in range(4):
        image = render_lines([f"客户回访记录 第{i + 1}次", "回访内容：满意度调查"], size=36)
        buffer = __import__("io").BytesIO()
        image.save(buffer, "PNG")
        files.append((f"visit-{i}.png", buffer.getvalue(), "image/png"))
    return files


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


def tree(pid: int) -> list[int]:
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [pid] + [p for child in children for p in tree(int(child))]


def test_twenty_concurrent_uploads_each_end_as_one_record_with_memory_bounded(server):
    process, base, headers = server

    def send(file):
        return httpx.post(f"{base}/api/documents", files={"files": file}, headers=headers, timeout=60)

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(send, uploads(20)))
    assert [a.status_code for a in answers] == [202] * 20
    peak = {"server": 0.0, "workers": 0.0}
    jobs = {a.json()["id"] for a in answers}
    deadline = time.monotonic() + 300
    states = {}
    while time.monotonic() < deadline:
        peak["server"] = max(peak["server"], rss_mb(process.pid))
        peak["workers"] = max(peak["workers"], sum(rss_mb(p) for p in tree(process.pid)[1:] if _alive(p)))
        states = {job: httpx.get(f"{base}/api/jobs/{job}", headers=headers).json()["state"] for job in jobs}
        search = httpx.get(f"{base}/api/search", params={"q": "投诉"}, headers=headers, timeout=5)
        assert search.status_code == 200  # search answers while the workers read
        if set(states.values()) <= {"done", "failed"}:
            break
        time.sleep(1)
    assert set(states.values()) == {"done"}, states
    listed = httpx.get(f"{base}/api/documents", params={"limit": 100}, headers=headers).json()
    assert len(listed) == 20
    assert peak["server"] < SERVER_RSS_MB and peak["workers"] < WORKER_RSS_MB + 200, peak


def test_killing_the_server_leaves_no_worker_behind(server):
    process, _base, _headers = server
    family = _pool_up(process)
    process.kill()
    process.wait()
    assert _all_ended(family[1:], seconds=10)  # they die with it: no job in hand is waited for


def test_a_terminated_server_stops_its_workers_before_it_ends(server):
    process, _base, _headers = server
    family = _pool_up(process)
    process.send_signal(signal.SIGTERM)  # the server alone, as a service manager's stop does
    assert process.wait(timeout=60) == 0
    assert not [p for p in family[1:] if _alive(p)]


def test_a_server_killed_while_its_pool_is_starting_leaves_no_pool(tmp_path):
    process, _port = _serve(tmp_path)
    deadline = time.monotonic() + 60
    while len(family := tree(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    process.kill()  # the pool is still importing: it has not yet asked to die with the server
    process.wait()
    assert _all_ended(family[1:], seconds=5)


def test_a_pool_that_dies_is_started_again_and_reads_the_waiting_uploads(server):
    process, base, headers = server
    family = _pool_up(process)
    os.kill(family[1], signal.SIGKILL)  # the pool's supervisor (its workers die with it)
    answer = httpx.post(f"{base}/api/documents", files={"files": uploads(5)[0]}, headers=headers, timeout=60)
    job = answer.json()["id"]
    deadline = time.monotonic() + 120
    while (state := httpx.get(f"{base}/api/jobs/{job}", headers=headers).json()["state"]) != "done":
        assert time.monotonic() < deadline, state
        time.sleep(0.5)


def _pool_up(process) -> list[int]:
    deadline = time.monotonic() + 30
    while len(family := tree(process.pid)) < 3 and time.monotonic() < deadline:  # server, supervisor, worker
        time.sleep(0.2)
    assert len(family) >= 3
    return family


def _all_ended(pids: list[int], *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.2)
    return not any(_alive(p) for p in pids)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as status:
            return "zombie" not in status.read()
    except FileNotFoundError:
        return False
