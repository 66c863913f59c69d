"""Fault campaign: `kill -9` of the API, an ingest batch, a worker and the indexer, each at a random moment
while records are being written, then a check that nothing acknowledged was lost or harmed.

    python -m bench.faults [--trials 200] [--deployment embedded|scale] [--targets api,ingest,worker,indexer]

Each trial writes new records and kills its target at a random moment: `api` kills `docarchive serve` (only
the API process: its own workers must notice and end) while users upload and view pages; `ingest` kills a
`docarchive ingest --jobs 2` batch (only its main process: its pool must die with it); `worker` kills one
worker process mid-job (the supervisor replaces it, the job's lease brings the job back); `indexer` kills a
`docarchive reindex`. Then the work is run again to completion ("the next run completes"), and every record
acknowledged so far — a 202 for an upload, a printed result for a batch — is checked: stored once, its
original read back against its SHA-256, its pages there, the search index holding as many records as the
store with no index work pending or failed, no job left queued, running or failed, no process of a killed
parent left running, and nothing half-written or orphaned (blob temp files, originals no record or job
refers to, cached page images of no record). Orphans a kill leaves between an original's write and its
record's commit, and page images it leaves half-written, are counted, then removed by docarchive's own sweeps
(which `docarchive ingest` and the page cache run). Prints
one line per trial, then trials run and survived per target; exit 1 when any trial failed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

from bench._harness import Deployment, record_file, tree

TARGETS = ("api", "ingest", "worker", "indexer")
LEASE_SECONDS = 6  # a killed worker's job comes back this soon (the default is 120 s)
FILES_PER_TRIAL = 6
USER = "faults"
# serve's pool and its workers die with the server (the kernel's parent-death signal, and a check each second):
# the bound for them, with room for a loaded machine.
ORPHANED_WORKER_SECONDS = 10


class Campaign:
    def __init__(self, deployment: Deployment, rng: random.Random, root: Path):
        self.dep, self.rng, self.root = deployment, rng, root
        self.acknowledged: dict[str, str] = {}  # sha256 → file name, across all trials
        self.document_ids: list[str] = []
        self.next_file = 0
        self.headers: dict[str, str] = {}
        self.orphans_swept = 0
        self.cache_files_swept = 0

    def files(self, n: int = FILES_PER_TRIAL) -> list[tuple[str, bytes]]:
        made = [record_file(self.next_file + i, self.dep.tag) for i in range(n)]
        self.next_file += n
        return made

    def sign_in(self) -> None:
        self.headers = self.dep.token(USER)

    # --- the four targets -------------------------------------------------------------------------

    def api(self) -> list[str]:
        files, acked, stop = self.files(), [], threading.Event()
        uploader = threading.Thread(target=self._upload_all, args=(files, acked))
        viewer = threading.Thread(target=self._view_pages, args=(stop,))
        uploader.start(), viewer.start()
        time.sleep(self.rng.uniform(0.05, 2.5))
        before = tree(self.dep.server.pid)
        os.kill(self.dep.server.pid, signal.SIGKILL)  # the API alone: not its process group
        self.dep.server.wait()
        uploader.join(), stop.set(), viewer.join()
        problems = _outlived(before[1:], seconds=ORPHANED_WORKER_SECONDS)
        self.dep.start()
        self.sign_in()
        problems += self._wait_for_jobs(acked)
        unacked = [f for f in files if _sha(f[1]) not in {sha for sha, _ in acked}]
        again: list = []
        self._upload_all(unacked, again)  # the next run: what was not acknowledged is sent again
        return problems + self._wait_for_jobs(again, expect=len(unacked))

    def ingest(self) -> list[str]:
        folder = self.root / f"batch-{self.next_file}"
        folder.mkdir()
        files = self.files()
        for name, data in files:
            (folder / name).write_bytes(data)
        batch = self.dep.popen("ingest", str(folder), "--json", "--jobs", "2", stdout=subprocess.PIPE)
        time.sleep(self.rng.uniform(0.3, 6.0))
        workers = tree(batch.pid)[1:]
        os.kill(batch.pid, signal.SIGKILL)
        out, _ = batch.communicate()
        printed = [json.loads(line) for line in out.decode().splitlines() if line.startswith('{"path"')]
        self._acknowledge(r["sha256"] for r in printed if r["status"] in ("ingested", "duplicate"))
        problems = _outlived(workers, seconds=10)
        rerun = self.dep.docarchive("ingest", str(folder), "--json", "--jobs", "1")  # no pool to start: cheaper
        if rerun.returncode:
            return problems + [f"the next batch failed: {rerun.stderr.strip()[-300:]}"]
        self._acknowledge(_sha(data) for _, data in files)
        return problems

    def worker(self) -> list[str]:
        acked: list = []
        uploader = threading.Thread(target=self._upload_all, args=(self.files(), acked), kwargs={"together": True})
        uploader.start()
        time.sleep(self.rng.uniform(0.1, 2.5))  # while uploads arrive and are read
        supervisor = self.dep.worker.pid if self.dep.kind == "scale" else _child(self.dep.server.pid)
        workers = [pid for pid in tree(supervisor)[1:] if "spawn_main" in _command(pid)]  # not the resource tracker
        if workers:
            os.kill(self.rng.choice(workers), signal.SIGKILL)
        uploader.join()
        return self._wait_for_jobs(acked, seconds=180)

    def indexer(self) -> list[str]:
        rebuild = self.dep.popen("reindex")
        time.sleep(self.rng.uniform(0.2, 5.0))
        helpers = tree(rebuild.pid)[1:]
        os.kill(rebuild.pid, signal.SIGKILL)
        rebuild.wait()
        problems = _outlived(helpers, seconds=10)
        searched = httpx.get(f"{self.dep.base}/api/search", params={"q": "投诉"}, headers=self.headers, timeout=60)
        if searched.status_code != 200:
            problems.append(f"search after the killed rebuild answered {searched.status_code}: {searched.text[:200]}")
        rerun = self.dep.docarchive("reindex")
        if rerun.returncode:
            problems.append(f"the next reindex failed: {rerun.stderr.strip()[-300:]}")
        return problems

    # --- helpers ----------------------------------------------------------------------------------

    def _upload_all(self, files, acked: list, together: bool = False) -> None:
        def send(file) -> None:
            try:
                answer = httpx.post(f"{self.dep.base}/api/documents", files={"files": (file[0], file[1],
                                    "application/pdf")}, headers=self.headers, timeout=60)
            except httpx.TransportError:
                return  # no answer: not acknowledged
            if answer.status_code in (200, 201, 202):
                acked.append((_sha(file[1]), answer.json()))

        if together:
            threads = [threading.Thread(target=send, args=(f,)) for f in files]
            [t.start() for t in threads], [t.join() for t in threads]
        else:
            for file in files:
                send(file)

    def _view_pages(self, stop: threading.Event) -> None:
        while not stop.is_set() and self.document_ids:
            document = self.rng.choice(self.document_ids)
            try:
                httpx.get(f"{self.dep.base}/api/documents/{document}/pages/1.png",
                          params={"width": self.rng.randint(16, 4000)}, headers=self.headers, timeout=30)
            except httpx.TransportError:
                return

    def _wait_for_jobs(self, acked: list, *, expect: int | None = None, seconds: float = 120) -> list[str]:
        problems = [f"{expect - len(acked)} of {expect} uploads were not acknowledged on the next run"] \
            if expect is not None and len(acked) < expect else []
        self._acknowledge(sha for sha, _ in acked)
        deadline = time.monotonic() + seconds
        for sha, answer in acked:
            if answer.get("state") is None:  # answered at once (a duplicate)
                continue
            while True:
                job = httpx.get(f"{self.dep.base}/api/jobs/{answer['id']}", headers=self.headers, timeout=30).json()
                if job["state"] in ("done", "failed") or time.monotonic() > deadline:
                    break
                time.sleep(0.3)
            if job["state"] != "done":
                problems.append(f"job {answer['id']} ended {job['state']}: {job.get('error')}")
            elif job["document_id"]:
                self.document_ids.append(job["document_id"])
        return problems

    def _acknowledge(self, shas) -> None:
        for sha in shas:
            self.acknowledged.setdefault(sha, "")

    # --- the check after each trial ----------------------------------------------------------------

    def check(self) -> list[str]:
        from docarchive.bootstrap import bootstrap
        from docarchive.services.documents import sweep_orphan_blobs
        from docarchive.services.indexing import indexing_status

        container = bootstrap(self.dep.settings())
        try:
            problems = _wait_indexed(container)
            documents = _all_documents(container)
            counts = Counter(d.sha256 for d in documents)
            problems += [f"{sha[:12]} stored {n} times" for sha, n in counts.items() if n > 1]
            problems += [f"acknowledged {sha[:12]} is missing" for sha in self.acknowledged if sha not in counts]
            for document in documents:
                problems += _record_problems(container, document)
            indexed, status = container.index.count(), indexing_status(container.records)
            if indexed != len(documents):
                problems.append(f"the search index holds {indexed} records, the store {len(documents)}")
            jobs = container.jobs.counts()
            if jobs["queued"] or jobs["running"] or jobs["failed"]:
                problems.append(f"jobs left: {jobs}")
            waiting = container.jobs.pending_sha256s()
            self.orphans_swept += len(set(container.blobs.keys()) - set(counts) - waiting)
            sweep_orphan_blobs(container.records, container.blobs, older_than_seconds=0, keep=waiting)
            left = set(container.blobs.keys()) - set(counts) - waiting
            problems += [f"orphan original {sha[:12]} survived the sweep" for sha in left]
            cached, swept = _cache_problems(container.settings.cache_path, set(counts))
            problems += cached
            self.cache_files_swept += swept
            if status["index_failed"]:
                problems.append(f"{status['index_failed']} index entries failed")
            return problems
        finally:
            container.close()


def _record_problems(container, document) -> list[str]:
    from docarchive.domain.errors import DocarchiveError

    try:
        data = container.blobs.get(document.sha256)  # checks the bytes against their SHA-256
    except DocarchiveError as exc:
        return [f"record {document.id}: original unreadable ({exc})"]
    if hashlib.sha256(data).hexdigest() != document.sha256 or len(data) != document.size:
        return [f"record {document.id}: original differs from what was recorded"]
    if document.page_count < 1 or len(document.pages) != document.page_count or not document.text.strip():
        return [f"record {document.id}: pages missing ({len(document.pages)} of {document.page_count})"]
    return []


def _cache_problems(cache: Path, records: set[str]) -> tuple[list[str], int]:
    """Cached pages of no record, and half-written images: those a kill left (older than a live write) are
    counted, then removed by the cache's own sweep, and none may be left."""
    from docarchive.adapters.page_cache import PageCache

    pages = cache / "pages"
    if not pages.exists():
        return [], 0
    problems = [f"cached pages of no record: {folder.name[:12]}" for folder in pages.iterdir()
                if folder.name not in records]
    swept = PageCache(cache, max_bytes=1).sweep_half_written(older_than_seconds=5)
    problems += [f"half-written cache file {path.name}" for path in pages.rglob("*.tmp")
                 if time.time() - path.stat().st_mtime > 5]
    return problems, swept


