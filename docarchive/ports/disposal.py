"""Destruction lists, legal holds, the recycle area and the destruction register. Kept apart from the records'
unit of work, like approvals: a workflow step is one small write, and the register must outlive every record
it names. The register is append-only: this port has no way to change or remove an entry."""

from __future__ import annotations

from typing import Protocol

from docarchive.domain.disposal import DestructionList, Hold, Recycled, RegisterEntry


class DisposalStore(Protocol):
    def add_list(self, lst: DestructionList) -> None:
        """Raise Conflict when the id is taken."""
        ...

    def get_list(self, list_id: str) -> DestructionList:
        """Raise NotFound for an unknown id."""
        ...

    def save_list(self, lst: DestructionList) -> DestructionList:
        """Write back a list read at `lst.version`; the stored copy gets version + 1 (returned). Raise
        StaleVersion when it changed meanwhile: of two racing steps one wins."""
        ...

    def lists(self, *, state: str | None = None, limit: int = 100) -> list[DestructionList]:
        """Newest drafted first."""
        ...

    def add_hold(self, hold: Hold) -> None: ...

    def get_hold(self, hold_id: str) -> Hold: ...

    def save_hold(self, hold: Hold) -> Hold:
        """Like save_list."""
        ...

    def holds(self, *, active_only: bool = True, limit: int = 1000) -> list[Hold]:
        """Newest first."""
        ...

    def add_recycled(self, entry: Recycled) -> None:
        """Raise Conflict when the record is in the recycle area already (a restored one may come back)."""
        ...

    def get_recycled(self, document_id: str) -> Recycled | None:
        """The record's newest entry, whatever its state."""
        ...

    def save_recycled(self, entry: Recycled) -> Recycled:
        """Like save_list."""
        ...

    def recycled(self, *, state: str | None = None, limit: int = 1000) -> list[Recycled]:
        """Newest deleted first."""
        ...

    def append_register(self, entry: RegisterEntry) -> None:
        """Add the entry as number `entry.seq`; raise Conflict when that number is taken (a racing writer)."""
        ...

    def register(self, *, after_seq: int = 0, limit: int = 1000) -> list[RegisterEntry]:
        """Entries in seq order."""
        ...

    def last_register_entry(self) -> RegisterEntry | None: ...

    def close(self) -> None: ...
