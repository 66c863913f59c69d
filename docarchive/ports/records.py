"""The record store: documents and customers as JSON-shaped records, behind a unit of work.

No SQL or driver objects cross this boundary, so SQLite (embedded) and MongoDB (scale) are interchangeable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterator, Protocol, Sequence

from docarchive.domain.activities import Activity
from docarchive.domain.completeness import FiledItem, FileOverTime
from docarchive.domain.customers import Customer, CustomerHeading
from docarchive.domain.documents import Document, DocumentSummary
from docarchive.domain.events import Event
from docarchive.domain.history import ChangeEntry
from docarchive.ports.paper import BoxRepository, LocationRepository, PaperHistory, VolumeRepository


class DocumentRepository(Protocol):
    def add(self, document: Document) -> None:
        """Insert a new document; raise DuplicateDocument if its sha256 is already stored."""
        ...

    def get(self, document_id: str) -> Document:
        """Raise NotFound when absent."""
        ...

    def find(self, document_id: str) -> Document | None: ...

    def find_by_sha256(self, sha256: str) -> Document | None: ...

    def summaries(self, document_ids: list[str]) -> dict[str, DocumentSummary]:
        """The summaries of these records by id, in one round trip (absent ids left out): what a search
        result row needs, without the OCR lines, fields and evidence of a whole record."""
        ...

    def update(self, document: Document) -> None:
        """Write back a changed document; raise StaleVersion if it changed since it was read."""
        ...

    def list(
        self, *, customer_no: str | None = None, unassigned: bool = False, limit: int = 100, offset: int = 0
    ) -> list[Document]:
        """Newest first."""
        ...

    def count(self) -> int: ...

    def naming(self, keys: list[str], *, limit: int = 1000) -> list[Document]:
        """Records not linked by a person whose evidence carries one of these keys (domain/linking.py's
        relink_keys and customer_keys), in id order; this unit of work's own writes included."""
        ...

    def needing_review(self, *, reason: str | None = None, limit: int = 50, offset: int = 0) -> list[Document]:
        """Records with this review reason (any, when None), oldest first."""
        ...

    def review_counts(self) -> dict[str, int]:
        """Records per review reason (reasons with none left out), and "all": records with any reason."""
        ...

    def scan(self, *, after_id: str | None = None, limit: int = 500) -> list[Document]:
        """Every document in id order, a batch at a time (keyset paging: cheap at any depth)."""
        ...

    def sha256s(self) -> Iterator[str]:
        """Every original's hash, to find blobs no record refers to."""
        ...


class CustomerRepository(Protocol):
    def add(self, customer: Customer) -> Customer:
        """Insert; raise Conflict when the customer number or archive number is taken."""
        ...

    def get(self, customer_no: str) -> Customer:
        """Raise NotFound when absent."""
        ...

    def find(self, customer_no: str) -> Customer | None: ...

    def find_many(self, customer_nos: list[str]) -> dict[str, Customer]:
        """These customers by number, in one round trip (absent numbers left out)."""
        ...

    def headings(self, customer_nos: list[str]) -> dict[str, CustomerHeading]:
        """Name, keeper and department of these customers, in one round trip (absent numbers left out):
        a page of search hits needs no profile, and no sealed ID number opened."""
        ...

    def find_by_id_number(self, id_number: str) -> list[Customer]: ...

    def find_by_name(self, name: str) -> list[Customer]: ...

    def count(self) -> int: ...

    def owned_by(self, owner: str, *, limit: int = 10_000) -> list[Customer]:
        """The customers whose file `owner` keeps (Customer.owner), by number; an index look-up."""
        ...

    def scan(self, *, after_no: str | None = None, limit: int = 500) -> list[Customer]:
        """Every customer in number order, a batch at a time."""
        ...

    def update(self, customer: Customer) -> None:
        """Write back a changed customer; raise StaleVersion if it changed since it was read."""
        ...


