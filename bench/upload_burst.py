"""Upload burst: N concurrent uploads to `docarchive serve` (embedded default), and the memory it takes.

    python -m bench.upload_burst [--uploads 20] [--jobs 1]

Starts `docarchive serve` in a fresh home with DOCARCHIVE_JOBS workers, sends `--uploads` scans at once
(rendered Chinese pages: OCR'd by the workers), and samples resident memory (VmRSS) of the API process and
of its workers every 0.2 s until every job is done. Printed: the answers, the seconds to drain the queue,
and the peaks — the figure the README's memory bound rests on (server + workers × per-worker peak).
"""

from __future__ import annotations

import argparse
import io
import os
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.serving import free_port, wait_until_serving  # noqa: E402

PASSWORD = "Scan-queue-2026"  # the password rules refuse one holding the user name


def scans(n: int) -> list[tuple[str, bytes, str]]:
    from docarchive.samples.render import render_text_page

    files = []
    for i in range(n):
        image = render_text_page(["客户投诉处理记录", f"客户编号：KH-2026-{i:05d}", "投诉日期：2026年3月5日",
                                  f"处理结果：已回访，第{i}次跟进", "经办人：王芳"])
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        files.append((f"burst-{i}.png", buffer.getvalue(), "image/png"))
    return files


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024
    except (FileNotFoundError, StopIteration):
        return 0.0


def children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(child) for child in found] + [g for child in found for g in children(int(child))]


def start_server(home: Path, jobs: int):
    env = {**os.environ, "DOCARCHIVE_HOME": str(home), "DOCARCHIVE_JOBS": str(jobs)}
    env.pop("DOCARCHIVE_ES_URL", None), env.pop("DOCARCHIVE_MONGO_URL", None)
    subprocess.run([sys.executable, "-m", "docarchive", "user", "add", "burst", "--role", "archivist",
                    "--password-stdin"], input=PASSWORD + "\n", env=env, text=True, check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "docarchive", "serve", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    return process, f"http://127.0.0.1:{port}"


def main(argv: list[str] | None = None) -> None:
    import httpx

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    files = scans(args.uploads)
    process, base = start_server(Path(tempfile.mkdtemp(prefix="burst-")) / "home", args.jobs)
    try:
        try:
            wait_until_serving(base)
        except TimeoutError as error:
            raise SystemExit(str(error)) from None
        token = httpx.post(f"{base}/api/auth/token", data={"username": "burst", "password": PASSWORD}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        started = time.monotonic()
        with ThreadPoolExecutor(args.uploads) as pool:
            answers = list(pool.map(lambda f: httpx.post(f"{base}/api/documents", files={"files": f},
                                                         headers=headers, timeout=120), files))
        jobs = [a.json()["id"] for a in answers if a.status_code == 202]
        peak_server = peak_workers = peak_one = 0.0
        while True:
            workers = [rss_mb(pid) for pid in children(process.pid)]
            peak_server = max(peak_server, rss_mb(process.pid))
            peak_workers, peak_one = max(peak_workers, sum(workers)), max([peak_one, *workers])
            states = [httpx.get(f"{base}/api/jobs/{job}", headers=headers).json()["state"] for job in jobs]
            if all(state in ("done", "failed") for state in states):
                break
            time.sleep(0.2)
        print(f"## Upload burst: {args.uploads} concurrent scans, DOCARCHIVE_JOBS={args.jobs}\n")
        print(f"answers: {sorted(a.status_code for a in answers)}; jobs done: {states.count('done')}, "
              f"failed: {states.count('failed')}; queue drained in {time.monotonic() - started:.1f} s")
        print(f"peak resident memory: API process {peak_server:.0f} MB, workers together {peak_workers:.0f} MB, "
              f"one worker {peak_one:.0f} MB; server + workers {peak_server + peak_workers:.0f} MB")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


if __name__ == "__main__":
    main()
