"""What bench.faults and bench.load share: a deployment of their own (embedded in a temporary home, or scale
on the running MongoDB/FerretDB and Elasticsearch under names of their own), its `docarchive serve` (and, on
scale, `docarchive worker`), signed-in users, and files to upload (text PDFs: read without OCR, so a trial
measures docarchive, not the OCR engine)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import httpx

from tests.serving import free_port, wait_until_serving
from tests.text_pdfs import text_pdf

PASSWORD = "Harness-pass-2026"
ID_HASH_KEY = "bench-key-" + "0123456789abcdef" * 2
DATA_KEYS = '["benchkey:' + "0123456789abcdef" * 4 + '"]'


class Deployment:
    def __init__(self, kind: str, root: Path, **extra: str):
        self.kind, self.home, self.tag = kind, root / "home", uuid.uuid4().hex[:10]
        env = {k: v for k, v in os.environ.items() if not k.startswith("DOCARCHIVE_")}
        env |= {"DOCARCHIVE_HOME": str(self.home), "DOCARCHIVE_OCR_ENGINE": "tesseract", **extra}
        if kind == "scale":
            env |= {"DOCARCHIVE_MONGO_URL": os.environ.get("DOCARCHIVE_MONGO_URL", "mongodb://127.0.0.1:27027/"),
                    "DOCARCHIVE_ES_URL": os.environ.get("DOCARCHIVE_ES_URL", "http://127.0.0.1:9250"),
                    "DOCARCHIVE_MONGO_DATABASE": f"bench_{self.tag}", "DOCARCHIVE_ES_INDEX_PREFIX": f"bench-{self.tag}",
                    "DOCARCHIVE_ID_HASH_KEY": ID_HASH_KEY, "DOCARCHIVE_DATA_KEYS": DATA_KEYS}
        self.env = env
        self.server: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.base = ""

    def settings(self):
        """The deployment's Settings, read from its environment as its processes read it."""
        from docarchive.config import Settings

        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(self.env)
        try:
            return Settings()
        finally:
            os.environ.clear()
            os.environ.update(saved)

    def docarchive(self, *args: str, stdin: str | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "docarchive", *args], env=self.env, input=stdin, text=True,
                              capture_output=True, timeout=timeout)

    def popen(self, *args: str, **kwargs) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "docarchive", *args], env=self.env, start_new_session=True,
                                **{"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, **kwargs})

    def add_users(self, names: list[str], role: str = "archivist") -> None:
        for name in names:
            done = self.docarchive("user", "add", name, "--role", role, "--password-stdin", stdin=PASSWORD + "\n")
            if done.returncode:
                raise SystemExit(f"cannot add user {name}: {done.stderr.strip()}")

    def start(self, *, port: int | None = None) -> None:
        """`docarchive serve` (with its own workers, embedded) and, on scale, one `docarchive worker`."""
        port = port or free_port()
        self.base = f"http://127.0.0.1:{port}"
        log = open(self.home.parent / "serve.log", "ab")  # what went wrong, if anything did
        self.server = self.popen("serve", "--port", str(port), stdout=log, stderr=log)
        if self.kind == "scale" and (self.worker is None or self.worker.poll() is not None):
            self.worker = self.popen("worker", "--concurrency", "1", stdout=log, stderr=log)
        wait_until_serving(self.base, 90)

    def stop(self) -> None:
        for process in (self.server, self.worker):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=60)

    def token(self, name: str) -> dict[str, str]:
        answer = httpx.post(f"{self.base}/api/auth/token", data={"username": name, "password": PASSWORD}, timeout=30)
        answer.raise_for_status()
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}

    def drop(self) -> None:
        """Remove what a scale run made on the shared servers (the embedded home is the caller's folder)."""
        if self.kind != "scale":
            return
        import pymongo
        from elasticsearch import Elasticsearch

        with pymongo.MongoClient(self.env["DOCARCHIVE_MONGO_URL"], serverSelectionTimeoutMS=3000) as client:
            client.drop_database(self.env["DOCARCHIVE_MONGO_DATABASE"])
        es = Elasticsearch(self.env["DOCARCHIVE_ES_URL"])
        es.indices.delete(index=f"{self.env['DOCARCHIVE_ES_INDEX_PREFIX']}*", ignore_unavailable=True)


def record_file(n: int, run: str) -> tuple[str, bytes]:
    """A distinct one-page record (its own customer number and wording), named for its number."""
    return f"record-{run}-{n:05d}.pdf", text_pdf("客户投诉处理记录", f"客户编号：KH-2026-{n % 100000:05d}",
                                                "投诉日期：2026年3月5日", f"处理结果：已回访 批次{run} 第{n}号")


def tree(pid: int) -> list[int]:
    """`pid` and every process below it."""
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [pid] + [p for child in found for p in tree(int(child))]


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024
    except (FileNotFoundError, StopIteration, ProcessLookupError):
        return 0.0
