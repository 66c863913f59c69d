"""Load and soak: many signed-in users on loopback searching, viewing records and pages, downloading and
uploading at once, against `docarchive serve` on either deployment.

    python -m bench.load [--deployment embedded|scale] [--users 20] [--records 200] [--seconds 60]
    python -m bench.load --minutes 10          # the soak: memory sampled throughout, its trend fitted

Seeds `--records` text-PDF records (`docarchive ingest`), adds `--users` accounts (archivists and staff, each
with a token), then each user runs its own loop for the duration, picking an action at random (weights below).
Prints per endpoint the requests served, throughput, p50 and p99 latency, errors (any answer other than
2xx, or none; target 0) and deferred requests (503 with Retry-After when the upload queue is full — the user
then waits as asked, like a well-behaved client), and the resident memory of the server and its workers sampled every 5 s, with the
least-squares slope over the run after the first minute and over its second half (MB per minute: no growth
trend means near 0), and the memory each minute.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

from bench._harness import Deployment, PASSWORD, record_file, rss_mb, tree

# What a user does, and how often: mostly finding and reading, now and then a new scan.
ACTIONS = {"search": 35, "record": 15, "page": 25, "download": 15, "upload": 10}
QUERIES = ["投诉", "回访", "客户投诉处理记录", "已回访 批次", "KH-2026", "处理结果", "投诉日期"]
PAGE_WIDTHS = [120, 200, 1200, None, 333, 800]  # the web UI's, full size, and one that snaps


class Recorder:
    def __init__(self):
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self.deferred: dict[str, int] = defaultdict(int)  # 503 + Retry-After: the queue is full, come back later
        self.lock = threading.Lock()

    def time(self, endpoint: str, call) -> httpx.Response | None:
        started = time.monotonic()
        try:
            response = call()
        except httpx.TransportError as exc:
            response, reason = None, f"no answer: {exc.__class__.__name__}"
        else:
            reason = None if response.is_success else f"{response.status_code} {response.text[:120]}"
        deferred = response is not None and response.status_code == 503 and "retry-after" in response.headers
        with self.lock:
            self.latency[endpoint].append(time.monotonic() - started)
            if deferred:
                self.deferred[endpoint] += 1
            elif reason:
                self.errors[endpoint].append(reason)
        if deferred:  # as a client should: wait as long as asked before the next request
            time.sleep(min(float(response.headers["retry-after"]), 30))
        return response


class User:
    def __init__(self, base: str, token: str, ids: list[str], recorder: Recorder, rng: random.Random, run: str):
        self.client = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=120)
        self.ids, self.recorder, self.rng, self.run = ids, recorder, rng, run

    def loop(self, until: float, counter) -> None:
        names, weights = list(ACTIONS), list(ACTIONS.values())
        while time.monotonic() < until:
            getattr(self, self.rng.choices(names, weights)[0])(counter)
        self.client.close()

    def search(self, _) -> None:
        self.recorder.time("GET /api/search", lambda: self.client.get("/api/search", params={
            "q": self.rng.choice(QUERIES), "page": self.rng.choice([1, 1, 2])}))

    def record(self, _) -> None:
        self.recorder.time("GET /api/documents/{id}", lambda: self.client.get(f"/api/documents/{self._id()}"))

    def page(self, _) -> None:
        width = self.rng.choice(PAGE_WIDTHS)
        self.recorder.time("GET /api/documents/{id}/pages/1.png", lambda: self.client.get(
            f"/api/documents/{self._id()}/pages/1.png", params={"width": width} if width else {}))

    def download(self, _) -> None:
        self.recorder.time("GET /api/documents/{id}/file", lambda: self.client.get(f"/api/documents/{self._id()}/file"))

    def upload(self, counter) -> None:
        name, data = record_file(next(counter), self.run)
        self.recorder.time("POST /api/documents", lambda: self.client.post(
            "/api/documents", files={"files": (name, data, "application/pdf")}))

    def _id(self) -> str:
        return self.rng.choice(self.ids)


def seed(dep: Deployment, root: Path, records: int, users: int) -> list[str]:
    """`records` records through `docarchive ingest`; `users` accounts; returns their tokens."""
    folder = root / "seed"
    folder.mkdir()
    for n in range(records):
        name, data = record_file(n, "seed")
        (folder / name).write_bytes(data)
    done = dep.docarchive("ingest", str(folder), "--jobs", "2", timeout=3600)
    if done.returncode:
        raise SystemExit(f"seeding failed: {done.stderr.strip()[-500:]}")
    from docarchive.bootstrap import bootstrap
    from docarchive.services.accounts import add_user, personal_token

    container = bootstrap(dep.settings())
    try:
        tokens = []
        for n in range(users):
            name = f"user{n:03d}"  # archivists: every action is theirs to take (staff would see 404s, rightly)
            add_user(container.accounts, clock=container.clock, name=name, roles=["archivist"], password=PASSWORD)
            tokens.append(personal_token(container.accounts, clock=container.clock, name=name).value)
        return tokens
    finally:
        container.close()


def record_ids(dep: Deployment, token: str) -> list[str]:
    ids, offset = [], 0
    while True:
        page = httpx.get(f"{dep.base}/api/documents", params={"limit": 500, "offset": offset},
                         headers={"Authorization": f"Bearer {token}"}, timeout=60).json()
        ids += [record["id"] for record in page]
        if len(page) < 500:
            return ids
        offset += 500


def sample_memory(dep: Deployment, stop: threading.Event, samples: list, started: float) -> None:
    while True:
        processes = tree(dep.server.pid) + (tree(dep.worker.pid) if dep.worker else [])
        samples.append((time.monotonic() - started, rss_mb(dep.server.pid), sum(rss_mb(p) for p in processes)))
        if stop.wait(5):
            return


def slope_per_minute(points: list[tuple[float, float]]) -> float:
    if len(points) < 3:
        return 0.0
    xs, ys = [t / 60 for t, _ in points], [m for _, m in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / spread if spread else 0.0


def report(recorder: Recorder, seconds: float, samples: list, args) -> int:
    print(f"## Load: {args.users} users, {seconds:.0f} s, {args.deployment} deployment, {args.records} records "
          f"seeded\n")
    print("| endpoint | requests | per s | p50 ms | p99 ms | errors | deferred |\n|---|---:|---:|---:|---:|---:|---:|")
    total = errors = 0
    for endpoint, times in sorted(recorder.latency.items()):
        ordered = sorted(times)
        p50, p99 = ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        failed = len(recorder.errors.get(endpoint, []))
        total, errors = total + len(times), errors + failed
        print(f"| {endpoint} | {len(times)} | {len(times) / seconds:.1f} | {p50 * 1000:.0f} | {p99 * 1000:.0f} "
              f"| {failed} | {recorder.deferred.get(endpoint, 0)} |")
    print(f"| all | {total} | {total / seconds:.1f} | | | {errors} | {sum(recorder.deferred.values())} |\n")
    print("deferred: answered 503 with Retry-After (the upload queue was full: the workers were behind); the user "
          "waited as long as asked. Not an error: the designed back-pressure, nothing was stored or lost.")
    for endpoint, reasons in recorder.errors.items():
        print(f"errors on {endpoint}: {sorted(set(reasons))[:3]}")
    steady = [s for s in samples if s[0] >= 60] or samples
    late = [s for s in samples if s[0] >= samples[-1][0] / 2] or samples
    print(f"memory (MB, VmRSS): API process {samples[0][1]:.0f} → {samples[-1][1]:.0f} (peak "
          f"{max(s[1] for s in samples):.0f}); server with its workers {samples[0][2]:.0f} → {samples[-1][2]:.0f} "
          f"(peak {max(s[2] for s in samples):.0f}); trend after the first minute: API "
          f"{slope_per_minute([(t, a) for t, a, _ in steady]):+.2f} MB/min, all "
          f"{slope_per_minute([(t, b) for t, _, b in steady]):+.2f} MB/min over {len(samples)} samples; "
          f"over the second half: API {slope_per_minute([(t, a) for t, a, _ in late]):+.2f} MB/min, all "
          f"{slope_per_minute([(t, b) for t, _, b in late]):+.2f} MB/min")
    print("memory each minute (API / all, MB): " + ", ".join(
        f"{t / 60:.0f}: {a:.0f}/{b:.0f}" for t, a, b in samples[::12]))
    print("load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--deployment", choices=("embedded", "scale"), default="embedded")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--records", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--minutes", type=float, help="a soak of this many minutes (overrides --seconds)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    seconds = args.minutes * 60 if args.minutes else args.seconds
    root = Path(tempfile.mkdtemp(prefix="load-"))
    dep = Deployment(args.deployment, root, DOCARCHIVE_JOBS="1")
    recorder, samples, stop = Recorder(), [], threading.Event()
    try:
        tokens = seed(dep, root, args.records, args.users)
        dep.start()
        ids = record_ids(dep, tokens[1 % len(tokens)])
        rng = random.Random(args.seed)
        counter = iter(range(1_000_000))
        lock = threading.Lock()

        def next_file() -> int:
            with lock:
                return next(counter)

        class Counter:
            def __next__(self):
                return next_file()

        users = [User(dep.base, token, ids, recorder, random.Random(rng.random()), dep.tag) for token in tokens]
        started = time.monotonic()
        sampler = threading.Thread(target=sample_memory, args=(dep, stop, samples, started))
        sampler.start()
        threads = [threading.Thread(target=u.loop, args=(started + seconds, Counter())) for u in users]
        [t.start() for t in threads]
        [t.join() for t in threads]
        stop.set(), sampler.join()
        return report(recorder, time.monotonic() - started, samples, args)
    finally:
        stop.set()
        if dep.server is not None and dep.server.poll() is not None:
            print(f"docarchive serve ended during the run (exit {dep.server.returncode})")
        dep.stop()
        dep.drop()
        if os.environ.get("BENCH_KEEP"):
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
