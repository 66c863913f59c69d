"""Formats are recognised by their bytes; damaged, encrypted and oversized files fail with a reason."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from docarchive.domain.errors import UnsupportedFile
from docarchive.ingest.formats import PDF, Limits, count_pages, iter_pages, render_page, sniff_media_type
from tests.bad_files import bad_files, blank_pdf_bytes, giant_page_pdf, jpeg_bytes, large_blank_png, png_bytes

LIMITS = Limits(max_pages=500, max_image_pixels=80_000_000, dpi=100)


def _encoded(fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(buffer, fmt, **options)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "fmt, media_type",
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("TIFF", "image/tiff"), ("BMP", "image/bmp"), ("WEBP", "image/webp")],
)
def test_images_are_recognised_by_content(fmt, media_type):
    assert sniff_media_type(_encoded(fmt)) == media_type


def test_a_pdf_is_recognised_by_content():
    assert sniff_media_type(blank_pdf_bytes()) == PDF


def test_every_page_of_a_multi_page_tiff_is_read():
    frames = [Image.new("L", (200, 100), shade) for shade in (255, 200, 150)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "TIFF", save_all=True, append_images=frames[1:])
    pages = list(iter_pages(buffer.getvalue(), "image/tiff", LIMITS))
    assert [p.n for p in pages] == [1, 2, 3]
    assert all(p.image is not None and p.text is None for p in pages)


def test_a_pdf_page_without_text_is_rendered_for_ocr():
    pages = list(iter_pages(blank_pdf_bytes(2), PDF, LIMITS))
    assert [p.n for p in pages] == [1, 2]
    width, height = pages[0].image.size
    assert abs(width - 595 * 100 / 72) <= 1 and abs(height - 842 * 100 / 72) <= 1


def test_a_born_digital_pdf_page_uses_its_text_layer():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont("STSong-Light", 14)
    page.drawString(72, 700, "设备采购合同 合同编号：HT-2023-0012 甲方：上海华东机电设备有限公司")
    page.save()
    (only,) = iter_pages(buffer.getvalue(), PDF, LIMITS)
    assert only.image is None
    assert "HT-2023-0012" in only.text


def test_rgba_and_palette_images_become_rgb_or_grey():
    buffer = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(buffer, "PNG")
    (page,) = iter_pages(buffer.getvalue(), "image/png", LIMITS)
    assert page.image.mode in ("RGB", "L")
    assert page.image.getpixel((1, 1)) == (255, 255, 255)


@pytest.mark.parametrize("name", sorted(bad_files()))
def test_bad_files_fail_with_a_readable_reason(name):
    data = bad_files()[name]
    with pytest.raises(UnsupportedFile) as raised:
        media_type = sniff_media_type(data)
        count_pages(data, media_type, LIMITS)
        list(iter_pages(data, media_type, LIMITS))
    message = str(raised.value)
    assert message and "\n" not in message and len(message) < 300


def test_the_reasons_say_what_is_wrong():
    files = bad_files()
    reasons = {}
    for name in ("empty.pdf", "notes.jpg", "encrypted.pdf", "bomb.png", "thousand-pages.pdf"):
        with pytest.raises(UnsupportedFile) as raised:
            media_type = sniff_media_type(files[name])
            count_pages(files[name], media_type, LIMITS)
        reasons[name] = str(raised.value)
    assert "empty" in reasons["empty.pdf"]
    assert "looks like text" in reasons["notes.jpg"]
    assert "password" in reasons["encrypted.pdf"]
    assert "decompression" in reasons["bomb.png"]
    assert "1000 pages" in reasons["thousand-pages.pdf"]


def test_a_page_can_be_rendered_again_for_viewing():
    image = render_page(png_bytes((120, 80)), "image/png", 1, LIMITS)
    assert image.size == (120, 80)
    with pytest.raises(UnsupportedFile):
        render_page(jpeg_bytes(), "image/jpeg", 2, LIMITS)


# --- decompression bombs: a page is read at a bounded size, whatever size it declares -------------------------


def test_a_pdf_page_14400_points_square_is_rendered_within_the_page_pixel_bound():
    (page,) = iter_pages(giant_page_pdf(), PDF, LIMITS)
    assert page.image.width * page.image.height <= LIMITS.page_pixels
    assert page.image.width == page.image.height > 3000  # scaled down, not refused: a poster is still read


def test_a_79_megapixel_png_is_reduced_to_the_page_pixel_bound():
    data = large_blank_png()
    assert len(data) < 40_000
    (page,) = iter_pages(data, "image/png", LIMITS)
    assert page.image.width * page.image.height <= LIMITS.page_pixels and page.image.mode == "L"


def test_a_large_jpeg_is_decoded_at_a_reduced_scale_and_kept_upright():
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # stored on its side: turn 90° clockwise to view
    Image.new("RGB", (8000, 6000), "white").save(buffer, "JPEG", exif=exif)
    (page,) = iter_pages(buffer.getvalue(), "image/jpeg", LIMITS)
    assert page.image.size == (3000, 4000)


def test_viewing_a_giant_page_renders_it_within_the_bound_too():
    image = render_page(giant_page_pdf(), PDF, 1, LIMITS)
    assert image.width * image.height <= LIMITS.page_pixels


def test_the_page_pixel_bound_is_what_ocr_preprocessing_uses_at_most():
    from docarchive.ingest.preprocess import MAX_PIXELS

    assert Limits().max_page_pixels == MAX_PIXELS
