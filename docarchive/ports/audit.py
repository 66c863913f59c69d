"""The audit log: an append-only, hash-chained list of AuditEvents (domain/audit.py).

Adapters store events as they are given and never change one; the chain rule itself is the domain's.
"""

from __future__ import annotations

from typing import Iterator, Protocol

from docarchive.domain.audit import AuditEvent, AuditFilter


class AuditLog(Protocol):
    def append(self, event: AuditEvent) -> AuditEvent:
        """Seal `event` after the newest stored event (domain.audit.seal) and store it; return it sealed.

        Safe under concurrent writers, threads and processes alike: every event gets its own seq, and
        its prev_hash is the hash of the event stored at seq - 1. Raise BackendUnavailable when the store
        cannot be written — callers decide whether an unaudited action may go ahead."""
        ...

    def append_many(self, events: list[AuditEvent]) -> list[AuditEvent]:
        """Seal and store several events, in order, as `append` does each; one write transaction where the
        backend has them (a buffer's batch costs one commit, not one per event)."""
        ...

    def list(self, where: AuditFilter = AuditFilter(), *, limit: int = 50, offset: int = 0) -> list[AuditEvent]:
        """Events matching `where`, newest first."""
        ...

    def count(self, where: AuditFilter = AuditFilter()) -> int:
        """How many events match `where`."""
        ...

    def scan(self) -> Iterator[AuditEvent]:
        """Every stored event in seq order, as stored (for verify: nothing is repaired or skipped), read in
        batches so a long log never sits in memory at once."""
        ...

    def close(self) -> None: ...
