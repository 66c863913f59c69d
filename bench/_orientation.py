"""Orientation accuracy per engine, and CER through the pipeline beside the bare engine, for bench.ocr.

    python -m bench.ocr --orientation only [--orientation-levels clean,light,heavy] [--orientation-seeds 1]

Pages: six CJK faces x five layouts (archive card, contract prose, table, ID copy, file cover) x levels x
seeds, each fed at 0/90/180/270, plus the folder pages the single-strip probe once turned over; the
probe is the engine itself, as in the ingest pipeline. Target: 100%. CER: a Latin square of the upright
pages (every face meets every layout once, levels cycling), read by the bare engine and by prepare_page +
recognize; target: the pipeline no worse than the bare engine.
"""

from __future__ import annotations

import argparse
import multiprocessing
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import product

from docarchive.samples.degrade import rotate_quarter
from docarchive.samples.orientation import (
    LAYOUTS, STYLES, TURNED_OVER_BY_TESSERACT, FolderPage, folder_page, missing_fonts, upright_page,
)
from docarchive.samples.scoring import character_error_rate

Page = tuple[str, str, str, int] | FolderPage  # (style, layout, level, seed) or a folder page


@dataclass
class PageResult:
    page: Page
    wrong: list[tuple[int, int]]  # (quarter turns fed, rotation reported) where the rotation was wrong
    cer: tuple[float, float, int] | None = None  # bare, pipeline, characters: when the page is a CER page


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--orientation", choices=("off", "also", "only"), default="also",
                        help="orientation accuracy and pipeline-vs-bare CER on generated pages")
    parser.add_argument("--orientation-levels", default="clean,light,heavy")
    parser.add_argument("--orientation-seeds", type=int, default=1, help="pages per face, layout and level")


def report(args: argparse.Namespace) -> None:
    if missing := missing_fonts():
        raise SystemExit(f"fonts missing (run scripts/setup.sh): {', '.join(missing)}")
    levels = args.orientation_levels.split(",")
    pages: list[Page] = [(s, lay, lev, seed) for s, lay, lev, seed in
                         product(STYLES, LAYOUTS, levels, range(args.orientation_seeds))]
    pages += list(TURNED_OVER_BY_TESSERACT)
    cer_pages = {(style, layout, levels[i % len(levels)], 0) for i, (style, layout) in enumerate(product(STYLES, LAYOUTS))}
    print(f"\n# orientation: {len(STYLES)} faces x {len(LAYOUTS)} layouts x {len(levels)} levels x "
          f"{args.orientation_seeds} seeds + {len(TURNED_OVER_BY_TESSERACT)} folder pages, each at 0/90/180/270; "
          f"the engine is the probe")
    print(f"{'engine':<10} {'pages':>6} {'right':>6} {'accuracy':>9} {'upright kept':>13} {'turned upright':>15}")
    cer_rows = []
    for engine in args.engines.split(","):
        # spawn: after bench.ocr's accuracy section this process holds engines with threads, and a forked
        # child building onnxruntime's sessions hung on a lock it had inherited.
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(args.jobs, mp_context=spawn, initializer=_init, initargs=(engine,)) as pool:
            results = list(pool.map(_measure, pages, [page in cer_pages for page in pages]))
        _print_accuracy(engine, results)
        cer_rows.append((engine, results))
    _print_cer(cer_rows)


def _print_accuracy(engine: str, results: list[PageResult]) -> None:
    total = 4 * len(results)
    wrong = [(r.page, fed, got) for r in results for fed, got in r.wrong]
    kept = len(results) - sum(1 for _, fed, _ in wrong if fed == 0)
    fixed = 3 * len(results) - sum(1 for _, fed, _ in wrong if fed != 0)
    print(f"{engine:<10} {total:>6} {total - len(wrong):>6} {(total - len(wrong)) / total:>9.2%} "
          f"{kept:>6}/{len(results):<6} {fixed:>7}/{3 * len(results):<7}", flush=True)
    for page, fed, got in wrong:
        print(f"{'':<10} wrong: {_name(page)} fed turned {90 * fed}, turned {got} (should be {(360 - 90 * fed) % 360})")


def _print_cer(rows: list[tuple[str, list[PageResult]]]) -> None:
    print("\n# CER on the same upright pages: the bare engine, and the pipeline (prepare_page + recognize)")
    print(f"{'engine':<10} {'level':<6} {'pages':>5} {'bare':>7} {'pipeline':>9}")
    for engine, results in rows:
        by_level: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
        for result in results:
            if result.cer:
                by_level[result.page[2]].append(result.cer)
        by_level["all"] = [cer for cers in list(by_level.values()) for cer in cers]
        for level, cers in by_level.items():
            chars = sum(n for _, _, n in cers)
            bare, piped = (sum(c[k] * c[2] for c in cers) / chars for k in (0, 1))
            print(f"{engine:<10} {level:<6} {len(cers):>5} {bare:>7.2%} {piped:>9.2%}", flush=True)


def _name(page: Page) -> str:
    return page.name if isinstance(page, FolderPage) else "-".join(map(str, (page[1], page[0], page[2], page[3])))


_engine = None


def _init(engine_name: str) -> None:
    global _engine
    from bench.ocr import build_engine  # here, not at the top: bench.ocr imports this module

    _engine = build_engine(engine_name)  # also "rapidocr-before"


def _measure(page: Page, with_cer: bool) -> PageResult:
    from docarchive.domain.text import normalize_ocr_text
    from docarchive.ingest.preprocess import prepare_page

    image, text = folder_page(page) if isinstance(page, FolderPage) else upright_page(*page)
    wrong, cer = [], None
    for turns in range(4):
        prepared = prepare_page(rotate_quarter(image, turns), orientation_probe=_engine)
        if prepared.rotation != (360 - 90 * turns) % 360:
            wrong.append((turns, prepared.rotation))
        if turns == 0 and with_cer:
            bare = normalize_ocr_text(_engine.recognize(image).text)
            piped = normalize_ocr_text(_engine.recognize(prepared.image).text)
            cer = (character_error_rate(bare, text), character_error_rate(piped, text), len(text))
    return PageResult(page, wrong, cer)
