"""Printouts of the paper archive: labels for boxes, volumes and locations, a volume's 卷内目录 and 备考表.

Reading happens in one read-only unit of work; rendering happens after it is closed, so a long render never
holds the store. Printing a catalogue can mark it printed — the version that was rendered, not whatever the
volume holds by the time the PDF is done — which is what the mismatch report compares against.
"""

from __future__ import annotations

from typing import Iterable

from docarchive.domain.audit import PRINT
from docarchive.domain.errors import InvalidInput, NotFound
from docarchive.domain.paper.codes import ArchiveNoRule, CodeKind, parse_code
from docarchive.domain.principal import Principal
from docarchive.ports.audit import AuditLog
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore, UnitOfWork
from docarchive.printing.labels import Label, render_labels, render_separator_sheet
from docarchive.printing.volume_sheets import render_catalogue, render_notes
from docarchive.services import _printout_views as views
from docarchive.services.access import require, seen_volume
from docarchive.services.audit import audited
from docarchive.services.paper._places import place_of
from docarchive.services.paper.volumes import mark_catalogue_printed, volume_catalogue

MAX_LABELS = 2_000  # one batch: a room's boxes; more is several print jobs anyway


def labels_pdf(records: RecordStore, codes: Iterable[str], *, rule: ArchiveNoRule, principal: Principal,
               audit: AuditLog | None = None) -> bytes:
    """One label per code (volume, box or location), eight to an A4 sheet, in the order given: the archive
    room prints them."""
    require(principal, "paper", "print labels")
    codes = list(codes)
    if not 1 <= len(codes) <= MAX_LABELS:
        raise InvalidInput(f"give 1–{MAX_LABELS} codes to print labels for")
    with audited(audit, principal, PRINT, subject=codes[0],
                 detail={"printout": "labels", "codes": codes[:20], "count": len(codes)}):
        with records.unit_of_work(readonly=True) as uow:
            labels = [_label(uow, code, rule) for code in codes]
        return render_labels(labels)


def separator_sheet_pdf(records: RecordStore, archive_no: str, *, rule: ArchiveNoRule,
                        principal: Principal, audit: AuditLog | None = None) -> bytes:
    """The sheet put in front of a volume's papers on the scanner: ingest files what follows into the volume."""
    require(principal, "paper", "print separator sheets")
    with audited(audit, principal, PRINT, subject=archive_no, detail={"printout": "separator_sheet"}):
        return _separator_sheet_pdf(records, archive_no, rule)


def _separator_sheet_pdf(records: RecordStore, archive_no: str, rule: ArchiveNoRule) -> bytes:
    with records.unit_of_work(readonly=True) as uow:
        label = _label(uow, archive_no, rule)
    if label.kind != "volume":
        raise InvalidInput(f"{archive_no} is a {label.kind} code; a separator sheet files records into a volume")
    return render_separator_sheet(label)


def catalogue_pdf(records: RecordStore, archive_no: str, *, principal: Principal, clock: Clock,
                  mark_printed: bool = False, audit: AuditLog | None = None) -> bytes:
    with audited(audit, principal, PRINT, clock=clock, subject=archive_no, detail={"printout": "catalogue"}) as event:
        with records.unit_of_work(readonly=True) as uow:
            catalogue = volume_catalogue(uow, seen_volume(uow, principal, archive_no), principal=principal)
            customer = uow.customers.find(catalogue.volume.customer_no)
        event["customer_no"] = catalogue.volume.customer_no
    heading = views.volume_heading(catalogue, customer)
    pdf = render_catalogue(heading, views.catalogue_entries(
        catalogue, views.responsible_text(customer, catalogue.volume.customer_no)))
    if mark_printed:
        mark_catalogue_printed(records, archive_no=catalogue.volume.archive_no, principal=principal, clock=clock,
                               version=catalogue.volume.catalogue_version)
    return pdf


def notes_pdf(records: RecordStore, archive_no: str, *, principal: Principal,
              audit: AuditLog | None = None) -> bytes:
    with audited(audit, principal, PRINT, subject=archive_no, detail={"printout": "notes"}) as event:
        with records.unit_of_work(readonly=True) as uow:
            catalogue = volume_catalogue(uow, seen_volume(uow, principal, archive_no), principal=principal)
            customer = uow.customers.find(catalogue.volume.customer_no)
        event["customer_no"] = catalogue.volume.customer_no
    return render_notes(views.volume_heading(catalogue, customer), views.notes_sheet(catalogue))


def _label(uow: UnitOfWork, text: str, rule: ArchiveNoRule) -> Label:
    code = parse_code(text, rule)
    if code.kind == CodeKind.VOLUME:
        volume = uow.volumes.get(code.value)
        box = uow.boxes.find(volume.box_code)
        place = place_of(uow, box.location_code) if box else None
        return views.volume_label(volume, uow.customers.find(volume.customer_no), box, place)
    if code.kind == CodeKind.BOX:
        box = uow.boxes.get(code.value)
        return views.box_label(box, place_of(uow, box.location_code), uow.volumes.in_boxes([box.code]))
    if code.kind == CodeKind.LOCATION:
        place = place_of(uow, code.value)
        if place is None:
            raise NotFound(f"no location {code.value}")
        return views.location_label(place)
    raise InvalidInput(f"{code.value} is a record id; labels are printed for volumes, boxes and locations")
