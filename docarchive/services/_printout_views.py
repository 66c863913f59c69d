"""From the paper archive's objects to what a printout shows: every string a label or sheet prints is made here."""

from __future__ import annotations

from datetime import datetime

from docarchive.domain.customers import Customer
from docarchive.domain.documents import Confidentiality, Document
from docarchive.domain.paper.model import Box, Retention, Volume
from docarchive.printing.labels import Label
from docarchive.printing.volume_sheets import CatalogueEntry, NotesSheet, VolumeHeading
from docarchive.services.paper._places import Place, box_path_text
from docarchive.services.paper.volumes import VolumeCatalogue

RETENTION_TEXT = {Retention.PERMANENT: "永久", Retention.YEARS_30: "30年", Retention.YEARS_10: "10年"}
MISSING_RECORD = "（电子文件缺失）"
DATE_FIELDS = ("sign_date", "created_date", "date")  # what the extractors call a document's own date


def retention_text(retention: Retention) -> str:
    return f"{RETENTION_TEXT[retention]}（{retention.value}）"


def secrecy_text(secrecy: Confidentiality) -> str:
    return "" if secrecy == Confidentiality.NONE else secrecy.value


def customer_text(customer: Customer | None, customer_no: str) -> str:
    return f"{customer.name} {customer_no}" if customer and customer.name else customer_no


def responsible_text(customer: Customer | None, customer_no: str) -> str:
    """责任者 of a customer's papers: the customer, by name when we know it."""
    return customer.name if customer and customer.name else customer_no


def volume_label(volume: Volume, customer: Customer | None, box: Box | None, place: Place | None) -> Label:
    return Label("volume", volume.archive_no, customer=customer_text(customer, volume.customer_no),
                 title=volume.title, year=str(volume.year), retention=retention_text(volume.retention),
                 secrecy=secrecy_text(volume.confidentiality),
                 location=box_path_text(box, place) if box else f"盒 {volume.box_code}")


def box_label(box: Box, place: Place | None, volumes: list[Volume]) -> Label:
    years = sorted({volume.year for volume in volumes})
    span = "" if not years else str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    return Label("box", box.code, year=span, location=place.display if place else "")


def location_label(place: Place) -> Label:
    return Label("location", place.location.code, location=place.display)


def volume_heading(catalogue: VolumeCatalogue, customer: Customer | None) -> VolumeHeading:
    volume, box = catalogue.volume, catalogue.box
    return VolumeHeading(
        volume.archive_no, title=volume.title, customer=customer_text(customer, volume.customer_no),
        year=str(volume.year), retention=retention_text(volume.retention),
        secrecy=secrecy_text(volume.confidentiality), box=volume.box_code,
        location=catalogue.place.display if box and catalogue.place else "",
    )


def catalogue_entries(catalogue: VolumeCatalogue, responsible: str) -> list[CatalogueEntry]:
    """One row per item. 档号 is the volume's: items have no archive numbers of their own, only 序号."""
    rows = []
    for entry in catalogue.entries:
        item, document = entry.item, entry.document
        rows.append(CatalogueEntry(
            seq=item.n, archive_no=catalogue.volume.archive_no, responsible=responsible,
            title=(document.title or document.filename) if document else MISSING_RECORD,
            date=document_date(document) if document else "", pages=pages_text(item.first_page, item.last_page),
            electronic_code=entry.electronic_code, storage_address=entry.storage_address or MISSING_RECORD,
        ))
    return rows


def notes_sheet(catalogue: VolumeCatalogue) -> NotesSheet:
    volume = catalogue.volume
    return NotesSheet(explanation=explanation(catalogue), compiled_by=volume.created_by,
                      compiled_on=_date(volume.created_at),
                      cross_references=[entry.electronic_code for entry in catalogue.entries])


def explanation(catalogue: VolumeCatalogue) -> str:
    """情况说明: the counts, then every item whose paper and electronic sides disagree."""
    lines = [f"本卷共 {len(catalogue.entries)} 件，{catalogue.volume.page_count} 页。"]
    for entry in catalogue.entries:
        item, document = entry.item, entry.document
        if document is None:
            lines.append(f"第 {item.n} 件：电子文件 {item.document_id} 缺失。")
        elif document.page_count and document.page_count != item.page_count:
            lines.append(f"第 {item.n} 件：纸质 {item.page_count} 页，电子文件 {document.page_count} 页。")
    return "\n".join(lines)


def document_date(document: Document) -> str:
    for name in DATE_FIELDS:
        value = document.fields.get(name)
        if isinstance(value, str) and value:
            return value
    return _date(document.created_at)


def pages_text(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _date(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""
