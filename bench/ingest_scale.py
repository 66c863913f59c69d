"""Scale ingest benchmark: bulk record writes per store, and end-to-end OCR throughput with 1 and 2 workers.

    DOCARCHIVE_MONGO_URL=mongodb://127.0.0.1:27027/ python -m bench.ingest_scale [--records 5000] [--pages 24]
        [--repeat 3]

Record writes carry no OCR: synthetic records of one ~1.5 KB page, committed 500 per unit of work, on
SQLite (alone, and with its FTS5 index in the same transaction) and on the MongoDB-protocol server. The OCR
part starts `docarchive worker` processes (1, then 2), lets each load its OCR models on a warm-up job, then
queues the same scanned pages and times them until every job is done; the ratio of the two runs is the
scaling on this machine's cores. With --repeat the two alternate, each round in a fresh database, and the
median ratio is printed beside each round's (with the load average: the machine may be shared).

Two rates per run: *batch* is every page over the time until the last job is done, so it includes the drain at
the end, when one worker finishes its last page while the other has nothing left (with 24 pages of ~4 s, half
a page per worker on average: ~4% of a 2-worker run); *steady* counts the pages finished while every worker
had work waiting (from the first job done to the one after which the queue ran dry, by the jobs' finish times),
which is what a deployment's workers do under a stream of uploads.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from docarchive.domain.documents import Document, DocType, Page
from docarchive.domain.ids import new_id

BATCH = 500
FILLER = "客户沟通记录：双方就设备采购合同的交货时间、付款方式及售后服务进行了确认。" * 20
BENCH_KEY = "bench-" + "0123456789abcdef" * 2  # a MongoDB deployment is given its ID-hash key


def synthetic(n: int) -> Document:
    return Document(id=new_id(), sha256=uuid.uuid4().hex * 2, filename=f"{n}.png", media_type="image/png",
                    size=1000, doc_type=DocType.OTHER, pages=[Page(n=1, text=f"{n} {FILLER}", confidence=0.95)],
                    customer_no=f"KH-2024-{n % 1000:05d}", created_at=datetime.now(UTC))


def write_rate(store, count: int) -> float:
    started = time.perf_counter()
    for start in range(0, count, BATCH):
        with store.unit_of_work() as uow:
            for n in range(start, min(count, start + BATCH)):
                uow.documents.add(synthetic(n))
            uow.commit()
    return count / (time.perf_counter() - started)


def record_writes(count: int, mongo_url: str | None) -> None:
    from docarchive.adapters.records.sqlite import SqliteRecordStore
    from docarchive.adapters.search.fts5 import Fts5SearchIndex
    from docarchive.adapters.search.fts5_indexing import Fts5Indexing
    from docarchive.domain.events import INDEXED
    from docarchive.search.plan import IdNumberHasher
    from docarchive.services.events import EventDispatcher

    print(f"\n# bulk record writes, no OCR ({count:,} records, {BATCH} per commit)")
    with tempfile.TemporaryDirectory() as tmp:
        print(f"sqlite                    {write_rate(SqliteRecordStore(Path(tmp, 'a.db')), count):>10,.0f} records/s")
        indexed = SqliteRecordStore(Path(tmp, "b.db"))
        Fts5SearchIndex(Path(tmp, "b.db")).close()  # its tables
        events = EventDispatcher()
        events.handle_in_transaction(Fts5Indexing(IdNumberHasher("k")), *INDEXED)
        indexed.publish_to(events)
        print(f"sqlite + FTS5 index       {write_rate(indexed, count):>10,.0f} records/s")
    if mongo_url:
        from docarchive.adapters.records.mongo import MongoRecordStore

        database = f"bench_{uuid.uuid4().hex[:8]}"
        store = MongoRecordStore(mongo_url, database=database)
        try:
            print(f"mongo wire (this server)  {write_rate(store, count):>10,.0f} records/s")
        finally:
            store.client.drop_database(database)
            store.close()


def ocr_throughput(pages: int, mongo_url: str, repeat: int) -> None:
    from docarchive.samples.writer import write_samples

    print(f"\n# end-to-end OCR through queued jobs ({pages} single-page scans per run, workers warmed up first)")
    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        scans = [f for f in write_samples(Path(tmp, "scans"), count=pages * 3, seed=11, level="light")
                 if len(f.truth["pages"]) == 1]
        if len(scans) < pages + 2:
            raise SystemExit(f"only {len(scans)} single-page samples generated; ask for fewer --pages")
        warmup, measured = scans[:2], scans[2:pages + 2]
        for round_no in range(1, repeat + 1):  # alternated, so load from elsewhere falls on both
            rates = {}
            for workers in (1, 2):
                home = Path(tmp, f"home{round_no}-{workers}")
                run = _timed_run(home, mongo_url, workers, warmup[:workers], measured)
                rates[workers] = run
                print(f"round {round_no}: {workers} worker process(es) batch {run.batch:>5.1f} pages/min "
                      f"({run.seconds:.1f} s), steady {run.steady:>5.1f} pages/min  (load {os.getloadavg()[0]:.2f})")
            ratios.append((rates[2].batch / rates[1].batch, rates[2].steady / rates[1].steady))
    for name, column in (("batch", 0), ("steady", 1)):
        values = [ratio[column] for ratio in ratios]
        shown = ", ".join(f"{r:.2f}" for r in values)
        print(f"scaling 2 vs 1 worker, {name:<6} {statistics.median(values):.2f}× median of [{shown}]  "
              f"(target ≥ 1.8× on 2 cores)")


@dataclass(frozen=True)
class Run:
    seconds: float  # from queuing the first page to the last job done
    batch: float  # pages/min over `seconds`
    steady: float  # pages/min while every worker had a job waiting


def _timed_run(home: Path, mongo_url: str, workers: int, warmup: list, measured: list) -> Run:
    """Rates for running workers to finish `measured`, after each worker has loaded its OCR models on a warm-up
    job: a deployment's workers run for days, so their start-up is not part of their throughput."""
    from docarchive.bootstrap import bootstrap
    from docarchive.config import Settings

    settings = Settings(home=home, mongo_url=mongo_url, mongo_database=f"bench_{uuid.uuid4().hex[:8]}", es_url=None,
                        id_hash_key=BENCH_KEY)
    container = bootstrap(settings)
    worker = _start_workers(settings, workers)
    try:
        _queue(container, warmup)
        _wait_for(container, len(warmup))
        jobs = container.records.client[settings.mongo_database]["jobs"]  # read as stored: finish times
        warm = {row["_id"] for row in jobs.find({}, {"_id": 1})}
        started = time.perf_counter()
        _queue(container, measured)
        _wait_for(container, len(warmup) + len(measured))
        seconds = time.perf_counter() - started
        finished = sorted(datetime.fromisoformat(row["updated_at"]) for row in jobs.find()
                          if row["_id"] not in warm)
        return Run(seconds, len(measured) / seconds * 60, _steady_rate(finished, workers))
    finally:
        os.killpg(worker.pid, 15)
        worker.wait(timeout=60)
        container.records.client.drop_database(settings.mongo_database)
        container.close()


