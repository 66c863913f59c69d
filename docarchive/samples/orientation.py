"""Pages for testing orientation: every typeface a folder holds, on every kind of paper, turned every way.

    for case in orientation_cases(styles=STYLES, layouts=LAYOUTS, levels=("light",), seeds=(0,)):
        case.image, case.turns          # the scan as fed (turned `turns` quarter turns clockwise)
        case.upright_rotation           # what prepare_page must report for it

A real folder mixes an archive card set in 黑体, a contract in 宋体, an ID copy, a certificate in 楷体, an
old 明体 printout and a cover sheet with three lines on it; a probe tuned on one of them proves little.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image

from docarchive.samples._layout import MARGIN, PAGE_W, Ellipse, Flow, Piece, Polygon, SampleDoc, star
from docarchive.samples.degrade import degrade, rotate_quarter
from docarchive.samples.people import SampleData, cn_date
from docarchive.samples.writer import customer_docs
from docarchive.samples.render import FONT_FILES, archive_card, complaint_doc, contract_doc, id_card_copy, payment_doc
from docarchive.samples.render import render_pages

# Noto Sans (黑体), Noto Serif (宋体), WenQuanYi Zen Hei and Micro Hei, AR PL UKai (楷体), AR PL UMing (明体).
STYLES = ("sans", "serif", "hei", "microhei", "kai", "ming")
LAYOUTS = ("card", "prose", "table", "id_copy", "sparse")


@dataclass(frozen=True)
class OrientationCase:
    style: str
    layout: str
    level: str
    seed: int
    turns: int  # quarter turns clockwise the page was fed with
    image: Image.Image
    text: str  # the page text, upright

    @property
    def upright_rotation(self) -> int:
        """Degrees clockwise that make the page upright again."""
        return (360 - 90 * self.turns) % 360

    @property
    def name(self) -> str:
        return f"{self.layout}-{self.style}-{self.level}-{self.seed}-turned{90 * self.turns}"


@dataclass(frozen=True)
class FolderPage:
    """The first page of one paper of a generated customer folder, as ``folder_page`` draws it."""

    customer: int  # the folder: SampleData(100 + customer)
    paper: int  # 0 card, 1 ID copy, 2 contract, 3 complaint or payment voucher
    style: str
    level: str

    @property
    def name(self) -> str:
        return f"folder{self.customer}-paper{self.paper}-{self.style}-{self.level}"


# Upright pages the single-strip probe turned over with Tesseract (6 of 576 folder pages: 8 folders x 4
# papers x 6 faces x clean/light/heavy). Four payment vouchers, whose strip was a cut-off table cell, and a
# ruled card and voucher in 明体. Kept so the fix stays a fix.
TURNED_OVER_BY_TESSERACT = (
    FolderPage(0, 3, "sans", "clean"), FolderPage(0, 3, "serif", "clean"), FolderPage(4, 3, "sans", "clean"),
    FolderPage(4, 3, "hei", "light"), FolderPage(6, 0, "ming", "light"), FolderPage(6, 3, "ming", "heavy"),
)


def folder_page(spec: FolderPage, dpi: int = 200) -> tuple[Image.Image, str]:
    """The upright scan of ``spec`` and its text."""
    data = SampleData(100 + spec.customer)
    doc = customer_docs(data, data.customer(), 100 + spec.customer)[spec.paper]
    image = render_pages(doc, dpi=dpi, style=spec.style)[0]
    return degrade(image, spec.level, 1000 * spec.customer + 10 * spec.paper), doc.texts[0]


def missing_fonts(styles: Iterable[str] = STYLES) -> list[str]:
    """Font files the styles need that are not installed (render_pages would quietly fall back)."""
    return sorted({str(path) for style in styles for path, _ in FONT_FILES[style].values() if not path.exists()})


def orientation_cases(*, styles: Iterable[str], layouts: Iterable[str], levels: Iterable[str],
                      seeds: Iterable[int], turns: Iterable[int] = (0, 1, 2, 3)) -> Iterator[OrientationCase]:
    for style in styles:
        for layout in layouts:
            for level in levels:
                for seed in seeds:
                    yield from _turned(style, layout, level, seed, turns)


def _turned(style: str, layout: str, level: str, seed: int, turns: Iterable[int]) -> Iterator[OrientationCase]:
    image, text = upright_page(style, layout, level, seed)
    for k in turns:
        yield OrientationCase(style, layout, level, seed, k, rotate_quarter(image, k), text)


@lru_cache(maxsize=8)
def upright_page(style: str, layout: str, level: str, seed: int, dpi: int = 200) -> tuple[Image.Image, str]:
    """One scanned page of ``layout`` set in ``style``, and its text."""
    doc, index = _LAYOUTS[layout](SampleData(seed), seed)
    page = index % len(doc.pages)
    image = render_pages(doc, dpi=dpi, style=style)[page]
    return degrade(image, level, seed=seed * 7 + 1), doc.texts[page]


def _card(data: SampleData, seed: int) -> tuple[SampleDoc, int]:
    return archive_card(data.customer(), seed=seed), 0


def _prose(data: SampleData, seed: int) -> tuple[SampleDoc, int]:
    """A contract page: the first (title, parties, clauses) or a later one (clauses, signatures, seals)."""
    return contract_doc(data.contract(data.customer())), seed


def _table(data: SampleData, seed: int) -> tuple[SampleDoc, int]:
    customer = data.customer()
    return (payment_doc(data.payment(customer)) if seed % 2 else complaint_doc(data.complaint(customer))), 0


def _id_copy(data: SampleData, seed: int) -> tuple[SampleDoc, int]:
    person = data.customer().legal_rep
    return id_card_copy(person, back=seed % 3 != 1, note="本复印件仅供办理开户业务使用" if seed % 2 else None, seed=seed), 0


def _sparse(data: SampleData, seed: int) -> tuple[SampleDoc, int]:
    """A file cover (档案封面): a title, three short lines and a seal on an otherwise empty sheet."""
    rng = random.Random(seed)
    customer = data.customer()
    flow = Flow(top=rng.uniform(180, 320))
    flow.centered(rng.choice(("客户档案", "档案封面", "客户资料")), 26, leading=3.0)
    for text in (f"客户编号：{customer.customer_no}", f"立卷日期：{cn_date(customer.created_date)}",
                 f"保管期限：{rng.choice(('永久', '三十年', '十年'))}"):
        flow.row([Piece(MARGIN + 110, text)], 13, leading=2.4)
    cx, cy = PAGE_W - MARGIN - 70, flow.y + 40
    flow.page.items += [Ellipse(cx - 36, cy - 36, cx + 36, cy + 36, width=2.2, grey=150),
                        Polygon(tuple(star(cx, cy - 6, 11)), 150)]
    return SampleDoc("other", flow.pages, {}, customer.customer_no, "sans", "档案封面"), 0


_LAYOUTS = {"card": _card, "prose": _prose, "table": _table, "id_copy": _id_copy, "sparse": _sparse}
