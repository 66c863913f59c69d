"""Publishing a unit of work's events (domain/events.py) to their handlers, in two phases.

- In the transaction, before the commit: what must commit with the change or not at all — the embedded
  search index (FTS5), outbox marks for an external index, change history, completeness states. A handler
  that raises there fails the commit, and nothing is published.
- After the commit: what talks to other systems — sending changes to Elasticsearch, the audit trail. The
  change is in by then, so a failing handler is logged and the others still run; none can undo the commit.

Handlers run in the order they were registered, each once per commit with that commit's events of the
classes it asked for (subclasses included), in the order they were raised. Bootstrap registers them.

Adding a searchable entity or an audited action is an event and a handler:

    @dataclass(frozen=True)
    class VolumeLent(Event):              # domain/events.py
        archive_no: str
        by: str

    uow.record(VolumeLent(volume.archive_no, principal.user))          # the service that lends it
    events.handle_after_commit(audit_lending, VolumeLent)              # bootstrap.py
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from docarchive.domain.events import Event

log = logging.getLogger(__name__)

InTransaction = Callable[[Any, list[Event]], None]  # (the unit of work, its events)
AfterCommit = Callable[[list[Event]], None]


@dataclass(frozen=True)
class _Registration:
    handler: Callable[..., None]
    types: tuple[type[Event], ...]

    def events(self, events: Sequence[Event]) -> list[Event]:
        return [event for event in events if isinstance(event, self.types)]


class EventDispatcher:
    """The handlers of both phases; a record store publishes every committing unit of work's events here."""

    def __init__(self) -> None:
        self._in_transaction: list[_Registration] = []
        self._after_commit: list[_Registration] = []

    def handle_in_transaction(self, handler: InTransaction, *types: type[Event]) -> None:
        self._in_transaction.append(_Registration(handler, types or (Event,)))

    def handle_after_commit(self, handler: AfterCommit, *types: type[Event]) -> None:
        self._after_commit.append(_Registration(handler, types or (Event,)))

    def before_commit(self, uow: Any, events: Sequence[Event]) -> None:
        """Run the in-transaction handlers; an error propagates and the unit of work rolls back."""
        for registration in self._in_transaction:
            if mine := registration.events(events):
                registration.handler(uow, mine)

    def after_commit(self, events: Sequence[Event]) -> None:
        """Run the after-commit handlers; one that fails is logged, the rest still run."""
        for registration in self._after_commit:
            if not (mine := registration.events(events)):
                continue
            try:
                registration.handler(mine)
            except Exception:  # the change is committed: report it, never turn it into a failed request
                log.exception("after-commit handler %r failed on %d events", registration.handler, len(mine))
