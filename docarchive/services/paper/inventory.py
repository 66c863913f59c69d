"""Inventory (盘点): the codes scanned on a shelf or in a room against what the records say is there."""

from __future__ import annotations

from typing import Any, Callable

from docarchive.domain.errors import InvalidInput
from docarchive.domain.principal import Principal
from docarchive.domain.paper.codes import ArchiveNoRule, CodeKind, MalformedCode, parse_code
from docarchive.ports.records import RecordStore, UnitOfWork
from docarchive.services.access import require
from docarchive.services.paper._places import find_location, place_of
from docarchive.services.paper.views import loan_json

MAX_SCANNED = 100_000
KINDS = ("found", "missing", "misplaced", "unknown", "on_loan", "set_apart", "destroyed")
Marks = Callable[[], dict[str, dict[str, Any]]]  # archive number → set apart / destroyed (services/disposal_marks)


def _no_marks() -> dict[str, dict[str, Any]]:
    return {}


def take_inventory(records: RecordStore, *, principal: Principal, scope: str, scanned: list[str],
                   rule: ArchiveNoRule, disposals: Marks = _no_marks) -> dict[str, Any]:
    """found: expected here and scanned (a volume also counts when its box was scanned); missing: expected,
    not scanned; misplaced: scanned here but recorded elsewhere; unknown: malformed or not on record;
    on_loan: expected, out on loan. A volume set apart for destruction or destroyed is none of these: it is
    listed under set_apart (kept apart until its destruction: not expected on its shelf, nor misplaced where
    it is kept) or destroyed (with its register entry), each saying whether it was scanned — a destroyed
    volume scanned is paper that should no longer exist."""
    require(principal, "paper", "take an inventory")
    if len(scanned) > MAX_SCANNED:
        raise InvalidInput(f"at most {MAX_SCANNED} scanned codes per inventory")
    codes = list(dict.fromkeys(code.strip() for code in scanned if code.strip()))
    with records.unit_of_work(readonly=True) as uow:
        root = find_location(uow, scope)
        here = {loc.code for loc in uow.locations.subtree(root.path)}
        boxes = {box.code: box for box in uow.boxes.at_locations(sorted(here))}
        volumes = uow.volumes.boxes_of_volumes_in(sorted(boxes))  # archive number → box code
        report = _compare(uow, codes, here, boxes, volumes, rule)
    _set_aside_disposed(report, disposals(), volumes)
    report["scope"] = {"code": root.code, "path": root.path}
    report["counts"] = {key: len(report[key]) for key in KINDS}
    report["counts"]["scanned"] = len(codes)
    return report


def _compare(uow: UnitOfWork, codes: list[str], here: set[str], boxes: dict, volumes: dict[str, str],
             rule: ArchiveNoRule) -> dict[str, Any]:
    found, unknown, elsewhere = [], [], {CodeKind.BOX: [], CodeKind.VOLUME: []}
    for code in codes:
        try:
            kind = parse_code(code, rule).kind
        except MalformedCode as exc:
            unknown.append({"code": code, "reason": str(exc)})
            continue
        if code in boxes or code in volumes or (kind == CodeKind.LOCATION and code in here):
            found.append({"code": code, "kind": kind.value})
        elif kind in elsewhere:
            elsewhere[kind].append(code)
        else:
            unknown.append({"code": code, "reason": f"a {kind.value} code, not a box or volume of this place"})
    scanned = set(codes)
    # A volume not scanned itself is out on loan, or in its box when the box was scanned, or missing.
    on_loan = _on_loan(uow, {no: box_code for no, box_code in volumes.items() if no not in scanned})
    lent = {row["code"] for row in on_loan}
    for archive_no, box_code in volumes.items():
        if archive_no not in scanned and box_code in scanned and archive_no not in lent:
            found.append({"code": archive_no, "kind": "volume", "via_box": box_code})
    missing = [{"code": code, "kind": "box", "recorded_location": box.location_code}
               for code, box in boxes.items() if code not in scanned]
    unseen = {no: box_code for no, box_code in volumes.items() if no not in scanned and box_code not in scanned}
    missing += [{"code": no, "kind": "volume", "recorded_box": box_code} for no, box_code in sorted(unseen.items())
                if no not in lent]
    misplaced, not_on_record = _recorded_elsewhere(uow, elsewhere)
    return {"found": found, "missing": missing, "misplaced": misplaced, "unknown": unknown + not_on_record,
            "on_loan": on_loan}


