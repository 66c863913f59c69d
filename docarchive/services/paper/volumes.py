"""Volumes (案卷): one customer's papers in a box, numbered by the DA/T 13-style rule, with their catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from docarchive.domain.documents import Confidentiality, Document
from docarchive.domain.errors import InvalidInput, NotFound
from docarchive.domain.events import PaperMoved
from docarchive.domain.history import required_reason
from docarchive.domain.paper.codes import ArchiveNoRule, CodeKind, check_code
from docarchive.domain.paper.model import Box, Move, Retention, Volume, VolumeItem, subject
from docarchive.domain.principal import Principal
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore, UnitOfWork
from docarchive.services.access import require, seen_volume, sees_customer, visible_documents
from docarchive.services.customers import open_customer_file
from docarchive.services.paper._places import Place, box_where, place_of

MAX_TITLE = 200


@dataclass
class CatalogueEntry:
    item: VolumeItem
    document: Document | None  # None: the electronic record is missing (a mismatch)

    @property
    def electronic_code(self) -> str:
        return self.item.document_id

    @property
    def storage_address(self) -> str | None:
        return storage_address(self.document) if self.document else None


@dataclass
class VolumeCatalogue:
    """A volume with its box, its place and each item's electronic record: what 卷内目录 and 备考表 print."""

    volume: Volume
    box: Box | None
    place: Place | None
    entries: list[CatalogueEntry]


def storage_address(document: Document) -> str:
    """Where the electronic original is kept, independent of the backend: its content address."""
    return f"docarchive://originals/sha256/{document.sha256}"


def add_volume(records: RecordStore, *, customer_no: str, box: str, rule: ArchiveNoRule, principal: Principal,
               clock: Clock, customer_archive_no_format: str, reason: str | None, title: str = "",
               year: int | None = None, retention: Retention = Retention.PERMANENT,
               secrecy: Confidentiality = Confidentiality.NONE, owner: str = "", department: str = "") -> Volume:
    """A new volume with the next archive number of its group (never reused, even if this rolls back).
    A customer not on file yet gets their file opened, as ingest does for a given customer number."""
    require(principal, "paper", "open volumes")
    reason = required_reason(reason)
    now = clock.now()
    year = now.year if year is None else year
    if not 1900 <= year <= 2999 or len(title) > MAX_TITLE:
        raise InvalidInput(f"year must be 1900–2999 and title at most {MAX_TITLE} characters")
    box = check_code(box, CodeKind.BOX)
    with records.unit_of_work() as uow:
        held_in = uow.boxes.get(box)
        customer = uow.customers.find(customer_no.strip()) or open_customer_file(
            uow, customer_no=customer_no, clock=clock, archive_no_format=customer_archive_no_format)
        seq = uow.next_sequence_value(rule.sequence_name(year=year, retention=retention))
        volume = Volume(
            archive_no=rule.format(year=year, retention=retention, seq=seq), customer_no=customer.customer_no,
            box_code=held_in.code, title=title.strip() or f"{customer.name or customer.customer_no} 客户档案",
            year=year, retention=retention, fonds_code=rule.fonds, class_code=rule.class_code, org_code=rule.org,
            confidentiality=secrecy, owner=owner or principal.user, department=department or principal.department,
            created_at=now, updated_at=now, created_by=principal.user,
        )
        uow.volumes.add(volume)
        where = {"box": held_in.code, **box_where(place_of(uow, held_in.location_code))}
        uow.record(PaperMoved(Move(subject("volume", volume.archive_no), now, principal.user, where,
                                   reason=reason, action="place")))
        uow.commit()
    return volume


