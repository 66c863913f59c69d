"""Cross-reference and scan-to-find: from a record to its paper original, and from any scanned code to the
thing it names, where it is and what it holds. Every lookup here is by primary key."""

from __future__ import annotations

from typing import Any

from docarchive.domain.errors import NotFound
from docarchive.domain.paper.codes import ArchiveNoRule, CodeKind, parse_code
from docarchive.domain.paper.model import Volume, VolumeItem
from docarchive.domain.access import Sight
from docarchive.domain.principal import Principal
from docarchive.ports.records import RecordStore, UnitOfWork
from docarchive.services.access import require, seen_document, seen_volume, visible_documents
from docarchive.services.paper._places import box_path_text, location_json, place_of
from docarchive.services.paper.views import box_json, loan_json, volume_json

NOT_FILED = "not filed in any paper volume"


def locate_document(records: RecordStore, document_id: str, *, principal: Principal) -> dict[str, Any]:
    """`{"document_id", "paper": {...}}`, or `"paper": None` with a `reason`; NotFound for an unknown record
    or one the principal may not know of."""
    with records.unit_of_work(readonly=True) as uow:
        seen_document(uow, principal, document_id.strip(), Sight.METADATA)
        return _locate(uow, document_id.strip())


def paper_text(paper: dict[str, Any]) -> str:
    """`A库房 / 03密集架 2列4节3层 / 盒 B-0012 / 卷 Z001-KH·2026-Y-DAS-0001 / 第5件 第12–15页`"""
    first, last = paper["pages"]
    return f"{paper['location_path']} / 卷 {paper['archive_no']} / 第{paper['item']}件 第{first}–{last}页"


def _locate(uow: UnitOfWork, document_id: str) -> dict[str, Any]:
    archive_no = uow.volumes.filed_in([document_id]).get(document_id)
    volume = uow.volumes.find(archive_no) if archive_no else None
    item = volume.item_of(document_id) if volume else None
    if item is None:
        uow.documents.get(document_id)  # unknown record: 404, not "not filed"
        reason = NOT_FILED if archive_no is None else f"the filing index names volume {archive_no}, which does not hold it"
        return {"document_id": document_id, "paper": None, "reason": reason}
    return {"document_id": document_id, "paper": _paper(uow, volume, item)}


def _paper(uow: UnitOfWork, volume: Volume, item: VolumeItem) -> dict[str, Any]:
    box = uow.boxes.find(volume.box_code)
    place = place_of(uow, box.location_code) if box else None
    paper = {
        "archive_no": volume.archive_no,
        "volume_title": volume.title,
        "customer_no": volume.customer_no,
        "item": item.n,
        "pages": [item.first_page, item.last_page],
        "box": volume.box_code,
        "location_code": place.location.code if place else None,
        "location_path": box_path_text(box, place) if box else f"盒 {volume.box_code}",
        "location": location_json(place) if place else None,
        "loan": loan_json(volume.on_loan),
    }
    text = paper_text(paper)
    return paper | {"text": text if volume.on_loan is None else f"{text}（{paper['loan']['text']}）"}


def resolve_code(records: RecordStore, code: str, rule: ArchiveNoRule, *, principal: Principal) -> dict[str, Any]:
    """Whatever a scanner typed: what it is, where it is, what it holds. Malformed → MalformedCode (400),
    well-formed but unknown (or not the principal's to know) → NotFound (404). Boxes and shelves are the
    archive room's; a volume or record, its customer file's."""
    parsed = parse_code(code, rule)
    if parsed.kind in (CodeKind.BOX, CodeKind.LOCATION):
        require(principal, "paper_read", "see the archive room's boxes and shelves")
    with records.unit_of_work(readonly=True) as uow:
        found = _RESOLVERS[parsed.kind](uow, parsed.value, principal)
    return {"code": parsed.value, "kind": parsed.kind.value, "loan": None, **found}


def _volume(uow: UnitOfWork, archive_no: str, principal: Principal) -> dict[str, Any]:
    volume = seen_volume(uow, principal, archive_no)
    box = uow.boxes.find(volume.box_code)
    place = place_of(uow, box.location_code) if box else None
    where = {"box": volume.box_code, "location_path": box_path_text(box, place) if box else None,
             "location": location_json(place) if place else None, "loan": loan_json(volume.on_loan)}
    documents = [d for d in (uow.documents.find(i.document_id) for i in volume.items) if d is not None]
    known = {d.id for d, _sight in visible_documents(uow, principal, documents)}
    holds = [{"item": i.n, "document_id": i.document_id, "pages": [i.first_page, i.last_page]}
             for i in volume.items if i.document_id in known]
    return {"volume": volume_json(volume), "where": where, "holds": holds, "disposal": _disposal_of(documents),
            "loan": where["loan"]}


_DISPOSAL_FLAGS = {"quarantined": "待销毁（单独存放）", "destroyed": "已销毁"}


def _disposal_of(documents) -> dict[str, Any] | None:
    """A volume set apart for destruction, or destroyed, is flagged where it is shown (its records say so)."""
    states = {d.disposal for d in documents} & set(_DISPOSAL_FLAGS)
    if not states:
        return None
    state = "destroyed" if "destroyed" in states else "quarantined"
    return {"state": state, "label": _DISPOSAL_FLAGS[state]}


def _box(uow: UnitOfWork, code: str, principal: Principal) -> dict[str, Any]:
    box = uow.boxes.get(code)
    place = place_of(uow, box.location_code)
    where = {"location_path": place.display if place else None, "location": location_json(place) if place else None}
    holds = [{"archive_no": v.archive_no, "title": v.title, "customer_no": v.customer_no, "items": len(v.items),
              "loan": loan_json(v.on_loan)} for v in uow.volumes.in_boxes([code])]
    return {"box": box_json(box), "where": where, "holds": holds}


def _location(uow: UnitOfWork, code: str, principal: Principal) -> dict[str, Any]:
    place = place_of(uow, code)
    if place is None:
        raise NotFound(f"no location {code}")
    children = [{"code": loc.code, "name": loc.name, "kind": loc.kind.value}
                for loc in uow.locations.children(place.location)]
    boxes = [box.code for box in uow.boxes.at_locations([code])]
    return {"location": location_json(place), "where": {"location_path": place.display},
            "holds": {"locations": children, "boxes": boxes}}


def _record(uow: UnitOfWork, document_id: str, principal: Principal) -> dict[str, Any]:
    seen_document(uow, principal, document_id, Sight.METADATA)
    located = _locate(uow, document_id)
    return {**located, "loan": (located["paper"] or {}).get("loan")}


_RESOLVERS = {CodeKind.VOLUME: _volume, CodeKind.BOX: _box, CodeKind.LOCATION: _location, CodeKind.RECORD: _record}
