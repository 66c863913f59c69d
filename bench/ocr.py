"""OCR benchmark on generated Chinese scans: accuracy and speed per engine, pipeline overhead, field accuracy.

    python -m bench.ocr [--docs 6] [--engines rapidocr,tesseract] [--levels clean,light,heavy] [--jobs 2]
                        [--orientation also|only|off]
                        [--throughput-docs 2] [--rounds 1]

Prints, per engine and degradation level: character error rate, seconds per page (one process), pages per
minute on all cores; then the ingest pipeline's throughput over the same page files as a ratio to the bare
engine on all cores (measured side by side in this run); then field-extraction accuracy on archive cards,
ID copies and contracts; then orientation accuracy and pipeline-vs-bare CER on generated pages (bench._orientation);
then issue 18's throughput figure (bench/ocr_throughput.py): the pipeline before
and after ÷ the stock engine, CPU seconds per page by stage, 2-worker scaling and memory per worker.
An engine named `rapidocr-before` is RapidOCR as main configured it (onnxruntime, recognition in batches of 6).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from bench import _orientation
from docarchive.samples.degrade import degrade
from docarchive.samples.people import SampleData
from docarchive.samples.render import render_pages
from docarchive.samples.scoring import character_error_rate, field_matches
from docarchive.samples.writer import customer_docs


@dataclass
class BenchPage:
    image: Image.Image
    text: str
    doc_key: int
    doc_type: str
    fields: dict


def make_pages(docs: int, level: str, seed: int) -> list[BenchPage]:
    data = SampleData(seed)
    pages: list[BenchPage] = []
    for group in range(docs):
        for index, doc in enumerate(customer_docs(data, data.customer(), seed + group, other=group % 2 == 0)):
            for image, text in zip(render_pages(doc, dpi=200), doc.texts):
                key = group * 10 + index
                degraded = degrade(image, level, seed=seed + key) if level != "clean" else image
                pages.append(BenchPage(degraded, text, key, doc.doc_type, doc.fields))
    return pages


_engine = None


def _init(engine_name: str) -> None:
    global _engine
    os.environ["OMP_THREAD_LIMIT"] = "1"
    _engine = build_engine(engine_name)


def _read(image: Image.Image) -> str:
    from docarchive.domain.text import normalize_ocr_text
    from docarchive.ingest.preprocess import prepare_page

    prepared = prepare_page(image, orientation_probe=_engine)
    return normalize_ocr_text(_engine.recognize(prepared.image).text)


def single_process(engine: str, pages: list[BenchPage]) -> tuple[list[str], float]:
    _init(engine)
    _read(pages[0].image)  # load models outside the clock
    started = time.perf_counter()
    texts = [_read(page.image) for page in pages]
    return texts, (time.perf_counter() - started) / len(pages)


def all_cores(engine: str, pages: list[BenchPage], jobs: int) -> float:
    """Pages per minute of the bare engine (preprocess + recognise) across `jobs` processes."""
    # Spawned, as the pipeline's workers are: a fork of a process that has run OpenVINO hangs in its thread pool.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init, initargs=(engine,)) as pool:
        list(pool.map(_read, [pages[0].image] * jobs))  # warm every worker
        started = time.perf_counter()
        list(pool.map(_read, [page.image for page in pages]))
        return len(pages) / (time.perf_counter() - started) * 60


def pipeline_rate(engine: str, pages: list[BenchPage], jobs: int) -> float:
    """Pages per minute of `docarchive ingest`'s pipeline over the same pages, one PNG file each."""
    from docarchive.bootstrap import bootstrap
    from docarchive.config import Settings
    from docarchive.ingest.context import IngestRequest

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "scans")
        folder.mkdir()
        for i, page in enumerate(pages):
            page.image.save(folder / f"{i:04d}.png", compress_level=1)
        container = bootstrap(Settings(home=Path(tmp, "home"), ocr_engine=engine, jobs=jobs))
        requests = [IngestRequest(filename=p.name, path=str(p)) for p in sorted(folder.iterdir())]
        warm = container.pipeline()  # the pool's start-up is part of the pipeline's cost: it is timed
        started = time.perf_counter()
        results = warm.run(requests, jobs=jobs)
        seconds = time.perf_counter() - started
        assert all(r.status == "ingested" for r in results), [r.error for r in results if r.error][:3]
        return sum(r.page_count for r in results) / seconds * 60


