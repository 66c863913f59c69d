"""Recoverable deletion of electronic records: an approved `delete` request moves a record to the recycle area
for 30 days — hidden from search and every read but the recycle listing, restorable — then `purge` (or the
worker) erases it from every store. Nothing is ever hard-deleted outside purge and destruction."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from docarchive.domain import approvals as approval_rules
from docarchive.domain import disposal as rules
from docarchive.domain.audit import DELETE, PURGE, RESTORE
from docarchive.domain.disposal import Recycled
from docarchive.domain.errors import Conflict, Forbidden, NotFound
from docarchive.domain.principal import Principal
from docarchive.services import erasure
from docarchive.services.access import seen_document
from docarchive.services.audit import audited
from docarchive.services.destruction import DisposalDesk

log = logging.getLogger(__name__)
_KEEPERS = {"archivist", "director"}  # who lists the whole recycle area and restores any record


@dataclass(frozen=True)
class PurgeResult:
    purged: list[str]
    held: list[str]  # due, but under a legal hold: kept until it is released


def delete_record(desk: DisposalDesk, principal: Principal, document_id: str, *, approval_id: str,
                  reason: str | None) -> Recycled:
    """Move the record to the recycle area, on the requester's own approved `delete` request for it."""
    with audited(desk.audit, principal, DELETE, clock=desk.clock, document_id=document_id,
                 detail={"approval": approval_id, "reason": reason}) as target:
        with desk.records.unit_of_work(readonly=True) as uow:
            document = seen_document(uow, principal, document_id)  # NotFound outside their sight
        target["customer_no"] = document.customer_no
        _check_approval(desk, principal, document_id, approval_id)
        entry = rules.recycle(document_id=document_id, title=document.title or document.filename,
                              customer_no=document.customer_no, approval_id=approval_id, reason=reason,
                              principal=principal, now=desk.clock.now())
        desk.store.add_recycled(entry)
        erasure.set_disposal(desk.records, [document_id], "recycled", by=principal.user, at=entry.deleted_at,
                             reason=entry.reason)
    return entry


def restore_record(desk: DisposalDesk, principal: Principal, document_id: str, *, reason: str | None) -> Recycled:
    """Bring a recycled record back (the archive room, a director, or whoever deleted it)."""
    with audited(desk.audit, principal, RESTORE, clock=desk.clock, document_id=document_id,
                 detail={"reason": reason}):
        entry = _entry_seen(desk, principal, document_id)
        restored = rules.restore(entry, principal, reason=reason, now=desk.clock.now())
        saved = desk.store.save_recycled(restored)
        erasure.set_disposal(desk.records, [document_id], "", by=principal.user, at=desk.clock.now(),
                             reason=restored.restore_reason)
    return saved


def recycle_area(desk: DisposalDesk, principal: Principal, *, state: str | None = rules.RECYCLED) -> list[Recycled]:
    """What waits in the recycle area: all of it for the archive room and directors, one's own for others."""
    entries = desk.store.recycled(state=state)
    if set(principal.roles) & _KEEPERS:
        return entries
    return [entry for entry in entries if entry.deleted_by == principal.user]


def purge(desk: DisposalDesk, principal: Principal | None, *, document_id: str | None = None) -> PurgeResult:
    """Erase what has waited 30 days (one record, or all that are due); None acts as the worker. A record
    under a legal hold stays until the hold is released; one named before its 30 days is refused."""
    if principal is not None and not set(principal.roles) & {"archivist"}:
        raise Forbidden("purging the recycle area is the archive room's")
    now, result = desk.clock.now(), PurgeResult([], [])
    with audited(desk.audit, principal, PURGE, clock=desk.clock, document_id=document_id) as target:
        if document_id is not None:
            entry = desk.store.get_recycled(document_id)
            if entry is None or entry.state != rules.RECYCLED:
                raise NotFound(f"record {document_id} is not in the recycle area")
            rules.purge(entry, now=now)  # refuses before its 30 days
            entries = [entry]
        else:
            entries = [e for e in desk.store.recycled(state=rules.RECYCLED, limit=10_000) if e.purge_after <= now]
        holds = desk.store.holds()
        for entry in entries:
            held = rules.hold_on(holds, customer_no=entry.customer_no, archive_nos=_volume_of(desk, entry),
                                 record_ids=[entry.document_id])
            if held is not None:
                if document_id is not None:
                    raise Conflict(f"record {entry.document_id} is under legal hold {held.id} ({held.reason})")
                result.held.append(entry.document_id)
                continue
            desk.store.save_recycled(rules.purge(entry, now=now))
            erasure.erase(desk.erasure, [entry.document_id], "purged", by=principal.user if principal else "system",
                          at=now, reason=f"回收站满 {rules.RECYCLE_DAYS} 天清除（{entry.reason}）")
            result.purged.append(entry.document_id)
        target["detail"] = {"purged": result.purged, "held": result.held}
    return result


def run_purger(desk: DisposalDesk, *, stop, interval_seconds: float = 3600.0) -> None:
    """The worker's share: purge what is due now and then, until stopped. Racing workers on other hosts are
    harmless: each entry's purge is one versioned write, and the loser's attempt fails and is retried later."""
    while not stop.wait(interval_seconds):
        try:
            result = purge(desk, None)
            if result.purged:
                log.info("purged %d recycled record(s)", len(result.purged))
            erasure.sweep_page_cache(desk.erasure)  # pages cached here of records erased on another host
        except Exception:  # the loop must outlive any one failure; the recycle area keeps the work
            log.exception("purge pass failed")


def _check_approval(desk: DisposalDesk, principal: Principal, document_id: str, approval_id: str) -> None:
    try:
        request = desk.approvals.store.get(approval_id)
    except NotFound:
        raise Forbidden("deleting a record needs an approved delete request for it") from None
    if (request.kind != approval_rules.DELETE or request.subject != document_id
            or request.requested_by != principal.user):
        raise Forbidden("deleting a record needs your own approved delete request for that record")
    if request.state_at(desk.clock.now()) != approval_rules.APPROVED:
        raise Forbidden(f"delete request {approval_id} is {request.state_at(desk.clock.now())}, not approved")


def _entry_seen(desk: DisposalDesk, principal: Principal, document_id: str) -> Recycled:
    entry = desk.store.get_recycled(document_id)
    if entry is None or entry.state != rules.RECYCLED or not (
            set(principal.roles) & _KEEPERS or entry.deleted_by == principal.user):
        raise NotFound(f"record {document_id} is not in the recycle area")
    return entry


def _volume_of(desk: DisposalDesk, entry: Recycled) -> list[str]:
    with desk.records.unit_of_work(readonly=True) as uow:
        archive_no = uow.volumes.filed_in([entry.document_id]).get(entry.document_id)
    return [archive_no] if archive_no else []
