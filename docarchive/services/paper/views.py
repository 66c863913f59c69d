"""The JSON shapes of the paper archive, one per object, shared by the API and the CLI."""

from __future__ import annotations

from typing import Any

from docarchive.domain.lending import loan_mark_text
from docarchive.domain.paper.model import Box, LoanMark, Location, Move, Volume
from docarchive.services.paper._places import box_path_text, location_json
from docarchive.services.paper.volumes import VolumeCatalogue


def location_row(location: Location) -> dict[str, Any]:
    return {"code": location.code, "name": location.name, "kind": location.kind.value, "path": location.path,
            "parent_code": location.parent_code, "capacity": location.capacity}


def box_json(box: Box) -> dict[str, Any]:
    return {"code": box.code, "location_code": box.location_code}


def volume_json(volume: Volume) -> dict[str, Any]:
    return {
        "archive_no": volume.archive_no,
        "customer_no": volume.customer_no,
        "box": volume.box_code,
        "title": volume.title,
        "year": volume.year,
        "retention": volume.retention.value,
        "secrecy": volume.confidentiality.value,
        "confidentiality": volume.confidentiality.value,
        "owner": volume.owner,
        "department": volume.department,
        "fonds_code": volume.fonds_code,
        "class_code": volume.class_code,
        "org_code": volume.org_code,
        "items": len(volume.items),
        "pages": volume.page_count,
        "catalogue_version": volume.catalogue_version,
        "printed_version": volume.printed_version,
        "created_at": volume.created_at.isoformat() if volume.created_at else None,
        "version": volume.version,
        "loan": loan_json(volume.on_loan),
    }


def loan_json(mark: LoanMark | None) -> dict[str, Any] | None:
    """A volume out on loan, as every place that shows where it is says it: null while it is in."""
    if mark is None:
        return None
    return {"id": mark.loan_id, "borrower": mark.borrower, "since": mark.since.isoformat(),
            "due": mark.due.isoformat() if mark.due else None,
            "text": loan_mark_text(mark.borrower, mark.since, mark.due)}


def catalogue_json(catalogue: VolumeCatalogue) -> dict[str, Any]:
    """A volume's catalogue (卷内目录) with each item's electronic code and storage address."""
    box, place = catalogue.box, catalogue.place
    items = [{
        "item": entry.item.n,
        "document_id": entry.item.document_id,
        "electronic_code": entry.electronic_code,
        "storage_address": entry.storage_address,
        "title": entry.document.title if entry.document else None,
        "pages": [entry.item.first_page, entry.item.last_page],
        "record_pages": entry.document.page_count if entry.document else None,
        "missing_record": entry.document is None,
        "filed_at": entry.item.filed_at.isoformat() if entry.item.filed_at else None,
        "filed_by": entry.item.filed_by,
    } for entry in catalogue.entries]
    return {**volume_json(catalogue.volume),
            "location_path": _on_loan(catalogue.volume, box_path_text(box, place) if box else None),
            "location": location_json(place) if place else None,
            "catalogue": items}


def move_json(move: Move) -> dict[str, Any]:
    return {"subject": move.subject, "action": move.action, "at": move.at.isoformat(), "by": move.by,
            "from": move.came_from, "to": move.to, "reason": move.reason}


def _on_loan(volume: Volume, path: str | None) -> str | None:
    """Its place, and, while it is out, who has it: `… / 盒 B-0012（借出：李明，自 … 起，应还 …）`."""
    mark = volume.on_loan
    return path if mark is None else f"{path or ''}（{loan_mark_text(mark.borrower, mark.since, mark.due)}）"