class HistoryLog(Protocol):
    """The change log of every entity kind, appended with the change itself (see domain/history.py)."""

    def append(self, entry: ChangeEntry) -> None: ...

    def list(self, kind: str, key: str, *, limit: int = 100, offset: int = 0) -> list[ChangeEntry]:
        """One entity's entries, newest first."""
        ...


# The fields statistics group customers by; each store keeps them cheap to group (indexes / aggregation).
CUSTOMER_GROUPINGS = ("grade", "industry", "province", "type", "status", "role")


class Statistics(Protocol):
    """Counts grouped in the store itself, so they stay fast with 100k customers and 1M records."""

    def customers_by(self, grouping: str) -> dict[str | None, int]:
        """Customers per value of one of CUSTOMER_GROUPINGS; None counts those without a value."""
        ...

    def customers_by_month(self) -> dict[str, int]:
        """New customers per month ("2026-05") of their creation."""
        ...

    def documents_by_category(self) -> dict[str | None, int]: ...

    def documents_by_day(self) -> dict[tuple[str, str], tuple[int, int]]:
        """(records, pages) per (day of arrival "2026-05-03", category), "" for none, of the records not set
        apart (Document.disposal): what the trends over time add up."""
        ...


class ActivityRepository(Protocol):
    """Activity entries on customers' files; entries are added, never changed or removed."""

    def add(self, activity: Activity) -> None:
        """Insert; raise Conflict when the id is taken."""
        ...

    def find(self, activity_id: str) -> Activity | None: ...

    def list(self, customer_no: str, *, kind: str | None = None, limit: int = 1000) -> list[Activity]:
        """A customer's entries (of one kind), oldest first."""
        ...

    def latest(self, kind: str) -> dict[str, datetime]:
        """customer number → when its newest entry of this kind occurred (e.g. the last review)."""
        ...

    def scan(self, *, after_id: str | None = None, limit: int = 500) -> list[Activity]:
        """Every entry in id order, a batch at a time (to rebuild a search index)."""
        ...

    def changed(self) -> list[Activity]:
        """What this unit of work added and has not committed yet (an entry added without its event is
        still published: domain/events.py's unannounced)."""
        ...


class FilingSummaries(Protocol):
    """The little of every record that completeness and the mismatch report need (customer, type, title, pages,
    whether a volume holds it), cheap to read."""

    def scan(self, *, after_id: str | None = None, limit: int = 5000) -> list[tuple[str | None, FiledItem]]:
        """(customer number, item) of every committed record in id order, a batch at a time."""
        ...

    def items_of(self, customer_nos: list[str]) -> dict[str, list[FiledItem]]:
        """The items of these customers' files as this unit of work sees them (its own writes included)."""
        ...

    def unfiled(self, *, limit: int) -> tuple[int, list[str]]:
        """Committed records not set apart or erased that no paper volume holds: how many, and the ids of the
        first `limit` in id order (the mismatch report; no record is decoded)."""
        ...


class CompletenessStates(Protocol):
    """Each customer file's completeness as last checked, kept with the change that affects it.

    A state is a JSON-shaped dict (customer_no, name, customer_type, complete, missing, …) stored under the
    fingerprint of the rules it was checked with; states under other rules count as absent.
    """

    def take_affected(self) -> set[str]:
        """Customers whose file or profile this unit of work changed (a moved record: both), once each."""
        ...

    def put(self, state: dict, rules: str, over_time: FileOverTime) -> None:
        """Keep a file's state, and the file over time (for the trends), under these rules."""
        ...

    def current(self, customer_nos: list[str], rules: str) -> set[str]:
        """Those of these customers whose kept state is up to date under these rules."""
        ...

    def counts(self, rules: str) -> tuple[int, int]:
        """(complete, checked): customers whose up-to-date state under these rules is complete, and all of them."""
        ...

    def list(self, rules: str, *, only_incomplete: bool = False, after_no: str | None = None,
             limit: int = 1000) -> list[dict]:
        """Kept states under these rules in customer-number order, a batch at a time."""
        ...

    def over_time(self, rules: str) -> tuple[dict[str, int], dict[str, int]]:
        """Over the kept states under these rules: files opened per month, and per month the files that
        became complete less those that stopped being complete (FileOverTime); "" for an unknown month."""
        ...


