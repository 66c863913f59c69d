"""Correcting a record's extracted fields (字段更正): what OCR and extraction read is the archive room's to put
right, with a reason, kept in the record's history like every other change."""

from __future__ import annotations

from typing import Any

from docarchive.domain.access import Sight
from docarchive.domain.documents import Document
from docarchive.domain.errors import InvalidInput
from docarchive.domain.events import RecordChanged
from docarchive.domain.history import required_reason
from docarchive.domain.principal import Principal
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore
from docarchive.services.access import require, seen_document

MAX_FIELD_CHARS = 500


def correct_fields(records: RecordStore, *, principal: Principal, clock: Clock, document_id: str,
                   fields: dict[str, Any], reason: str | None) -> Document:
    """Set the given fields (text, or null to remove one); only the archive room corrects what was read."""
    require(principal, "review", "correct a record's extracted fields")
    reason, wanted = required_reason(reason), _checked(fields)
    with records.unit_of_work() as uow:
        document = seen_document(uow, principal, document_id, Sight.READ)
        before = {name: document.fields.get(name) for name in wanted}
        changed = {name: value for name, value in wanted.items() if before[name] != value}
        if not changed:
            raise InvalidInput("the fields already hold these values: nothing to change")
        merged = {**document.fields, **changed}
        document.fields = {name: value for name, value in merged.items() if value is not None}
        document.updated_at = clock.now()
        uow.documents.update(document)
        uow.record(RecordChanged.between(document.id, {f"fields.{n}": before[n] for n in changed},
                                         {f"fields.{n}": v for n, v in changed.items()},
                                         at=clock.now(), by=principal.user, reason=reason))
        uow.commit()
    return document


def _checked(fields: dict[str, Any]) -> dict[str, str | None]:
    if not fields:
        raise InvalidInput("name at least one field to change")
    checked: dict[str, str | None] = {}
    for name, value in fields.items():
        if not name.strip() or len(name) > 64:
            raise InvalidInput(f"a field name has 1–64 characters: {name[:70]!r}")
        if value is not None and (not isinstance(value, str) or len(value) > MAX_FIELD_CHARS):
            raise InvalidInput(f"field {name}: give text of at most {MAX_FIELD_CHARS} characters, or null")
        checked[name.strip()] = (value.strip() or None) if isinstance(value, str) else None  # blank: removed
    return checked