def _wait_indexed(container, seconds: float = 90) -> list[str]:
    from docarchive.services.indexing import indexing_status

    deadline = time.monotonic() + seconds
    while (pending := indexing_status(container.records)["index_pending"]) and time.monotonic() < deadline:
        time.sleep(0.5)
    return [f"{pending} index entries still pending after {seconds:.0f} s"] if pending else []


def _all_documents(container) -> list:
    found, after = [], None
    while True:
        with container.records.unit_of_work(readonly=True) as uow:
            batch = uow.documents.scan(after_id=after, limit=500)
        if not batch:
            return found
        found += batch
        after = batch[-1].id


def _outlived(pids: list[int], *, seconds: float) -> list[str]:
    """The processes of a killed parent: each must end by itself within `seconds`."""
    deadline = time.monotonic() + seconds
    while (alive := [pid for pid in pids if _alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.2)
    named = [f"process {pid} ({_command(pid)}) outlived its killed parent" for pid in alive]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)  # leave nothing behind for the next trial
    return named


def _command(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read().replace(b"\0", b" ").decode(errors="replace").strip()[-80:]
    except OSError:
        return "?"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def _child(pid: int) -> int:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return int(found[0]) if found else pid


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--deployment", choices=("embedded", "scale"), default="embedded")
    parser.add_argument("--targets", default=",".join(TARGETS))
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    targets = [t for t in args.targets.split(",") if t]
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    root = Path(tempfile.mkdtemp(prefix="faults-"))
    dep = Deployment(args.deployment, root, DOCARCHIVE_JOB_LEASE_SECONDS=str(LEASE_SECONDS), DOCARCHIVE_JOBS="1")
    campaign = Campaign(dep, random.Random(seed), root)
    survived, run, started = Counter(), Counter(), time.monotonic()
    print(f"## Fault campaign: {args.trials} trials on the {args.deployment} deployment, seed {seed}\n")
    try:
        dep.add_users([USER])
        dep.start()
        campaign.sign_in()
        for trial in range(args.trials):
            target = targets[trial % len(targets)]
            began = time.monotonic()
            problems = getattr(campaign, target)()
            checked = time.monotonic()
            problems += campaign.check()
            ended = time.monotonic()
            run[target] += 1
            survived[target] += not problems
            verdict = "survived" if not problems else "FAILED: " + "; ".join(problems[:5])
            print(f"trial {trial + 1:4d} kill -9 {target:8s} acknowledged records {len(campaign.acknowledged):5d}"
                  f"  {checked - began:5.1f} s + check {ended - checked:4.1f} s  {verdict}", flush=True)
    finally:
        dep.stop()
        dep.drop()
        shutil.rmtree(root, ignore_errors=True)
    total = sum(survived.values())
    print(f"\ntrials run {sum(run.values())}, survived {total}; "
          + ", ".join(f"{t} {survived[t]}/{run[t]}" for t in targets)
          + f"; records acknowledged {len(campaign.acknowledged)}; orphan originals left by kills and swept "
            f"{campaign.orphans_swept}; half-written cache images left by kills and swept "
            f"{campaign.cache_files_swept}; {time.monotonic() - started:.0f} s; load average "
            + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0 if total == sum(run.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
