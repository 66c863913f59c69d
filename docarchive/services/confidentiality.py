"""Setting confidentiality levels (密级): a record's own, and a paper volume's, which every record filed in
it is read under too. The security officer and the archive room set them, always with a reason, and the
change is in the history; the search index follows each record it touches (same unit of work)."""

from __future__ import annotations

from docarchive.domain.documents import Confidentiality, Document
from docarchive.domain.errors import InvalidInput
from docarchive.domain.events import PaperMoved
from docarchive.domain.history import DOCUMENT, required_reason
from docarchive.domain.paper.model import Move, Volume, subject
from docarchive.domain.principal import Principal
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore
from docarchive.domain.access import Sight
from docarchive.services.access import require, seen_document, seen_volume
from docarchive.services.history import record_change


def parse_level(text: str) -> Confidentiality:
    aliases = {"": "none", "无": "none", "secret": "秘密", "confidential": "机密", "top_secret": "绝密"}
    value = aliases.get((text or "").strip().lower(), (text or "").strip())
    try:
        return Confidentiality(value)
    except ValueError:
        raise InvalidInput("level is one of none, 秘密, 机密, 绝密") from None


def set_record_level(records: RecordStore, *, principal: Principal, clock: Clock, document_id: str, level: str,
                     reason: str) -> Document:
    require(principal, "set_confidentiality", "set confidentiality levels")
    new, reason = parse_level(level), required_reason(reason)
    with records.unit_of_work() as uow:
        document = seen_document(uow, principal, document_id, Sight.METADATA)
        before = document.confidentiality
        if before != new:
            document.confidentiality, document.updated_at = new, clock.now()
            uow.documents.update(document)
            record_change(uow, principal, DOCUMENT, document.id, {"confidentiality": before.value},
                          {"confidentiality": new.value}, reason, clock=clock)
        uow.commit()
    return document


def set_volume_level(records: RecordStore, *, principal: Principal, clock: Clock, archive_no: str, level: str,
                     reason: str) -> Volume:
    """The volume's level, and with it the level each of its records is read under."""
    require(principal, "set_confidentiality", "set confidentiality levels")
    new, reason = parse_level(level), required_reason(reason)
    with records.unit_of_work() as uow:
        volume = seen_volume(uow, principal, archive_no)
        before = volume.confidentiality
        if before != new:
            volume.confidentiality, volume.updated_at = new, clock.now()
            uow.volumes.update(volume)
            uow.record(PaperMoved(Move(subject("volume", volume.archive_no), clock.now(), principal.user,
                                       {"confidentiality": new.value}, {"confidentiality": before.value},
                                       reason, action="confidentiality")))
            for item in volume.items:
                document = uow.documents.find(item.document_id)
                if document is not None and document.volume_confidentiality != new:
                    document.volume_confidentiality, document.updated_at = new, clock.now()
                    uow.documents.update(document)
        uow.commit()
    return volume
