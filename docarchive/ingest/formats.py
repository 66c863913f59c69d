"""What a file is (by its bytes, never its name) and how to turn it into page images or text.

Guards live here because this is where hostile files bite: encrypted and damaged PDFs, decompression
bombs, and page counts too large to ingest whole.
"""

from __future__ import annotations

import io
import math
import threading
import warnings
from dataclasses import dataclass
from typing import Iterator

from PIL import ExifTags, Image, ImageOps, ImageSequence

from docarchive.domain.errors import UnsupportedFile

PDF = "application/pdf"
IMAGE_TYPES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"II*\x00": "image/tiff",
    b"MM\x00*": "image/tiff",
    b"BM": "image/bmp",
}
SUPPORTED = "PDF, TIFF, JPEG, PNG, BMP or WebP"
MIN_TEXT_LAYER_CHARS = 16  # fewer characters than this is a stray label, not a real text layer


@dataclass(frozen=True)
class Limits:
    max_pages: int = 500
    max_image_pixels: int = 80_000_000  # a larger image is refused before it is decoded
    dpi: int = 200
    # A page is rendered or decoded at no more pixels than OCR can use (preprocess.MAX_PIXELS: A4 at ~350 dpi),
    # whatever size it declares: a 424-byte PDF with a 14,400-point page or a 9.7 KB PNG of 79 megapixels
    # otherwise costs over a gigabyte on its way through OCR.
    max_page_pixels: int = 12_000_000

    @property
    def page_pixels(self) -> int:
        return min(self.max_page_pixels, self.max_image_pixels)


@dataclass
class PageInput:
    """One page as found in the file: either its own text layer or an image to read."""

    n: int
    image: Image.Image | None = None
    text: str | None = None


def sniff_media_type(data: bytes) -> str:
    if not data:
        raise UnsupportedFile("file is empty")
    image = "image/webp" if data[:4] == b"RIFF" and data[8:12] == b"WEBP" else next(
        (media_type for magic, media_type in IMAGE_TYPES.items() if data.startswith(magic)), None)
    if b"%PDF-" in data[:1024]:  # readers accept junk before a PDF's header, so an image may carry one
        if image:
            raise UnsupportedFile(f"both an image ({image}) and a PDF (a polyglot): what it shows would depend on "
                                  "the reader")
        return PDF
    if image:
        return image
    raise UnsupportedFile(f"not a {SUPPORTED} file ({_describe(data)})")


def count_pages(data: bytes, media_type: str, limits: Limits) -> int:
    if media_type == PDF:
        with _open_pdf(data) as pdf:
            return _check_page_count(len(pdf), limits)
    with _open_image(data, limits) as image:
        return _check_page_count(getattr(image, "n_frames", 1), limits)


def iter_pages(data: bytes, media_type: str, limits: Limits) -> Iterator[PageInput]:
    """Pages one at a time, so a long file never holds all its page images in memory."""
    if media_type == PDF:
        yield from _iter_pdf_pages(data, limits)
    else:
        yield from _iter_image_pages(data, limits)


def render_page(data: bytes, media_type: str, n: int, limits: Limits) -> Image.Image:
    """Page n (1-based) as an image, whether or not it has a text layer: for viewing, not reading."""
    if media_type == PDF:
        with _open_pdf(data) as pdf:
            if not 1 <= n <= len(pdf):
                raise UnsupportedFile(f"page {n} is outside 1–{len(pdf)}")
            return _render_pdf_page(pdf[n - 1], n, limits)
    with _open_image(data, limits) as image:
        frames = getattr(image, "n_frames", 1)
        if not 1 <= n <= frames:
            raise UnsupportedFile(f"page {n} is outside 1–{frames}")
        image.seek(n - 1)
        return _upright(image, n, limits)


def _iter_pdf_pages(data: bytes, limits: Limits) -> Iterator[PageInput]:
    with _open_pdf(data) as pdf:
        _check_page_count(len(pdf), limits)
        for index in range(len(pdf)):
            page = pdf[index]
            text = _text_layer(page)
            if text is not None:
                yield PageInput(n=index + 1, text=text)
            else:
                yield PageInput(n=index + 1, image=_render_pdf_page(page, index + 1, limits))


def _iter_image_pages(data: bytes, limits: Limits) -> Iterator[PageInput]:
    with _open_image(data, limits) as image:
        _check_page_count(getattr(image, "n_frames", 1), limits)
        for index, frame in enumerate(ImageSequence.Iterator(image)):
            yield PageInput(n=index + 1, image=_upright(frame, index + 1, limits))


# PDFium is not thread-safe: two threads in it at once crash the process (seen under load: the API aborted
# when an upload counted pages while another request drew a page). One PDF is open at a time per process.
_PDFIUM = threading.RLock()


class _open_pdf:
    def __init__(self, data: bytes):
        import pypdfium2 as pdfium

        _PDFIUM.acquire()
        try:
            self.pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            _PDFIUM.release()
            raise UnsupportedFile(_pdf_error(exc)) from None
        except BaseException:
            _PDFIUM.release()
            raise

    def __enter__(self):
        return self.pdf

    def __exit__(self, *exc: object) -> None:
        try:
            self.pdf.close()
        finally:
            _PDFIUM.release()


def _pdf_error(exc: Exception) -> str:
    message = str(exc)
    if "password" in message.lower():
        return "PDF is password-protected; remove the password and ingest it again"
    return f"PDF is damaged or truncated and cannot be opened ({message.strip() or 'unreadable'})"


