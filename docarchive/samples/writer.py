"""Write folders of sample files, each beside a ``NAME.truth.json`` sidecar with what is on it.

Papers come in groups of four per customer (card, the legal representative's ID copy, a
contract, a complaint or payment record), so linking documents to customers can be scored.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from docarchive.samples import render
from docarchive.samples._layout import SampleDoc
from docarchive.samples._pdf import write_text_pdf
from docarchive.samples.degrade import LEVELS, degrade, plan
from docarchive.samples.people import Customer, SampleData

SUFFIX = {"pdf_scan": ".pdf", "pdf_text": ".pdf", "tiff": ".tif", "jpeg": ".jpg", "png": ".png",
          "bmp": ".bmp", "webp": ".webp"}
MEDIA_TYPE = {"pdf_scan": "application/pdf", "pdf_text": "application/pdf", "tiff": "image/tiff",
              "jpeg": "image/jpeg", "png": "image/png", "bmp": "image/bmp", "webp": "image/webp"}
_MULTI_PAGE = {"pdf_scan", "pdf_text", "tiff"}
# One row per customer group, in the order card, ID copy, contract, other. Contracts only go to
# multi-page formats; the first group already holds a born-digital PDF, so any count ≥ 1 has one.
_FORMAT_ROWS = (("pdf_text", "jpeg", "pdf_scan", "png"), ("tiff", "webp", "tiff", "bmp"),
                ("png", "png", "pdf_text", "jpeg"))
_SCAN_DATE = time.strptime("2024-07-01", "%Y-%m-%d")  # fixed, so scanned PDFs are byte-reproducible


@dataclass(frozen=True)
class SampleFile:
    path: Path
    truth: dict[str, Any]

    @property
    def truth_path(self) -> Path:
        return truth_path(self.path)


def truth_path(path: Path) -> Path:
    """001_contract.pdf → 001_contract.truth.json"""
    return path.with_suffix(".truth.json")


def customer_docs(data: SampleData, customer: Customer, seed: int, *, other: bool = True) -> list[SampleDoc]:
    """The papers one customer's file holds: card, ID copy of the legal rep, contract, and one more."""
    note = f"本复印件仅供{customer.name}办理业务使用，再复印无效。"
    docs = [
        render.archive_card(customer, seed=seed),
        render.id_card_copy(customer.legal_rep, note=note if seed % 3 else None, seed=seed),
        render.contract_doc(data.contract(customer)),
    ]
    if other:
        docs.append(render.complaint_doc(data.complaint(customer)) if seed % 2
                    else render.payment_doc(data.payment(customer)))
    return docs


def write_samples(outdir: Path | str, *, count: int = 12, seed: int = 0, level: str = "light",
                  dpi: int = 200) -> list[SampleFile]:
    """``count`` files mixing scanned PDF, TIFF, JPEG, PNG, BMP, WebP and born-digital PDF."""
    _check_level(level)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    data = SampleData(seed)
    files: list[SampleFile] = []
    group = 0
    while len(files) < count:
        # Every third customer's legal rep gets a spoiled check digit, to exercise validation.
        customer = data.customer(invalid_id=group % 3 == 2)
        docs = customer_docs(data, customer, _subseed(seed, "group", group))
        for doc, fmt in zip(docs, _FORMAT_ROWS[group % len(_FORMAT_ROWS)]):
            if len(files) == count:
                break
            name = f"{len(files) + 1:03d}_{doc.doc_type}{SUFFIX[fmt]}"
            files.append(write_doc(outdir / name, doc, fmt=fmt, level=level, dpi=dpi,
                                   seed=_subseed(seed, "file", len(files)), customer=customer))
        group += 1
    return files


