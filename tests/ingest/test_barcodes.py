"""find_codes on page images as scanners deliver them: any resolution, positions in the image's own pixels."""

from __future__ import annotations

from PIL import Image

from docarchive.ingest.barcodes import MAX_PIXELS, find_codes
from docarchive.printing.labels import Label, render_labels
from tests.ingest.labelled_scans import scanned, text_page


def test_a_600_dpi_scan_is_decoded_on_a_reduced_copy_and_positions_are_given_in_its_own_pixels():
    (page,) = scanned(render_labels([Label("box", "B-0012")]), dpi=600, level="clean")
    assert page.width * page.height > MAX_PIXELS
    (found,) = find_codes(page)
    x0, y0, x1, y1 = found.box
    assert found.text == "B-0012" and x1 < page.width / 2 and y1 < page.height / 4  # top-left label
    assert (x1 - x0) > 500  # a 22 mm symbol at 600 dpi, not at the reduced scale


def test_a_page_with_no_code_gives_nothing():
    assert find_codes(text_page()) == []


def test_colour_and_palette_images_are_read_too():
    (page,) = scanned(render_labels([Label("box", "B-0012")]), dpi=150, level="clean")
    for mode in ("RGB", "P", "1"):
        assert [found.text for found in find_codes(page.convert(mode))] == ["B-0012"], mode


def test_a_blank_page_gives_nothing():
    assert find_codes(Image.new("L", (1654, 2339), 255)) == []
