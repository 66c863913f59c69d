"""Filing: an electronic record becomes item N of a paper volume, pages A–B; re-filing moves it, with history."""

from __future__ import annotations

import re

from docarchive.domain.access import Sight, level_rank
from docarchive.domain.errors import InvalidInput
from docarchive.domain.events import PaperMoved
from docarchive.domain.history import required_reason
from docarchive.domain.paper.model import Move, VolumeItem, subject
from docarchive.domain.principal import Principal
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore, UnitOfWork
from docarchive.services.access import access_of, require, seen_document
from docarchive.services.linking import clear_not_filed

MAX_BULK = 10_000
_PAGES = re.compile(r"\s*(\d{1,6})\s*(?:[-–~]\s*(\d{1,6}))?\s*")


def parse_pages(text: str | None) -> tuple[int, int] | None:
    """`12-15` (or `12–15`, or `12` for one page) → (12, 15)."""
    if text is None or not text.strip():
        return None
    match = _PAGES.fullmatch(text)
    if match is None:
        raise InvalidInput(f"pages {text!r} must look like 12-15")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first < 1 or last < first:
        raise InvalidInput(f"pages {text!r} are not a page range")
    return first, last


def file_record(records: RecordStore, *, document_id: str, archive_no: str, principal: Principal, clock: Clock,
                reason: str | None, item: int | None = None, pages: tuple[int, int] | None = None) -> VolumeItem:
    require(principal, "paper", "file records in volumes")
    with records.unit_of_work() as uow:
        filed = file_into_volume(uow, document_id=document_id, archive_no=archive_no, principal=principal,
                                 clock=clock, item=item, pages=pages, reason=reason)
        uow.commit()
    return filed


def file_records(records: RecordStore, *, document_ids: list[str], archive_no: str, principal: Principal,
                 clock: Clock, reason: str | None) -> list[VolumeItem]:
    """Bulk filing in scan order: each record after the last, on the next free pages; all or nothing."""
    require(principal, "paper", "file records in volumes")
    if not document_ids or len(document_ids) > MAX_BULK:
        raise InvalidInput(f"give 1–{MAX_BULK} record ids to file")
    if len(set(document_ids)) != len(document_ids):
        raise InvalidInput("a record id is given twice")
    with records.unit_of_work() as uow:
        filed = [file_into_volume(uow, document_id=doc, archive_no=archive_no, principal=principal, clock=clock,
                                  reason=reason) for doc in document_ids]
        uow.commit()
    return filed


def file_into_volume(uow: UnitOfWork, *, document_id: str, archive_no: str, principal: Principal, clock: Clock,
                     reason: str | None, item: int | None = None, pages: tuple[int, int] | None = None) -> VolumeItem:
    """File inside a unit of work the caller commits (ingest files a record in the unit that stores it).

    Without pages the record takes as many pages as it has scanned pages, right after item N-1. Filing a
    record already in a volume moves it (from there, or within the volume) and records where it was."""
    reason = required_reason(reason)
    document = uow.documents.get(document_id)
    current_no = uow.volumes.filed_in([document_id]).get(document_id)
    if current_no == archive_no and item is None and pages is None:
        return uow.volumes.get(archive_no).item_of(document_id)
    came_from = None
    if current_no is not None:
        old_volume = uow.volumes.get(current_no)
        old_volume.check_in_place("re-filed")
        old = old_volume.unfile(document_id)
        old_volume.updated_at = clock.now()
        uow.volumes.update(old_volume)
        came_from = {"archive_no": current_no, "item": old.n, "pages": [old.first_page, old.last_page]}
    volume = uow.volumes.get(archive_no)
    volume.check_in_place("filed into" if current_no is None else "re-filed")
    if current_no is not None and level_rank(volume.confidentiality) < level_rank(old_volume.confidentiality):
        access_of(principal).require_move_out(document_id)
    filed = volume.file(document_id, page_count=max(document.page_count, 1), n=item, pages=pages,
                        filed_at=clock.now(), filed_by=principal.user)
    volume.updated_at = clock.now()
    uow.volumes.update(volume)
    to = {"archive_no": archive_no, "item": filed.n, "pages": [filed.first_page, filed.last_page]}
    uow.record(PaperMoved(Move(subject("document", document_id), clock.now(), principal.user, to, came_from,
                               reason, action="refile" if came_from else "file")))
    clear_not_filed(uow, document)
    _take_volume_level(uow, document, volume.confidentiality)
    return filed


def _take_volume_level(uow: UnitOfWork, document, level) -> None:
    """A record is read under the higher of its own level and its volume's: filing into a 机密 volume raises
    it, filing on into an open one lowers it back (the index follows the record)."""
    if document.volume_confidentiality != level:
        document.volume_confidentiality = level
        uow.documents.update(document)


def filing_history(records: RecordStore, *, principal: Principal, document_id: str, limit: int = 100) -> list[Move]:
    """Every filing and re-filing of a record, newest first."""
    with records.unit_of_work(readonly=True) as uow:
        seen_document(uow, principal, document_id, Sight.METADATA)
        return uow.paper_history.of(subject("document", document_id), limit=limit)
