"""Embedded record store: one SQLite file in WAL mode; each record is a JSON body plus indexed columns."""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from functools import partial
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Callable, Iterator

from docarchive.adapters.records._json_text import json_text
from docarchive.adapters.records._sqlite_activities import MIGRATIONS as ACTIVITY_MIGRATIONS
from docarchive.adapters.records._sqlite_activities import SqliteActivityRepository
from docarchive.adapters.records._sqlite_completeness import MIGRATIONS as COMPLETENESS_MIGRATIONS
from docarchive.adapters.records._sqlite_completeness import SqliteCompletenessStates
from docarchive.adapters.records._sqlite_filing import MIGRATIONS as FILING_MIGRATIONS
from docarchive.adapters.records._sqlite_filing import SqliteFilingSummaries
from docarchive.adapters.records._sqlite_history import MIGRATIONS as HISTORY_MIGRATIONS
from docarchive.adapters.records._sqlite_history import SqliteHistoryLog
from docarchive.adapters.records._sqlite_linking import MIGRATIONS as LINKING_MIGRATIONS
from docarchive.adapters.records._sqlite_linking import naming_ids, review_counts, review_ids, write_side_rows
from docarchive.adapters.records._sqlite_outbox import MIGRATION as OUTBOX_MIGRATION
from docarchive.adapters.records._sqlite_outbox import SqliteIndexOutbox
from docarchive.adapters.records._sqlite_stats import MIGRATIONS as STATISTICS_MIGRATIONS
from docarchive.adapters.records._sqlite_rows import rows_in
from docarchive.adapters.records._sqlite_summaries import MIGRATION as SUMMARY_MIGRATION
from docarchive.adapters.records._sqlite_summaries import PAGES_MIGRATION as SUMMARY_PAGES_MIGRATION
from docarchive.adapters.records._sqlite_summaries import ROWID_MIGRATION as SUMMARY_ROWID_MIGRATION
from docarchive.adapters.records._sqlite_summaries import SELECT as SELECT_SUMMARIES
from docarchive.adapters.records._sqlite_summaries import TABLE_MIGRATION as SUMMARY_TABLE_MIGRATION
from docarchive.adapters.records._sqlite_summaries import summary_json, summary_of_row, write_summary
from docarchive.adapters.records._sqlite_stats import SqliteStatistics
from docarchive.adapters.records._sqlite_paper import MIGRATIONS as PAPER_MIGRATIONS
from docarchive.adapters.records._sqlite_paper import sqlite_paper_repositories
from docarchive.adapters.records._sealing import Sealing, Unsealed
from docarchive.adapters.records._sqlite_reseal import reseal
from docarchive.adapters.sqlite_readers import ReadPool
from docarchive.adapters.records.codec import (
    customer_from_dict,
    customer_to_dict,
    document_from_dict,
    document_to_dict,
)
from docarchive.domain.customers import Customer, CustomerHeading
from docarchive.domain.documents import Document, DocumentSummary
from docarchive.domain.errors import (
    BackendUnavailable, Conflict, DuplicateDocument, NotFound, StaleVersion, StorageFull,
)
from docarchive.domain.events import Event, unannounced
from docarchive.ports.records import EventPublisher

# Each entry upgrades the schema by one version; never edit a shipped entry, append a new one.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        customer_no TEXT,
        doc_type TEXT NOT NULL,
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL,
        body TEXT NOT NULL
    );
    CREATE INDEX documents_by_customer ON documents (customer_no, created_at);
    CREATE INDEX documents_by_created ON documents (created_at);
    CREATE TABLE customers (
        customer_no TEXT PRIMARY KEY,
        archive_no TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        id_number TEXT,
        version INTEGER NOT NULL,
        body TEXT NOT NULL
    );
    CREATE INDEX customers_by_name ON customers (name);
    CREATE INDEX customers_by_id_number ON customers (id_number);
    CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    """,
    OUTBOX_MIGRATION,
    SUMMARY_MIGRATION,
    SUMMARY_TABLE_MIGRATION,
    SUMMARY_ROWID_MIGRATION,
    SUMMARY_PAGES_MIGRATION,
]
# Its own component: customer files by their keeper, for transfers (a handover takes all of someone's files).
OWNER_MIGRATIONS = ["CREATE INDEX customers_by_owner ON customers (json_extract(body, '$.owner'), customer_no)"]


SQLITE_FULL = 13  # "database or disk is full": the primary result code, under any extended one


def connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")  # the first write: on a full disk its shared memory cannot grow
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.Error as exc:
        if _disk_full(exc, path):
            raise StorageFull(f"cannot open the database at {path}: the disk is full ({exc})") from exc
        raise BackendUnavailable(f"cannot open the database at {path}: {exc}") from exc
    return conn


def _disk_full(exc: sqlite3.Error, path: Path) -> bool:
    """SQLite says "full" when a write finds no room, but only "disk I/O error" when its WAL index cannot grow."""
    if getattr(exc, "sqlite_errorcode", 0) & 0xFF == SQLITE_FULL:
        return True
    try:
        return os.statvfs(path.parent).f_bavail == 0
    except OSError:
        return False


def migrate(conn: sqlite3.Connection, migrations: list[str], *, component: str) -> None:
    """Bring one component's tables (records, search, …) up to date; each keeps its own schema version."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL)")
        row = conn.execute("SELECT version FROM schema_versions WHERE component = ?", (component,)).fetchone()
        current = row[0] if row else 0
        for version, script in enumerate(migrations[current:], start=current + 1):
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_versions VALUES (?, ?) ON CONFLICT (component) DO UPDATE SET version = excluded.version",
                (component, version),
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    """A script's statements; a trigger's body (BEGIN …; …; END) stays one statement."""
    statements, pending = [], ""
    for part in script.split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \t\n;"):
                statements.append(pending)
            pending = ""
    return statements