def _text_layer(page) -> str | None:
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_bounded()
    finally:
        textpage.close()
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return text if len("".join(text.split())) >= MIN_TEXT_LAYER_CHARS else None


def _render_pdf_page(page, n: int, limits: Limits):
    width_pt, height_pt = page.get_size()
    scale = limits.dpi / 72
    pixels = width_pt * height_pt * scale * scale
    if pixels > limits.page_pixels:
        # An oversized page (a poster, or a hostile MediaBox) is rendered smaller rather than exhausting memory;
        # a hair under the bound, as pdfium rounds each side up.
        scale *= (limits.page_pixels / pixels) ** 0.5 * 0.999
    if width_pt * scale < 1 or height_pt * scale < 1:
        raise UnsupportedFile(f"page {n} has no area ({width_pt:.0f}×{height_pt:.0f} pt)")
    return page.render(scale=scale, grayscale=True).to_pil()


class _open_image:
    def __init__(self, data: bytes, limits: Limits):
        self.limits = limits
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                self.image = Image.open(io.BytesIO(data))
                self.image.size  # noqa: B018  parsing the header is what fails on a damaged file
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise UnsupportedFile("image is too large to open safely (decompression-bomb guard)") from None
        except Exception as exc:  # Pillow raises many types for damaged files
            raise UnsupportedFile(f"image is damaged or not what its name says ({exc.__class__.__name__})") from None
        _check_pixels(self.image.size, 1, limits)

    def __enter__(self) -> Image.Image:
        return self.image

    def __exit__(self, *exc: object) -> None:
        self.image.close()


def _upright(frame: Image.Image, n: int, limits: Limits) -> Image.Image:
    _check_pixels(frame.size, n, limits)
    try:
        if frame.width * frame.height > limits.page_pixels:
            image = _reduced(frame, limits.page_pixels)
        else:
            image = ImageOps.exif_transpose(frame)
            image.load()
    except Exception as exc:
        raise UnsupportedFile(f"page {n} is damaged or truncated ({exc.__class__.__name__}: {exc})") from None
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB") if "A" not in image.mode else _flatten_alpha(image)
    return image


def _reduced(frame: Image.Image, pixels: int) -> Image.Image:
    """An image larger than `pixels`, at no more than `pixels`: a JPEG is decoded at 1/2–1/8 scale to begin
    with (the decoder's draft mode), anything else shrunk straight after decoding, before any copy is made."""
    orientation = frame.getexif().get(ExifTags.Base.Orientation)
    ratio = math.sqrt(frame.width * frame.height / pixels)
    if frame.format == "JPEG":
        frame.draft(frame.mode, (int(frame.width / ratio), int(frame.height / ratio)))
    frame.load()
    ratio = math.sqrt(frame.width * frame.height / pixels)
    if frame.mode in ("1", "P", "I;16"):  # modes resize() cannot average: greyed a strip at a time
        image = _greyed_and_reduced(frame, math.ceil(ratio))
    elif ratio > 1:
        size = (max(1, int(frame.width / ratio)), max(1, int(frame.height / ratio)))
        image = frame.resize(size, Image.Resampling.BOX, reducing_gap=2.0)
    else:
        image = frame
    return image.transpose(_ORIENTATIONS[orientation]) if orientation in _ORIENTATIONS else image


def _greyed_and_reduced(frame: Image.Image, factor: int) -> Image.Image:
    """A bilevel or palette image as grey, `factor` times smaller, without a full-size grey copy (79
    megapixels of 1-bit PNG is 79 MB decoded; its grey copy would be as much again)."""
    reduced = Image.new("L", (math.ceil(frame.width / factor), math.ceil(frame.height / factor)), 255)
    strip = factor * 256
    for top in range(0, frame.height, strip):
        piece = frame.crop((0, top, frame.width, min(frame.height, top + strip))).convert("L")
        reduced.paste(piece.reduce(factor) if factor > 1 else piece, (0, top // factor))
    return reduced


_ORIENTATIONS = {  # EXIF orientation → the transpose that makes the page upright (as ImageOps.exif_transpose)
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _flatten_alpha(image: Image.Image) -> Image.Image:
    background = Image.new("RGB", image.size, "white")
    background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
    return background


def _check_pixels(size: tuple[int, int], n: int, limits: Limits) -> None:
    width, height = size
    if width < 1 or height < 1:
        raise UnsupportedFile(f"page {n} has no pixels")
    if width * height > limits.max_image_pixels:
        raise UnsupportedFile(
            f"page {n} is {width}×{height} pixels, over the {limits.max_image_pixels:,}-pixel limit "
            "(decompression-bomb guard; DOCARCHIVE_MAX_IMAGE_PIXELS)"
        )


def _check_page_count(pages: int, limits: Limits) -> int:
    if pages < 1:
        raise UnsupportedFile("file has no pages")
    if pages > limits.max_pages:
        raise UnsupportedFile(
            f"file has {pages} pages, over the limit of {limits.max_pages} (DOCARCHIVE_MAX_PAGES); split it"
        )
    return pages


def _describe(data: bytes) -> str:
    head = data[:512]
    if head.startswith((b"PK\x03\x04",)):
        return "looks like a ZIP or Office file"
    try:
        head.decode("utf-8")
        return "looks like text"
    except UnicodeDecodeError:
        return "unrecognised binary data"
