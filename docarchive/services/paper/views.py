"""The JSON shapes of the paper archive, one per object, shared by the API and the CLI."""

from __future__ import annotations

from typing import Any

from docarchive.domain.paper.model import Box, Location, Move, Volume
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
    }


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
            "location_path": box_path_text(box, place) if box else None,
            "location": location_json(place) if place else None,
            "catalogue": items}


def move_json(move: Move) -> dict[str, Any]:
    return {"subject": move.subject, "action": move.action, "at": move.at.isoformat(), "by": move.by,
            "from": move.came_from, "to": move.to, "reason": move.reason}