def write_customer_bundle(outdir: Path | str, *, seed: int = 0, level: str = "light", dpi: int = 200,
                          invalid_id: bool = False) -> list[SampleFile]:
    """Archive card (PNG), legal rep's ID copy (JPEG) and a contract (scanned PDF) of one customer."""
    _check_level(level)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    data = SampleData(seed)
    customer = data.customer(invalid_id=invalid_id)
    docs = customer_docs(data, customer, seed, other=False)
    return [
        write_doc(outdir / f"{customer.customer_no}_{doc.doc_type}{SUFFIX[fmt]}", doc, fmt=fmt, level=level,
                  dpi=dpi, seed=_subseed(seed, "bundle", i), customer=customer)
        for i, (doc, fmt) in enumerate(zip(docs, ("png", "jpeg", "pdf_scan")))
    ]


def write_doc(path: Path, doc: SampleDoc, *, fmt: str, level: str, dpi: int, seed: int,
              customer: Customer | None = None) -> SampleFile:
    """Render (or, for ``pdf_text``, typeset) ``doc`` into ``path`` and write its sidecar."""
    if fmt not in _MULTI_PAGE and len(doc.pages) > 1:
        raise ValueError(f"{fmt} holds one page; {doc.doc_type} has {len(doc.pages)}")
    born_digital = fmt == "pdf_text"
    skew = [0.0] * len(doc.pages)
    if born_digital:
        write_text_pdf(path, doc)
    else:
        seeds = [_subseed(seed, "page", n) for n in range(len(doc.pages))]
        pages = [degrade(image, level, s) for image, s in zip(render.render_pages(doc, dpi=dpi), seeds)]
        skew = [round(plan(level, s).angle, 3) for s in seeds]
        _save_images(path, pages, fmt, dpi, doc.title)
    truth = _truth(doc, fmt=fmt, level="clean" if born_digital else level, dpi=dpi, skew=skew,
                   customer=customer)
    truth_path(path).write_text(json.dumps(truth, ensure_ascii=False, indent=2), encoding="utf-8")
    return SampleFile(path, truth)


def _truth(doc: SampleDoc, *, fmt: str, level: str, dpi: int, skew: list[float],
           customer: Customer | None) -> dict[str, Any]:
    return {
        "doc_type": doc.doc_type,
        "fields": doc.fields,
        "pages": doc.texts,
        "customer_no": doc.customer_no or (customer.customer_no if customer else None),
        "customer_name": customer.name if customer else None,
        "level": level,
        "title": doc.title,
        "format": fmt,
        "media_type": MEDIA_TYPE[fmt],
        "born_digital": fmt == "pdf_text",
        "dpi": None if fmt == "pdf_text" else dpi,
        "skew": skew,  # degrees counter-clockwise the scan was turned; deskew should undo it
    }


def _save_images(path: Path, pages: list[Image.Image], fmt: str, dpi: int, title: str) -> None:
    first, rest = pages[0], pages[1:]
    if fmt == "pdf_scan":
        first.save(path, "PDF", save_all=True, append_images=rest, resolution=float(dpi), title=title,
                   creator="docarchive.samples scanner", creationDate=_SCAN_DATE, modDate=_SCAN_DATE)
    elif fmt == "tiff":
        first.save(path, "TIFF", save_all=True, append_images=rest, dpi=(dpi, dpi), compression="tiff_lzw")
    elif fmt == "jpeg":
        first.save(path, "JPEG", quality=85, dpi=(dpi, dpi))
    elif fmt == "png":
        first.save(path, "PNG", dpi=(dpi, dpi), compress_level=1)  # noise barely compresses; level 1 is 3× faster
    elif fmt == "bmp":
        first.save(path, "BMP", dpi=(dpi, dpi))
    elif fmt == "webp":
        first.convert("RGB").save(path, "WEBP", quality=80, method=0)  # no greyscale WebP; method 0 is fastest
    else:
        raise ValueError(f"unknown format {fmt!r}")


def _subseed(seed: int, *parts: object) -> int:
    """Independent, reproducible seeds for each group, file and page (str seeding hashes with SHA-512)."""
    return random.Random(":".join(map(str, (seed, *parts)))).randrange(2**31)


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"unknown degradation level {level!r}; expected one of {LEVELS}")