def move_volume(records: RecordStore, *, archive_no: str, box: str, principal: Principal, clock: Clock,
                reason: str | None) -> Volume:
    require(principal, "paper", "move volumes")
    reason = required_reason(reason)
    with records.unit_of_work() as uow:
        volume = uow.volumes.get(archive_no)
        target = uow.boxes.get(check_code(box, CodeKind.BOX))
        if target.code == volume.box_code:
            return volume
        volume.check_in_place("moved")
        old_box = uow.boxes.find(volume.box_code)
        came_from = {"box": volume.box_code, **box_where(place_of(uow, old_box.location_code if old_box else None))}
        volume.box_code, volume.updated_at = target.code, clock.now()
        uow.volumes.update(volume)
        where = {"box": target.code, **box_where(place_of(uow, target.location_code))}
        uow.record(PaperMoved(Move(subject("volume", archive_no), clock.now(), principal.user, where, came_from,
                                   reason)))
        uow.commit()
    return volume


def get_volume_catalogue(records: RecordStore, archive_no: str, *, principal: Principal) -> VolumeCatalogue:
    with records.unit_of_work(readonly=True) as uow:
        return volume_catalogue(uow, seen_volume(uow, principal, archive_no), principal=principal)


def volume_catalogue(uow: UnitOfWork, volume: Volume, *, principal: Principal | None = None) -> VolumeCatalogue:
    """The volume's items with their records; with `principal`, only the items whose record they may know of
    (an item whose record is gone stays: that is a mismatch to see, not a secret)."""
    box = uow.boxes.find(volume.box_code)
    place = place_of(uow, box.location_code) if box else None
    entries = [CatalogueEntry(item, uow.documents.find(item.document_id)) for item in volume.items]
    if principal is not None:
        known = {d.id for d, _sight in visible_documents(uow, principal, [e.document for e in entries if e.document])}
        entries = [entry for entry in entries if entry.document is None or entry.document.id in known]
    return VolumeCatalogue(volume, box, place, entries)


def list_volumes(records: RecordStore, *, principal: Principal, customer_no: str | None = None,
                 box: str | None = None, after: str = "", limit: int = 500) -> list[Volume]:
    """Volumes of the customer files the principal may know of."""
    with records.unit_of_work(readonly=True) as uow:
        if box:
            volumes = [v for v in uow.volumes.in_boxes([box]) if v.archive_no > after][:limit]
        else:
            volumes = uow.volumes.list(customer_no=customer_no, after=after, limit=limit)
        customers = {no: uow.customers.find(no) for no in {v.customer_no for v in volumes}}
    return [v for v in volumes if sees_customer(principal, customers[v.customer_no])]


def mark_catalogue_printed(records: RecordStore, *, archive_no: str, principal: Principal, clock: Clock,
                           version: int | None = None) -> Volume:
    """Record that the catalogue as of `version` (default: the current one) is on paper now."""
    require(principal, "paper", "mark catalogues printed")
    with records.unit_of_work() as uow:
        volume = uow.volumes.get(archive_no)
        printed = volume.catalogue_version if version is None else version
        if not 0 <= printed <= volume.catalogue_version:
            raise InvalidInput(f"volume {archive_no} has no catalogue version {printed}")
        volume.printed_version = max(volume.printed_version, printed)
        uow.volumes.update(volume)
        uow.commit()
    return volume


def parse_when(text: str) -> datetime:
    """An ISO date or time from a user; a bare date means the end of that day, no offset means UTC."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(f"{text!r} is not an ISO date or time (2026-05-06 or 2026-05-06T09:30)") from exc
    if len(text.strip()) == 10:
        when = when.replace(hour=23, minute=59, second=59, microsecond=999999)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def volume_location_at(records: RecordStore, *, principal: Principal, archive_no: str, at: datetime) -> Move:
    """Where the volume was at `at`: its last placement or move up to then."""
    with records.unit_of_work(readonly=True) as uow:
        seen_volume(uow, principal, archive_no)
        move = uow.paper_history.at(subject("volume", archive_no), at)
    if move is None:
        raise NotFound(f"volume {archive_no} did not exist yet at {at.isoformat()}")
    return move


def volume_history(records: RecordStore, *, principal: Principal, archive_no: str, limit: int = 100) -> list[Move]:
    with records.unit_of_work(readonly=True) as uow:
        seen_volume(uow, principal, archive_no)
        return uow.paper_history.of(subject("volume", archive_no), limit=limit)
