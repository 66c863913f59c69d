"""prepare_page, with the OCR engine as its probe, never turns an upright page over and turns every turned page upright.

The pages cover six CJK faces x five layouts (archive cards, contract prose, tables, ID copies, file covers)
in a Latin square over clean, light and heavy scans, so each face meets each layout once; the bench
(python -m bench.ocr --orientation) runs the full product at all four turns.
"""

from __future__ import annotations

from functools import cache
from itertools import product

import pytest

from docarchive.adapters.ocr import create_ocr_engine
from docarchive.ingest.preprocess import prepare_page
from docarchive.samples.degrade import LEVELS, rotate_quarter
from docarchive.samples.orientation import (
    LAYOUTS, STYLES, TURNED_OVER_BY_TESSERACT, folder_page, missing_fonts,
)
from docarchive.samples.orientation import upright_page as _render

# Each page is drawn once for all its tests on both engines (30 A4 pages at 200 dpi: ~120 MB).
upright_page = cache(_render)

# (style, layout, level, seed, quarter turns of the turned copy): every face with every layout, levels and
# turns cycling so that each level and each of 90/180/270 appears ten times.
PAGES = [(style, layout, LEVELS[i % 3], i, 1 + i % 3) for i, (style, layout) in enumerate(product(STYLES, LAYOUTS))]


def _name(page) -> str:
    style, layout, level, seed, _ = page
    return f"{layout}-{style}-{level}-{seed}"


@pytest.fixture(params=["rapidocr", "tesseract"], scope="module")
def probe(request):
    return create_ocr_engine(request.param)


def test_every_face_the_pages_are_set_in_is_installed():
    # render_pages would quietly fall back to another face; scripts/setup.sh installs these.
    assert missing_fonts() == [], "apt-get install fonts-noto-cjk fonts-wqy-zenhei fonts-wqy-microhei fonts-arphic-ukai fonts-arphic-uming"


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_an_upright_page_is_never_turned(probe, page):
    style, layout, level, seed, _ = page
    image, _ = upright_page(style, layout, level, seed)
    assert prepare_page(image, orientation_probe=probe).rotation == 0


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{_name(p)}-turned{90 * p[4]}")
def test_a_turned_page_is_turned_upright(probe, page):
    style, layout, level, seed, turns = page
    image, _ = upright_page(style, layout, level, seed)
    assert prepare_page(rotate_quarter(image, turns), orientation_probe=probe).rotation == (360 - 90 * turns) % 360


@pytest.mark.parametrize("spec", TURNED_OVER_BY_TESSERACT, ids=lambda spec: spec.name)
def test_the_upright_pages_the_single_strip_probe_turned_over_stay_upright(probe, spec):
    image, _ = folder_page(spec)
    assert prepare_page(image, orientation_probe=probe).rotation == 0


@pytest.mark.parametrize("spec", TURNED_OVER_BY_TESSERACT[::2], ids=lambda spec: spec.name)
def test_the_same_pages_upside_down_are_turned_upright(probe, spec):
    image, _ = folder_page(spec)
    assert prepare_page(rotate_quarter(image, 2), orientation_probe=probe).rotation == 180
