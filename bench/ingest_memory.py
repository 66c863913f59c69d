"""A long batch through the ingest pipeline, with the resident memory of the parent and its workers over time.

    python -m bench.ingest_memory [--pages 1000] [--jobs 2] [--every 20]

Pages are generated scans (bench.ocr.make_pages: clean, light and heavy, one customer's papers each), repeated
to --pages files; one pixel differs per copy so no copy is a duplicate of another. Each file is ingested as
`docarchive ingest` would (bootstrap, SQLite, FTS5, real OCR); every --every finished pages a line gives the
pages done, the rate so far and the resident MB (VmRSS) of the parent and of each worker. Flat memory means
the workers' figures stop growing after the first pages, whatever the batch's length.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from PIL import Image


def resident_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as status:
            line = next(line for line in status if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0.0
    return int(line.split()[1]) / 1024


def children(pid: int) -> list[int]:
    """Worker processes: the children of `pid` (the spawn start method adds a resource tracker, not counted)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"resource_tracker" not in cmdline:
                found.append(int(child))
    return found


def write_pages(count: int, folder: Path) -> list[Path]:
    from bench.ocr import make_pages

    sources = [p.image for level in ("clean", "light", "heavy") for p in make_pages(1, level, 7)]
    folder.mkdir(parents=True)
    files = []
    for i in range(count):
        image = sources[i % len(sources)].copy()
        image.putpixel((i % image.width, 0), 0 if image.mode == "L" else (0, 0, 0))  # a distinct file
        files.append(folder / f"{i:05d}.png")
        image.save(files[-1], compress_level=1)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--every", type=int, default=20, help="pages between memory lines")
    args = parser.parse_args()
    from docarchive.bootstrap import bootstrap
    from docarchive.config import Settings
    from docarchive.ingest.context import IngestRequest

    with tempfile.TemporaryDirectory() as tmp:
        files = write_pages(args.pages, Path(tmp, "scans"))
        container = bootstrap(Settings(home=Path(tmp, "home"), jobs=args.jobs))
        print(f"# {args.pages} pages, {args.jobs} workers, load average {os.getloadavg()[0]:.2f}")
        print(f"{'pages':>6} {'s':>7} {'pages/min':>9} {'parent MB':>9}  workers MB")
        started, done = time.perf_counter(), 0

        def report(ctx) -> None:
            nonlocal done
            done += ctx.page_count
            if done % args.every == 0 or done == args.pages:
                seconds = time.perf_counter() - started
                workers = " ".join(f"{resident_mb(pid):.0f}" for pid in children(os.getpid()))
                print(f"{done:>6} {seconds:>7.0f} {done / seconds * 60:>9.1f} {resident_mb(os.getpid()):>9.0f}  "
                      f"{workers}", flush=True)

        requests = [IngestRequest(filename=f.name, path=str(f)) for f in files]
        try:
            results = container.pipeline().run(requests, jobs=args.jobs, on_result=report)
        finally:
            container.close()
        failed = [r.error for r in results if r.status != "ingested"]
        print(f"# done: {len(results) - len(failed)} ingested, {len(failed)} not {failed[:2]}; "
              f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