DOCUMENT_TARGET, CUSTOMER_TARGET, ACTIVITY_TARGET = "document", "customer", "activity"


@dataclass(frozen=True)
class IndexTarget:
    """What an external index must catch up on: one record, customer or activity entry."""

    kind: str  # DOCUMENT_TARGET, CUSTOMER_TARGET or ACTIVITY_TARGET
    id: str


@dataclass(frozen=True)
class OutboxItem:
    target: IndexTarget
    seq: int  # bumped on every change, so completing a stale claim never hides a newer change


class IndexOutbox(Protocol):
    """Changes an external search index has not applied yet, written with the change itself.

    An item says only "this record changed": the indexer always sends the record's current state, so items
    can be applied in any order, twice, or after a crash, and the index still ends up right.
    """

    def mark(self, targets: list[IndexTarget]) -> None:
        """Record that these changed (in this unit of work's commit)."""
        ...

    def claim(self, *, limit: int, now: datetime, lease_seconds: float) -> list[OutboxItem]:
        """Take up to `limit` ready items for `lease_seconds`; an indexer that dies loses its lease."""
        ...

    def complete(self, item: OutboxItem) -> None:
        """Done, unless the record changed again since it was claimed (then it stays pending)."""
        ...

    def items(self, targets: list[IndexTarget]) -> list[OutboxItem]:
        """The current items of these targets (whatever their lease), to complete after sending them directly."""
        ...

    def attempts(self, items: list[OutboxItem]) -> dict[IndexTarget, int]:
        """How often each item has failed so far (for backoff)."""
        ...

    def retry_later(self, item: OutboxItem, *, error: str, not_before: datetime, give_up: bool) -> None: ...

    def counts(self) -> dict[str, int]:
        """{"pending": n, "failed": n}"""
        ...


class UnitOfWork(Protocol):
    """One atomic change: everything done through it commits together or not at all."""

    documents: DocumentRepository
    customers: CustomerRepository
    activities: ActivityRepository
    filing: FilingSummaries
    completeness: CompletenessStates
    outbox: IndexOutbox
    history: HistoryLog
    statistics: Statistics
    locations: LocationRepository
    boxes: BoxRepository
    volumes: VolumeRepository
    paper_history: PaperHistory

    def __enter__(self) -> "UnitOfWork": ...

    def __exit__(self, *exc: object) -> None:
        """Roll back whatever was not committed."""
        ...

    def next_sequence_value(self, name: str) -> int:
        """The next value of a named counter; values are never handed out twice, even after a rollback elsewhere."""
        ...

    def record(self, *events: Event) -> None:
        """Say what happened (domain/events.py); published at commit, forgotten at rollback."""
        ...

    def commit(self) -> None:
        """Publish this unit's events to the in-transaction handlers, commit, then publish them to the
        after-commit handlers (see services/events.py)."""
        ...

    def rollback(self) -> None: ...


class EventPublisher(Protocol):
    """Where a record store publishes each commit's events (services/events.py's EventDispatcher)."""

    def before_commit(self, uow: UnitOfWork, events: Sequence[Event]) -> None: ...

    def after_commit(self, events: Sequence[Event]) -> None: ...


class RecordStore(Protocol):
    def publish_to(self, publisher: EventPublisher) -> None:
        """Every unit of work opened from now on publishes its events there (none are published before)."""
        ...

    def unit_of_work(self, *, readonly: bool = False) -> UnitOfWork:
        """A new unit of work; readonly ones never block writers."""
        ...

    def reseal_personal_data(self, *, dry_run: bool = False) -> dict[str, int]:
        """Write again, encrypted with the current data key, every stored record, customer and change-log entry
        that is not (plain from before encryption, or under an older key); return how many of each
        (`dry_run`: only count). Resumable: what is done is not done again."""
        ...

    def close(self) -> None: ...
