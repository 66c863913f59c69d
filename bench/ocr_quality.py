"""Character error rate and speed of each OCR engine on rendered Chinese form pages, one process.

    python bench/ocr_quality.py [--pages 10] [--engines rapidocr,tesseract] [--conditions clean,light,heavy]

Each page goes through the production path: prepare_page (with the engine as orientation probe), then
recognize. CER is edit distance over reference length with whitespace ignored; "nfkc" scores after
folding full-width forms, to show how much of the error is only ：/: style punctuation.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docarchive.adapters.ocr import create_ocr_engine  # noqa: E402
from docarchive.ingest.preprocess import prepare_page  # noqa: E402
from tests.ocr_helpers import CLEAN, HEAVY, LIGHT, character_error_rate, degrade, render_form_page  # noqa: E402

CONDITIONS = {  # name: (degradation, dpi)
    "clean": (CLEAN, 300),
    "light": (LIGHT, 300),
    "heavy": (HEAVY, 200),
}


def measure(engine, condition: str, pages: int, show_errors: bool) -> dict[str, float]:
    how, dpi = CONDITIONS[condition]
    cers, folded, prep, ocr = [], [], [], []
    for seed in range(pages):
        page = render_form_page(seed, dpi=dpi)
        scan = degrade(page.image, how, seed=seed)
        start = time.perf_counter()
        prepared = prepare_page(scan, orientation_probe=engine)
        middle = time.perf_counter()
        result = engine.recognize(prepared.image)
        prep.append(middle - start)
        ocr.append(time.perf_counter() - middle)
        cers.append(character_error_rate(result.text, page.text))
        folded.append(character_error_rate(_fold(result.text), _fold(page.text)))
        if show_errors:
            print(f"  {condition} page {seed}: CER {cers[-1]:.4f} rotation {prepared.rotation} skew {prepared.skew}")
    return {
        "cer": statistics.mean(cers),
        "worst": max(cers),
        "nfkc": statistics.mean(folded),
        "prep_s": statistics.mean(prep),
        "ocr_s": statistics.mean(ocr),
    }


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--engines", default="rapidocr,tesseract")
    parser.add_argument("--conditions", default="clean,light,heavy")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    print(f"{'engine':10} {'scan':6} {'CER':>7} {'worst':>7} {'nfkc':>7} {'prep s':>7} {'ocr s':>7}")
    for name in args.engines.split(","):
        engine = create_ocr_engine(name)
        engine.recognize(render_form_page(99).image)  # load models outside the timings
        for condition in args.conditions.split(","):
            row = measure(engine, condition, args.pages, args.verbose)
            print(
                f"{name:10} {condition:6} {row['cer']:7.2%} {row['worst']:7.2%} {row['nfkc']:7.2%}"
                f" {row['prep_s']:7.3f} {row['ocr_s']:7.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
