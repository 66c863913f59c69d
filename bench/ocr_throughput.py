"""Issue 18's figure: the ingest pipeline's pages/min on all cores ÷ the stock engine's, start-up included.

The stock engine is `rapidocr_onnxruntime.RapidOCR()` with its default settings, one single-threaded process
per core, reading the same PNG files. "Before" is the pipeline as main runs it (recognition in batches of 6);
"after" is today's default. The three run one after another in one process, repeated `rounds` times, so the
ratios come from the same minutes of the same machine. Wall time decides pages/min; CPU seconds per page
(the worker processes' and this process's, from getrusage) are printed beside it because other work on a
shared machine stretches wall time but hardly CPU time.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

STAGES = ("decode", "prepare", "detect", "classify", "recognise", "extract", "commit")
# main's pipeline (batches of 6 on onnxruntime, detection on the page itself): everything else as today
BEFORE = {"ocr_rec_batch": 6, "ocr_runtime": "onnxruntime", "ocr_det_scale": 1.0}
_ENGINE_ARGUMENTS = {"ocr_rec_batch": "rec_batch", "ocr_runtime": "runtime", "ocr_det_scale": "det_scale"}
AFTER: dict = {}


@dataclass
class Run:
    label: str
    pages: int
    wall: float
    cpu: float
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def per_minute(self) -> float:
        return self.pages / self.wall * 60


def _cpu_used() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


_stock = None


def _stock_init() -> None:
    global _stock
    from rapidocr_onnxruntime import RapidOCR

    _stock = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)  # otherwise its defaults


def _stock_read(path: str) -> int:
    result, _ = _stock(path)
    return len(result or ())


def stock_run(files: list[Path], jobs: int) -> Run:
    """Start-up included: the pool and the models load inside the clock, as the pipeline's do."""
    cpu, started = _cpu_used(), time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_stock_init) as pool:
        list(pool.map(_stock_read, [str(f) for f in files]))
    return Run("stock rapidocr_onnxruntime", len(files), time.perf_counter() - started, _cpu_used() - cpu)


def pipeline_run(label: str, files: list[Path], jobs: int, home: Path, overrides: dict) -> Run:
    from docarchive.bootstrap import bootstrap
    from docarchive.config import Settings
    from docarchive.ingest.context import IngestRequest

    container = bootstrap(Settings(home=home, ocr_engine="rapidocr", jobs=jobs, **overrides))
    try:
        requests = [IngestRequest(filename=f.name, path=str(f)) for f in files]
        cpu, started = _cpu_used(), time.perf_counter()
        results = container.pipeline().run(requests, jobs=jobs)
        wall, spent = time.perf_counter() - started, _cpu_used() - cpu
    finally:
        container.close()
    assert all(r.status == "ingested" for r in results), [r.error for r in results if r.error][:3]
    stages = {stage: sum(r.cpu.get(stage, 0.0) for r in results) for stage in STAGES}
    return Run(label, sum(r.page_count for r in results), wall, spent, stages)


def write_files(images, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i, image in enumerate(images):
        files.append(folder / f"{i:04d}.png")
        image.save(files[-1], compress_level=1)
    return files


def compare(images, jobs: int, rounds: int) -> list[list[Run]]:
    """Rounds of stock, before, after (and after on one worker, for the scaling), each on fresh stores.

    "After" reads its compiled models from a cache this run fills first, as a server does from its second
    start on; the start-up cost with the cache cold and warm is printed before the rounds."""
    measured = []
    with tempfile.TemporaryDirectory() as tmp:
        files = write_files(images, Path(tmp, "scans"))
        after = {**AFTER, "ocr_cache_dir": str(Path(tmp, "compiled"))}
        print_startup(Path(tmp, "compiled"))
        for n in range(rounds):
            runs = [stock_run(files, jobs)]
            runs.append(pipeline_run("pipeline before (main)", files, jobs, Path(tmp, f"before{n}"), BEFORE))
            runs.append(pipeline_run("pipeline after", files, jobs, Path(tmp, f"after{n}"), after))
            if jobs > 1:
                runs.append(pipeline_run("pipeline after, 1 worker", files, 1, Path(tmp, f"one{n}"), after))
            measured.append(runs)
            print_round(n, runs, jobs)
    return measured


def print_startup(cache: Path) -> None:
    """CPU seconds for a fresh worker process to import the engine and load its models."""
    stock = _in_fresh_process(_stock_startup)
    before = _in_fresh_process(_engine_startup, BEFORE, None)
    cold, warm = (_in_fresh_process(_engine_startup, AFTER, cache) for _ in range(2))
    print(f"worker start-up, CPU s: stock {stock:.2f}; before {before:.2f}; after, model cache cold {cold:.2f}, "
          f"warm {warm:.2f}")


def _in_fresh_process(function, *args) -> float:
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def _stock_startup() -> float:
    _stock_init()
    return time.process_time()


def _engine_startup(overrides: dict, cache: Path | None) -> float:
    _engine(overrides, cache)._engine()
    return time.process_time()


def _engine(overrides: dict, cache: Path | None = None):
    """The RapidOCR engine a pipeline with these settings overrides builds in each worker."""
    from docarchive.adapters.ocr import create_ocr_engine

    given = {_ENGINE_ARGUMENTS[name]: value for name, value in overrides.items() if name in _ENGINE_ARGUMENTS}
    return create_ocr_engine("rapidocr", compiled_cache=cache, **given)


def print_round(n: int, runs: list[Run], jobs: int) -> None:
    stock = runs[0]
    print(f"\n## round {n + 1}: {stock.pages} pages, load average {os.getloadavg()[0]:.2f}")
    print(f"{'':<28} {'pages/min':>9} {'÷ stock':>8} {'CPU s/page':>10} {'÷ stock (CPU)':>13}   "
          + " ".join(f"{s:>9}" for s in STAGES))
    for run in runs:
        cpu_page = run.cpu / run.pages
        split = " ".join(f"{run.stages[s] / run.pages:>9.3f}" for s in STAGES) if run.stages else ""
        print(f"{run.label:<28} {run.per_minute:>9.1f} {run.per_minute / stock.per_minute:>7.2f}× "
              f"{cpu_page:>10.2f} {stock.cpu / stock.pages / cpu_page:>12.2f}×   {split}")
    if jobs > 1:
        print(f"2-worker scaling (after, {jobs} workers ÷ 1): {runs[2].per_minute / runs[3].per_minute:.2f}×")


def worker_memory(images, overrides: dict) -> float:
    """Peak resident MB of one worker process reading `images` as a pipeline worker does."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(_peak_rss_reading, images, overrides).result()


def _peak_rss_reading(images, overrides: dict) -> float:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    from docarchive.ingest.preprocess import prepare_page

    engine = _engine(overrides)
    for image in images:
        engine.recognize(prepare_page(image, orientation_probe=engine).image)
    return peak_resident_mb()


def peak_resident_mb() -> float:
    """This process's own peak resident memory (VmHWM). Not ru_maxrss: Linux carries that over from the
    parent at fork, so a child forked from a large process reports the parent's peak."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024