class SqliteRecordStore:
    def __init__(self, path: Path, *, sealer: Sealing | None = None):
        self.path = Path(path)
        self.sealer = sealer or Unsealed()  # bootstrap always gives one: ID numbers are encrypted at rest
        self.publisher: EventPublisher | None = None
        # Opening a connection costs more than a lookup (~1 ms): read-only units reuse idle ones.
        self._readers = ReadPool(partial(connect, self.path))
        with closing(connect(self.path)) as conn:
            migrate(conn, MIGRATIONS, component="records")
            migrate(conn, ACTIVITY_MIGRATIONS, component="activities")
            migrate(conn, HISTORY_MIGRATIONS, component="history")
            migrate(conn, STATISTICS_MIGRATIONS, component="statistics")
            migrate(conn, COMPLETENESS_MIGRATIONS, component="completeness")
            migrate(conn, PAPER_MIGRATIONS, component="paper")
            migrate(conn, FILING_MIGRATIONS, component="filing")
            migrate(conn, LINKING_MIGRATIONS, component="linking")
            migrate(conn, OWNER_MIGRATIONS, component="customer_owners")

    def publish_to(self, publisher: EventPublisher) -> None:
        self.publisher = publisher

    def unit_of_work(self, *, readonly: bool = False) -> "SqliteUnitOfWork":
        if readonly:
            return SqliteUnitOfWork(self._reader(), readonly=True, publisher=self.publisher, release=self._release,
                                    sealer=self.sealer)
        return SqliteUnitOfWork(connect(self.path), readonly=readonly, publisher=self.publisher, sealer=self.sealer,
                                path=self.path)

    def reseal_personal_data(self, *, dry_run: bool = False) -> dict[str, int]:
        with closing(connect(self.path)) as conn:
            return reseal(conn, self.sealer, dry_run=dry_run)

    def close(self) -> None:
        """Writers' connections belong to their units of work; only idle readers are held between them."""
        self._readers.close()

    def _reader(self) -> sqlite3.Connection:
        return self._readers.take()

    def _release(self, conn: sqlite3.Connection) -> None:
        self._readers.give_back(conn)


class SqliteUnitOfWork:
    def __init__(self, conn: sqlite3.Connection, *, readonly: bool = False, publisher: EventPublisher | None = None,
                 release: Callable[[sqlite3.Connection], None] | None = None, sealer: Sealing | None = None,
                 path: Path | None = None):
        self.conn = conn
        self.path = path  # where a full disk is looked for when SQLite reports only an I/O error
        sealer = sealer or Unsealed()
        self._release = release or sqlite3.Connection.close
        self.readonly = readonly
        self.publisher = publisher
        self._events: list[Event] = []
        self.documents = SqliteDocumentRepository(conn, sealer)
        self.customers = SqliteCustomerRepository(conn, sealer)
        self.activities = SqliteActivityRepository(conn, sealer)
        self.filing = SqliteFilingSummaries(conn)
        self.completeness = SqliteCompletenessStates(conn)
        self.outbox = SqliteIndexOutbox(conn)
        self.history = SqliteHistoryLog(conn, sealer)
        self.statistics = SqliteStatistics(conn)
        self.locations, self.boxes, self.volumes, self.paper_history = sqlite_paper_repositories(conn)

    def __enter__(self) -> "SqliteUnitOfWork":
        # IMMEDIATE takes the write lock up front, so a writer never fails half-way on a lock upgrade.
        self.conn.execute("BEGIN" if self.readonly else "BEGIN IMMEDIATE")
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        try:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
        except BaseException:
            self.conn.close()
            raise
        self._release(self.conn)  # a reader goes back to the store's idle ones; a writer is closed
        if isinstance(exc, sqlite3.Error) and _disk_full(exc, self.path or Path(".")):
            raise StorageFull(f"cannot write to the database: the disk is full ({exc})") from exc

    def next_sequence_value(self, name: str) -> int:
        row = self.conn.execute(
            "INSERT INTO sequences (name, value) VALUES (?, 1) "
            "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value",
            (name,),
        ).fetchone()
        return int(row[0])

    def record(self, *events: Event) -> None:
        self._events += events

    def commit(self) -> None:
        events = self._take_events()
        if self.publisher is not None and events:
            self.publisher.before_commit(self, events)
        self.conn.execute("COMMIT")
        if self.publisher is not None and events:
            self.publisher.after_commit(events)
        self.conn.execute("BEGIN" if self.readonly else "BEGIN IMMEDIATE")

    def rollback(self) -> None:
        self._take_events()
        self.conn.execute("ROLLBACK")
        self.conn.execute("BEGIN" if self.readonly else "BEGIN IMMEDIATE")

    def _take_events(self) -> list[Event]:
        """This unit's events, with those of writes made without one; none are kept for the next commit."""
        events, self._events, activities = self._events, [], self.activities.changed()
        self.activities.forget_changes()
        return events + unannounced(events, documents=self.documents.take_changed(), activities=activities,
                                    customers=self.customers.take_changed(), at=datetime.now(UTC))


