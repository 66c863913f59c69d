"""python -m docarchive.samples OUTDIR [--count N] [--seed S] [--level clean|light|heavy] [--dpi D]"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from docarchive.samples.degrade import LEVELS
from docarchive.samples.writer import write_samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m docarchive.samples",
                                     description="Write generated customer papers with ground-truth sidecars.")
    parser.add_argument("outdir")
    parser.add_argument("--count", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--level", choices=LEVELS, default="light")
    parser.add_argument("--dpi", type=int, default=200)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    files = write_samples(args.outdir, count=args.count, seed=args.seed, level=args.level, dpi=args.dpi)
    pages = sum(len(f.truth["pages"]) for f in files)
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(Counter(f.truth["doc_type"] for f in files).items()))
    print(f"wrote {len(files)} files ({pages} pages: {kinds}) to {args.outdir} "
          f"[seed {args.seed}, {args.level}, {args.dpi} dpi] in {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