def _steady_rate(finished: list[datetime], workers: int) -> float:
    """Pages/min between the first job done and the one after which the last job was claimed: until then every
    worker, on finishing, found another job waiting."""
    last_busy = finished[len(finished) - workers]
    return (len(finished) - workers) / (last_busy - finished[0]).total_seconds() * 60


def _start_workers(settings, workers: int) -> subprocess.Popen:
    env = {**os.environ, "DOCARCHIVE_HOME": str(settings.home), "DOCARCHIVE_MONGO_URL": settings.mongo_url,
           "DOCARCHIVE_ID_HASH_KEY": BENCH_KEY,
           "DOCARCHIVE_MONGO_DATABASE": settings.mongo_database}
    env.pop("DOCARCHIVE_ES_URL", None)
    return subprocess.Popen([sys.executable, "-m", "docarchive", "worker", "--concurrency", str(workers)], env=env,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def _queue(container, samples: list) -> None:
    from docarchive.services.jobs import queue_upload

    for sample in samples:
        queue_upload(container, filename=sample.path.name, data=sample.path.read_bytes(), customer_no=None,
                     engine=None)


def _wait_for(container, finished: int) -> None:
    # Polled rarely: the poll itself takes CPU from the workers on a 2-core machine.
    while True:
        counts = container.jobs.counts()
        if counts["done"] + counts["failed"] >= finished:
            return
        time.sleep(1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--repeat", type=int, default=1, help="rounds of 1 then 2 workers; the median ratio")
    args = parser.parse_args()
    mongo_url = os.environ.get("DOCARCHIVE_MONGO_URL")
    print(f"# {' '.join(sys.argv)}  (server: {mongo_url or 'none: set DOCARCHIVE_MONGO_URL'})")
    record_writes(args.records, mongo_url)
    if mongo_url:
        ocr_throughput(args.pages, mongo_url, args.repeat)


if __name__ == "__main__":
    main()