def field_accuracy(pages: list[BenchPage], texts: list[str]) -> dict[str, tuple[int, int, dict[str, int]]]:
    from docarchive.domain.classify import classify_document
    from docarchive.domain.extraction import extract_fields

    by_doc: dict[int, list[int]] = {}
    for i, page in enumerate(pages):
        by_doc.setdefault(page.doc_key, []).append(i)
    scores: dict[str, tuple[int, int, dict[str, int]]] = {}
    for indexes in by_doc.values():
        page = pages[indexes[0]]
        text = "\n".join(texts[i] for i in indexes)
        doc_type = classify_document(text)
        extracted = extract_fields(doc_type, text).fields if doc_type.value == page.doc_type else {}
        exact, scored, wrong = field_matches(page.doc_type, page.fields, extracted)
        total_exact, total_scored, misses = scores.get(page.doc_type, (0, 0, {}))
        for key in wrong:
            misses[key] = misses.get(key, 0) + 1
        scores[page.doc_type] = (total_exact + exact, total_scored + scored, misses)
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=4, help="customers; each gives 3–4 documents, 5–6 pages")
    parser.add_argument("--engines", default="rapidocr,rapidocr-before,tesseract")
    parser.add_argument("--levels", default="clean,light,heavy")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=7)
    _orientation.add_arguments(parser)
    parser.add_argument("--throughput-docs", type=int, default=2, help="customers per level for the ratio; 0 skips")
    parser.add_argument("--rounds", type=int, default=1, help="stock/before/after rounds, one after another")
    args = parser.parse_args()
    if args.orientation == "only":
        return _orientation.report(args)
    print(f"# OCR benchmark: {args.docs} customers' papers per level, {args.jobs} cores, 200 dpi A4 pages")
    print(f"{'engine':<10} {'level':<6} {'pages':>5} {'CER':>7} {'s/page':>7} {'pages/min (all cores)':>22}")
    accuracy = {}
    for level in args.levels.split(","):
        pages = make_pages(args.docs, level, args.seed)
        for engine in args.engines.split(","):
            texts, seconds = single_process(engine, pages)
            cer = sum(character_error_rate(t, p.text) * len(p.text) for t, p in zip(texts, pages))
            cer /= sum(len(p.text) for p in pages)
            rate = all_cores(engine, pages, args.jobs)
            print(f"{engine:<10} {level:<6} {len(pages):>5} {cer:>7.2%} {seconds:>7.2f} {rate:>22.1f}", flush=True)
            accuracy[(engine, level)] = field_accuracy(pages, texts)
            if level == "light" and not engine.endswith(BEFORE_SUFFIX):
                piped = pipeline_rate(engine, pages, args.jobs)
                print(f"{'':<10} pipeline over the same pages: {piped:.1f} pages/min = {piped / rate:.2f}× the bare engine")
    print("\n# field extraction: exact fields / scored fields (misses by field)")
    for (engine, level), scores in accuracy.items():
        for doc_type, (exact, scored, misses) in sorted(scores.items()):
            share = exact / scored if scored else 0.0
            print(f"{engine:<10} {level:<6} {doc_type:<13} {exact:>4}/{scored:<4} {share:>7.1%}  {misses or ''}")
    if args.orientation == "also":
        _orientation.report(args)

    if args.throughput_docs:
        throughput_section(args)


# --- issue 18: throughput against the stock engine, before and after -------------------------------------

BEFORE_SUFFIX = "-before"


def build_engine(name: str):
    """`rapidocr-before` is RapidOCR with main's settings (onnxruntime, recognition in batches of 6, detection on the page itself)."""
    from docarchive.adapters.ocr import create_ocr_engine

    if name.endswith(BEFORE_SUFFIX):
        return create_ocr_engine(name.removesuffix(BEFORE_SUFFIX), rec_batch=6, runtime="onnxruntime", det_scale=1.0)
    return create_ocr_engine(name)


def throughput_section(args) -> None:
    from bench import ocr_throughput

    images = [p.image for level in ("clean", "light", "heavy") for p in make_pages(args.throughput_docs, level, args.seed)]
    print(f"\n# throughput: pipeline ÷ stock rapidocr_onnxruntime (defaults, 1 thread, 1 process per core), "
          f"{len(images)} pages (clean, light, heavy), {args.jobs} cores, start-up included")
    print("# CPU s/page: worker processes + this one (getrusage); stage split: CPU s/page inside the pipeline")
    ocr_throughput.compare(images, args.jobs, args.rounds)
    for label, overrides in (("before", ocr_throughput.BEFORE), ("after", ocr_throughput.AFTER)):
        peak = ocr_throughput.worker_memory(images[:12], overrides)
        print(f"memory per worker ({label}): peak {peak:.0f} MB resident over 12 pages")


if __name__ == "__main__":
    main()
