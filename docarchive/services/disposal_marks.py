"""Which paper volumes are set apart for destruction (待销毁: on a list quarantined or scheduled) or destroyed
(已销毁: in the register), as the destruction lists and the register say: the question the inventory and the
lending desk ask, so a volume gone to the shredder is neither "missing" nor lent, and one kept apart is
neither "found" on its old shelf nor "misplaced" where it is kept apart.

No principal: the callers (inventory, lending) check their own access; what comes back is only the state and
the list or register entry that set it, never the content."""

from __future__ import annotations

from typing import Any, Iterable

from docarchive.domain.disposal import QUARANTINED, SCHEDULED
from docarchive.ports.disposal import DisposalStore

SET_APART, DESTROYED = "set_apart", "destroyed"
LABELS = {SET_APART: "待销毁（单独存放）", DESTROYED: "已销毁"}
MAX_LISTS = 10_000  # open lists: a few a year
PAGE = 1000


def volume_disposals(store: DisposalStore, archive_nos: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """archive number → {"state", "label", "list_id", "until"/"register"} for the volumes (all, or those named)
    set apart or destroyed. Only whole volumes: a single record set apart leaves its volume on the shelf."""
    wanted = None if archive_nos is None else {no.strip() for no in archive_nos}
    marks: dict[str, dict[str, Any]] = {}
    for state in (QUARANTINED, SCHEDULED):
        for lst in store.lists(state=state, limit=MAX_LISTS):
            for item in lst.destroying:
                if item.kind == "volume" and (wanted is None or item.key in wanted):
                    until = lst.quarantine_until.isoformat() if lst.quarantine_until else None
                    marks[item.key] = {"state": SET_APART, "label": LABELS[SET_APART], "list_id": lst.id,
                                       "until": until}
    after = 0
    while batch := store.register(after_seq=after, limit=PAGE):
        for entry in batch:
            if entry.kind == "volume" and (wanted is None or entry.key in wanted):
                marks[entry.key] = {"state": DESTROYED, "label": LABELS[DESTROYED], "list_id": entry.list_id,
                                    "register": register_summary(entry)}
        after = batch[-1].seq
    return marks


def register_summary(entry) -> dict[str, Any]:
    """What an inventory or a refusal names of a register entry: which one, when, how, under whom."""
    return {"seq": entry.seq, "destroyed_at": entry.destroyed_at.isoformat(), "method": entry.method,
            "supervisor": entry.supervisor, "place": entry.place, "retention": entry.retention}


def disposal_of(store: DisposalStore, archive_no: str) -> dict[str, Any] | None:
    """One volume's mark, or None."""
    return volume_disposals(store, [archive_no]).get(archive_no.strip())
