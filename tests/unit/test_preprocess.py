"""prepare_page turns a crooked, sideways or upside-down scan into an upright, straight greyscale page."""

from __future__ import annotations

import time

import pytest
from PIL import Image

from docarchive.adapters.ocr import create_ocr_engine
from docarchive.ingest.preprocess import MAX_PIXELS, prepare_page
from tests.ocr_helpers import LIGHT, Degradation, degrade, render_form_page


@pytest.fixture(scope="module")
def page() -> Image.Image:
    return degrade(render_form_page(3, dpi=200).image, Degradation(paper=235, ink=35, blur=0.6, noise=6, jpeg_quality=75))


@pytest.fixture(params=["rapidocr", "tesseract"], scope="module")
def probe(request):
    return create_ocr_engine(request.param)


def _turned_clockwise(image: Image.Image, degrees: int) -> Image.Image:
    return image.rotate(-degrees, expand=True)


@pytest.mark.parametrize("turned", [0, 90, 180, 270])
def test_finds_the_rotation_that_makes_the_page_upright(page, probe, turned):
    prepared = prepare_page(_turned_clockwise(page, turned), orientation_probe=probe)
    assert prepared.rotation == (360 - turned) % 360
    assert prepared.image.size == page.size


@pytest.mark.parametrize("turned", [90, 270])
def test_without_a_probe_a_sideways_page_is_still_laid_flat(page, turned):
    prepared = prepare_page(_turned_clockwise(page, turned))
    assert prepared.rotation in (90, 270)
    assert prepared.image.width < prepared.image.height


def test_without_a_probe_an_upside_down_page_is_left_as_it_is(page):
    assert prepare_page(_turned_clockwise(page, 180)).rotation == 0


@pytest.mark.parametrize("angle", [-3.0, 3.0, 0.0])
def test_straightens_a_crooked_scan_to_within_a_third_of_a_degree(angle):
    scan = degrade(render_form_page(5, dpi=200).image, Degradation(paper=235, ink=35, angle=angle, blur=0.6, noise=6))
    prepared = prepare_page(scan)
    assert prepared.skew == pytest.approx(-angle, abs=0.3)
    assert abs(prepare_page(prepared.image).skew) <= 0.3  # and the result really is straight


def test_returns_greyscale_and_caps_the_pixel_count():
    huge = Image.new("RGB", (5000, 4000), "white")
    prepared = prepare_page(huge)
    assert prepared.image.mode == "L"
    assert prepared.image.width * prepared.image.height <= MAX_PIXELS


def test_a_blank_page_is_left_alone():
    prepared = prepare_page(Image.new("L", (1654, 2339), 255))
    assert (prepared.rotation, prepared.skew) == (0, 0.0)


def test_takes_a_small_fraction_of_a_second_per_300_dpi_page():
    scan = degrade(render_form_page(1, dpi=300).image, LIGHT)
    prepare_page(scan)
    best = min(_seconds(lambda: prepare_page(scan)) for _ in range(3))
    assert best < 0.25  # ~0.1 s on one core; OCR of the same page takes 1.5-3 s


def _seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start