def _set_aside_disposed(report: dict[str, Any], marks: dict[str, dict[str, Any]], here: dict[str, str]) -> None:
    """Take the volumes set apart or destroyed out of found, missing and misplaced, into their own lists."""
    report["set_apart"], report["destroyed"] = [], []
    if not marks:
        return
    scanned = {row["code"] for row in report["found"] if "via_box" not in row}
    scanned |= {row["code"] for row in report["misplaced"]}
    for key in ("found", "missing", "misplaced"):
        report[key] = [row for row in report[key] if row.get("kind") != "volume" or row["code"] not in marks]
    for archive_no in sorted((set(here) | scanned) & set(marks)):
        mark = marks[archive_no]
        row = {"code": archive_no, "kind": "volume", "recorded_box": here.get(archive_no),
               "scanned": archive_no in scanned, **mark}
        row["note"] = _note(mark, row["scanned"], archive_no in here)
        report[mark["state"]].append(row)


def _note(mark: dict[str, Any], scanned: bool, recorded_here: bool) -> str:
    if mark["state"] == "destroyed":
        when = mark["register"]["destroyed_at"][:10]
        seq = mark["register"]["seq"]
        if scanned:
            return f"scanned, but destroyed on {when} (销毁清册 #{seq}): this paper should no longer exist"
        return f"destroyed on {when} (销毁清册 #{seq}, {mark['register']['method']}): not expected"
    if scanned and recorded_here:
        return f"set apart for destruction (list {mark['list_id']}) but on its shelf: keep it apart"
    if scanned:
        return f"kept apart for destruction (list {mark['list_id']}): where it should be"
    return f"set apart for destruction (list {mark['list_id']}): not expected on its shelf"


def _on_loan(uow: UnitOfWork, unseen: dict[str, str]) -> list[dict[str, Any]]:
    """Volumes not scanned because they are out on loan: accounted for, not missing."""
    lent = [v for v in uow.volumes.find_many(sorted(unseen)).values() if v.on_loan is not None]
    return [{"code": v.archive_no, "kind": "volume", "recorded_box": v.box_code, "loan": loan_json(v.on_loan)}
            for v in sorted(lent, key=lambda v: v.archive_no)]


def _recorded_elsewhere(uow: UnitOfWork, elsewhere: dict[CodeKind, list[str]]) -> tuple[list, list]:
    misplaced, unknown = [], []
    known_boxes = uow.boxes.find_many(elsewhere[CodeKind.BOX])
    known_volumes = uow.volumes.find_many(elsewhere[CodeKind.VOLUME])
    for code in elsewhere[CodeKind.BOX]:
        box = known_boxes.get(code)
        if box is None:
            unknown.append({"code": code, "reason": "no such box on record"})
        else:
            misplaced.append({"code": code, "kind": "box", **_recorded(uow, box.location_code)})
    for code in elsewhere[CodeKind.VOLUME]:
        volume = known_volumes.get(code)
        if volume is None:
            unknown.append({"code": code, "reason": "no such volume on record"})
        else:
            box = uow.boxes.find(volume.box_code)
            recorded = _recorded(uow, box.location_code if box else None)
            misplaced.append({"code": code, "kind": "volume", "recorded_box": volume.box_code, **recorded})
    return misplaced, unknown


def _recorded(uow: UnitOfWork, location_code: str | None) -> dict[str, Any]:
    place = place_of(uow, location_code)
    return {"recorded_location": location_code, "recorded_location_path": place.display if place else None}
