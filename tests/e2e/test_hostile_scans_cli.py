"""Decompression bombs through `docarchive ingest`: a page is read at a bounded size whatever size it declares,
so a bomb costs about what an ordinary scan costs — measured as the peak memory of the ingesting process."""

from __future__ import annotations

import json

import pytest

from tests.bad_files import giant_page_pdf, large_blank_png, png_bytes
from tests.conftest import deployment_env
from tests.peak_memory import run_measured

# Over an ordinary A4 scan's peak: the bomb's own decoded bytes (79 MB for the 79-megapixel PNG) and a page of
# at most 12 megapixels. Before the bound the PDF cost 170 MB more and the PNG 470 MB more (2 GB on some hosts).
ALLOWED_EXTRA_MB = 150
BOMBS = {"poster.pdf": giant_page_pdf, "fax.png": large_blank_png}


def _ingest_peak(tmp_path, name: str, data: bytes) -> int:
    (tmp_path / name).write_bytes(data)
    # Tesseract: RapidOCR's models and its detector's fixed input size would dominate the peak and hide the page's.
    result, peak_mb = run_measured("ingest", str(tmp_path / name), "--engine", "tesseract", "--jobs", "1", "--json",
                                   env=deployment_env(tmp_path / f"home-{name}"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["status"] == "ingested"
    return peak_mb


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_decompression_bomb_is_ingested_in_about_the_memory_of_an_ordinary_scan(tmp_path, name):
    ordinary = _ingest_peak(tmp_path, "a4.png", png_bytes((1654, 2339)))
    bomb = _ingest_peak(tmp_path, name, BOMBS[name]())
    assert bomb - ordinary < ALLOWED_EXTRA_MB, (ordinary, bomb)