class _ChangeTracking:
    """Remembers what a unit of work wrote, so a write made without its event is still published."""

    def __init__(self, conn: sqlite3.Connection, sealer: Sealing):
        self.conn = conn
        self.sealer = sealer
        self._changed: dict[str, Any] = {}

    def take_changed(self) -> list[Any]:
        changed, self._changed = list(self._changed.values()), {}
        return changed


class SqliteDocumentRepository(_ChangeTracking):

    def add(self, document: Document) -> None:
        existing = self.find_by_sha256(document.sha256)
        if existing is not None:
            raise DuplicateDocument(existing.id, document.sha256)
        row = _document_row(document, self.sealer)
        try:
            self.conn.execute(
                "INSERT INTO documents (id, sha256, customer_no, doc_type, created_at, version, body) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                row[:7],
            )
        except sqlite3.IntegrityError as exc:
            raise Conflict(f"document {document.id} could not be stored: {exc}") from exc
        write_summary(self.conn, row)
        write_side_rows(self.conn, document, row[4], self.sealer)
        self._changed[document.id] = document

    def get(self, document_id: str) -> Document:
        document = self.find(document_id)
        if document is None:
            raise NotFound(f"no document with id {document_id}")
        return document

    def find(self, document_id: str) -> Document | None:
        return self._one("SELECT body FROM documents WHERE id = ?", document_id)

    def find_by_sha256(self, sha256: str) -> Document | None:
        return self._one("SELECT body FROM documents WHERE sha256 = ?", sha256)

    def summaries(self, document_ids: list[str]) -> dict[str, DocumentSummary]:
        rows = rows_in(self.conn, SELECT_SUMMARIES, "id", document_ids)
        return {summary.id: summary for summary in (summary_of_row(row, self.sealer) for row in rows)}

    def update(self, document: Document) -> None:
        read_version = document.version
        document.version = read_version + 1
        row = _document_row(document, self.sealer)
        cursor = self.conn.execute(
            "UPDATE documents SET customer_no = ?, doc_type = ?, version = ?, body = ? WHERE id = ? AND version = ?",
            (row[2], row[3], row[5], row[6], document.id, read_version),
        )
        if cursor.rowcount != 1:
            document.version = read_version
            raise StaleVersion(f"document {document.id} was changed by someone else; reload and retry")
        write_summary(self.conn, row)
        write_side_rows(self.conn, document, row[4], self.sealer)
        self._changed[document.id] = document

    def list(
        self, *, customer_no: str | None = None, unassigned: bool = False, limit: int = 100, offset: int = 0
    ) -> list[Document]:
        where, params = _document_filter(customer_no, unassigned)
        rows = self.conn.execute(
            f"SELECT body FROM documents {where} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return [self._document(body) for (body,) in rows]

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    def naming(self, keys: list[str], *, limit: int = 1000) -> list[Document]:
        return self._by_ids(naming_ids(self.conn, self.sealer.hide_keys(keys), limit))

    def needing_review(self, *, reason: str | None = None, limit: int = 50, offset: int = 0) -> list[Document]:
        return self._by_ids(review_ids(self.conn, reason, limit, offset))

    def review_counts(self) -> dict[str, int]:
        return review_counts(self.conn)

    def _by_ids(self, ids: list[str]) -> list[Document]:
        return [document for document_id in ids if (document := self.find(document_id)) is not None]

    def scan(self, *, after_id: str | None = None, limit: int = 500) -> list[Document]:
        rows = self.conn.execute(
            "SELECT body FROM documents WHERE id > ? ORDER BY id LIMIT ?", (after_id or "", limit)
        )
        return [self._document(body) for (body,) in rows]

    def sha256s(self) -> Iterator[str]:
        for (sha256,) in self.conn.execute("SELECT sha256 FROM documents"):
            yield sha256

    def _one(self, sql: str, *params: Any) -> Document | None:
        row = self.conn.execute(sql, params).fetchone()
        return self._document(row[0]) if row else None

    def _document(self, body: str) -> Document:
        return document_from_dict(json.loads(self.sealer.unseal_text(body)))


class SqliteCustomerRepository(_ChangeTracking):

    def add(self, customer: Customer) -> Customer:
        try:
            self.conn.execute(
                "INSERT INTO customers (customer_no, archive_no, name, id_number, version, body) VALUES (?, ?, ?, ?, ?, ?)",
                (customer.customer_no, customer.archive_no, customer.name, self._id_key(customer), customer.version,
                 self._body(customer)),
            )
        except sqlite3.IntegrityError as exc:
            raise Conflict(f"customer {customer.customer_no} or archive number {customer.archive_no} exists") from exc
        self._changed[customer.customer_no] = customer
        return customer

    def update(self, customer: Customer) -> None:
        read_version = customer.version
        customer.version = read_version + 1
        cursor = self.conn.execute(
            "UPDATE customers SET name = ?, id_number = ?, version = ?, body = ? WHERE customer_no = ? AND version = ?",
            (customer.name, self._id_key(customer), customer.version, self._body(customer),
             customer.customer_no, read_version),
        )
        if cursor.rowcount != 1:
            customer.version = read_version
            raise StaleVersion(f"customer {customer.customer_no} was changed by someone else; reload and retry")
        self._changed[customer.customer_no] = customer

    def get(self, customer_no: str) -> Customer:
        customer = self.find(customer_no)
        if customer is None:
            raise NotFound(f"no customer with number {customer_no}")
        return customer

    def find(self, customer_no: str) -> Customer | None:
        found = self._many("SELECT body FROM customers WHERE customer_no = ?", customer_no)
        return found[0] if found else None

    def find_many(self, customer_nos: list[str]) -> dict[str, Customer]:
        rows = rows_in(self.conn, "SELECT body FROM customers", "customer_no", customer_nos)
        return {customer.customer_no: customer for customer in map(self._customer, rows)}

    def headings(self, customer_nos: list[str]) -> dict[str, CustomerHeading]:
        rows = rows_in(self.conn, "SELECT customer_no, name, coalesce(json_extract(body, '$.owner'), ''), "
                        "coalesce(json_extract(body, '$.department'), '') FROM customers", "customer_no", customer_nos)
        return {row[0]: CustomerHeading(*row) for row in rows}

    def find_by_id_number(self, id_number: str) -> list[Customer]:
        return self._many("SELECT body FROM customers WHERE id_number = ?", self.sealer.lookup_key(id_number))

    def find_by_name(self, name: str) -> list[Customer]:
        return self._many("SELECT body FROM customers WHERE name = ?", name)

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM customers").fetchone()[0])

    def owned_by(self, owner: str, *, limit: int = 10_000) -> list[Customer]:
        return self._many("SELECT body FROM customers WHERE json_extract(body, '$.owner') = ? "
                          "ORDER BY customer_no LIMIT ?", owner, limit)

    def scan(self, *, after_no: str | None = None, limit: int = 500) -> list[Customer]:
        return self._many(
            "SELECT body FROM customers WHERE customer_no > ? ORDER BY customer_no LIMIT ?", after_no or "", limit
        )

    def _many(self, sql: str, *params: Any) -> list[Customer]:
        return [self._customer(row) for row in self.conn.execute(sql, params)]

    def _customer(self, row: tuple[str]) -> Customer:
        return customer_from_dict(json.loads(self.sealer.unseal_text(row[0])))

    def _id_key(self, customer: Customer) -> str | None:
        """The `id_number` column holds the keyed hash: found by it, never read back."""
        return self.sealer.lookup_key(customer.id_number)

    def _body(self, customer: Customer) -> str:
        return json_text(self.sealer.seal(customer_to_dict(customer)))


def _document_row(document: Document, sealer: Sealing) -> tuple[Any, ...]:
    body = document_to_dict(document)
    sealed = sealer.seal(body)
    return (
        document.id,
        document.sha256,
        document.customer_no,
        document.doc_type.value,
        body["created_at"],
        document.version,
        json_text(sealed),
        summary_json(sealed),
    )


def _document_filter(customer_no: str | None, unassigned: bool) -> tuple[str, tuple[Any, ...]]:
    if unassigned:
        return "WHERE customer_no IS NULL", ()
    if customer_no is not None:
        return "WHERE customer_no = ?", (customer_no,)
    return "", ()
