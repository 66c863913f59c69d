"""Scale record store: MongoDB. Each record is the codec's JSON shape stored as one BSON document.

A unit of work opens no transaction (FerretDB, the MongoDB-wire server the tests run against, has none):
it buffers its writes and applies them at commit in a fixed order, customers then documents, each one a
single-document write. Reads inside the unit see its own buffered writes. What that gives up: a commit
that fails part-way (a hash another ingest committed meanwhile, the server going away) keeps the writes
applied before the failure. Customers go first, so a stored document never names a missing customer; a
customer left without documents is harmless, and a retried ingest finds it.

Where racing writers must be told apart (an update from a stale read, a sequence value), a unique-key
insert (a claim) decides as well as MongoDB's own atomic update does: FerretDB applies a conditional
update or $inc by reading the document, then writing it back, so two racers can both "win" there.

Datetimes stay the codec's ISO strings, as in SQLite: they round-trip exactly (BSON dates keep only
milliseconds and drop the UTC offset) and sort the same way in both backends.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Callable, Iterator

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.collection import Collection
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from docarchive.adapters.records._mongo_archive_nos import ArchiveNumberKeys
from docarchive.adapters.records._mongo_completeness import COLLECTION as COMPLETENESS
from docarchive.adapters.records._mongo_completeness import INDEXES as COMPLETENESS_INDEXES
from docarchive.adapters.records._mongo_completeness import MongoCompletenessStates
from docarchive.adapters.records._mongo_filing import MongoFilingSummaries
from docarchive.adapters.records._mongo_history import MongoHistoryLog
from docarchive.adapters.records._mongo_outbox import INDEXES as OUTBOX_INDEXES
from docarchive.adapters.records._mongo_outbox import MongoIndexOutbox
from docarchive.adapters.records._mongo_activities import INDEXES as ACTIVITY_INDEXES
from docarchive.adapters.records._mongo_activities import MongoActivityRepository
from docarchive.adapters.records._mongo_linking import INDEXES as LINKING_INDEXES
from docarchive.adapters.records._mongo_linking import LinkingQueries, linking_fields
from docarchive.adapters.records._mongo_buffer import BY_ID, Row, Sort, _BufferedRepository, _equal, _Write
from docarchive.adapters.records._mongo_paper import create_paper_indexes, mongo_paper_repositories
from docarchive.adapters.records._mongo_reseal import reseal
from docarchive.adapters.records._sealing import Sealing, Unsealed
from docarchive.adapters.records._mongo_stats import MONTH_FIELD, MongoStatistics, add_stat_fields, stat_fields
from docarchive.adapters._mongo import connect, from_bson, insert_claim, mongo_errors, to_bson
from docarchive.adapters.records.codec import (
    SUMMARY_FIELDS, customer_from_dict, customer_to_dict, document_from_dict, document_to_dict, summary_from_dict,
)
from docarchive.domain.customers import Customer, CustomerHeading
from docarchive.domain.documents import Document, DocumentSummary
from docarchive.domain.errors import Conflict, DuplicateDocument, NotFound, StaleVersion
from docarchive.domain.events import Event, unannounced
from docarchive.ports.records import EventPublisher

NEWEST_FIRST = [("created_at", DESCENDING), ("_id", DESCENDING)]
SHA256_KEY = [("sha256", ASCENDING)]
ID_NUMBER_KEY = "id_number_key"

# Every query the repositories make has an index here (tests/contract/test_mongo_record_store.py checks).
# `claims` and `sequence_values` are keyed by `_id` alone.
INDEXES: dict[str, list[tuple[str, Sort, bool]]] = {
    "documents": [
        ("documents_sha256", SHA256_KEY, True),
        ("documents_by_customer", [("customer_no", ASCENDING), ("created_at", ASCENDING), ("_id", ASCENDING)], False),
        ("documents_by_created", [("created_at", ASCENDING), ("_id", ASCENDING)], False),
        *LINKING_INDEXES,
    ],
    "customers": [
        ("customers_archive_no", [("archive_no", ASCENDING)], True),
        ("customers_by_name", [("name", ASCENDING), ("_id", ASCENDING)], False),
        # The keyed hash of the ID number: the number itself is stored encrypted (adapters/records/_sealing.py).
        ("customers_by_id_number_key", [(ID_NUMBER_KEY, ASCENDING), ("_id", ASCENDING)], False),
        ("customers_by_owner", [("owner", ASCENDING), ("_id", ASCENDING)], False),
    ],
}


class MongoRecordStore:
    def __init__(self, url: str, *, database: str = "docarchive", sealer: Sealing | None = None):
        self.client, self.db = connect(url, database)
        self.sealer = sealer or Unsealed()  # bootstrap always gives one: ID numbers are encrypted at rest
        self.publisher: EventPublisher | None = None
        try:
            with mongo_errors("create the record indexes"):
                for collection, indexes in {**INDEXES, "index_outbox": OUTBOX_INDEXES,
                                            COMPLETENESS: COMPLETENESS_INDEXES,
                                            "activities": ACTIVITY_INDEXES}.items():
                    for name, keys, unique in indexes:
                        self.db[collection].create_index(keys, name=name, unique=unique)
            create_paper_indexes(self.db)
            with mongo_errors("add the records' statistics fields"):
                add_stat_fields(self.db)
        except BaseException:
            self.client.close()
            raise

    def publish_to(self, publisher: EventPublisher) -> None:
        self.publisher = publisher

    def unit_of_work(self, *, readonly: bool = False) -> "MongoUnitOfWork":
        return MongoUnitOfWork(self.db, readonly=readonly, publisher=self.publisher, sealer=self.sealer)

    def reseal_personal_data(self, *, dry_run: bool = False) -> dict[str, int]:
        return reseal(self.db, self.sealer, id_number_key=ID_NUMBER_KEY, dry_run=dry_run)

    def close(self) -> None:
        self.client.close()


class MongoUnitOfWork:
    def __init__(self, db: Database, *, readonly: bool = False, publisher: EventPublisher | None = None,
                 sealer: Sealing | None = None):
        self.db = db
        sealer = sealer or Unsealed()
        self.readonly = readonly
        self.publisher = publisher
        self._events: list[Event] = []
        self.documents = MongoDocumentRepository(db["documents"], self._check_writable, claims=db["claims"],
                                                 hashes=db["document_hashes"], sealer=sealer)
        self.customers = MongoCustomerRepository(db["customers"], self._check_writable, claims=db["claims"],
                                                 archive_nos=db["customer_archive_nos"], sealer=sealer)
        self.activities = _activities(db["activities"], self._check_writable, claims=db["claims"], sealer=sealer)
        self.completeness = MongoCompletenessStates(db[COMPLETENESS], self._check_writable, touched=self._touched,
                                                    inserting=self.customers.inserting)
        self.outbox = MongoIndexOutbox(db["index_outbox"])
        self.history = MongoHistoryLog(db["change_log"], self._check_writable, sealer)
        self.statistics = MongoStatistics(db)
        self._paper = mongo_paper_repositories(db, self._check_writable)
        self.locations, self.boxes, self.volumes, self.paper_history = self._paper
        self.filing = MongoFilingSummaries(db["documents"], volumes=self.volumes, documents=self.documents,
                                           customers=self.customers)

    def __enter__(self) -> "MongoUnitOfWork":
        return self

    def __exit__(self, *exc: object) -> None:
        self.rollback()

    def next_sequence_value(self, name: str) -> int:
        """Taken at once, outside the buffer: a value handed out is gone even if this unit rolls back."""
        self._check_writable("take a sequence value")
        with mongo_errors(f"take the next value of sequence {name!r}"):
            return _next_value(self.db["sequences"], self.db["sequence_values"], name)

    def record(self, *events: Event) -> None:
        self._events += events

    def commit(self) -> None:
        """In-transaction handlers buffer their writes with the rest (an outbox mark is written at once:
        intent first); after-commit handlers run once everything is applied."""
        events = self._announced()
        try:
            if self.publisher is not None and events:
                self.publisher.before_commit(self, events)
            with mongo_errors("commit"):
                self.customers.apply_writes()
                self.activities.apply_writes()
                self.documents.apply_writes()
                self.completeness.apply_writes()  # after the records: a state describes written records only
                for repository in self._paper:
                    repository.apply_writes()
                self.history.apply_writes()  # last: an entry never describes a change that was not written
                self.outbox.confirm()  # the intent becomes work: the changes it announced are there to send
        finally:
            self.rollback()
        if self.publisher is not None and events:
            self.publisher.after_commit(events)

    def rollback(self) -> None:
        self._events = []
        self.outbox.discard()
        self.documents.discard()
        self.customers.discard()
        self.activities.discard()
        self.history.discard()
        self.completeness.discard()
        for repository in self._paper:
            repository.discard()

    def _announced(self) -> list[Event]:
        """This unit's events, with those of writes made without one."""
        events, self._events = self._events, []
        return events + unannounced(events, documents=self.documents.changed(), customers=self.customers.changed(),
                                    activities=self.activities.changed(), at=datetime.now(UTC))

    def _touched(self) -> set[str]:
        """Customers whose file or profile this unit changed."""
        owners = self.documents.owners_touched()
        return {no for no in owners if no} | {c.customer_no for c in self.customers.changed()}

    def _check_writable(self, what: str) -> None:
        if self.readonly:
            raise RuntimeError(f"cannot {what}: this unit of work is read-only (open it with unit_of_work())")


def _activities(collection: Collection, check_writable: Callable[[str], None], *, claims: Collection,
                sealer: Sealing):
    return MongoActivityRepository(collection, check_writable, claims=claims, sealer=sealer)


def _next_value(sequences: Collection, values: Collection, name: str) -> int:
    """$inc gives each caller its own value on MongoDB. Each value is also claimed for good, by a unique
    insert, because FerretDB's $inc reads and then writes back: racing callers can get the same value and
    the counter can even go back. The claims decide; the counter is a hint that is pushed past them."""
    value = given = _increment(sequences, name)
    while not insert_claim(values, _value_key(name, value)):
        highest = values.find_one({"_id": {"$gte": f"{name}:", "$lt": f"{name};"}}, sort=[("_id", DESCENDING)])
        value = max(value, int(highest["_id"].rsplit(":", 1)[1]) if highest else 0) + 1
    if value != given:
        sequences.update_one({"_id": name}, {"$max": {"value": value}})
    return value


def _value_key(name: str, value: int) -> str:
    return f"{name}:{value:015d}"  # zero-padded: keys sort as the values do


def _increment(sequences: Collection, name: str) -> int:
    query, update = {"_id": name}, {"$inc": {"value": 1}}
    try:
        row = sequences.find_one_and_update(query, update, upsert=True, return_document=ReturnDocument.AFTER)
    except DuplicateKeyError:  # two first-ever upserts raced: the counter exists now
        row = sequences.find_one_and_update(query, update, return_document=ReturnDocument.AFTER)
    return int(row["value"])


class MongoDocumentRepository(LinkingQueries, _BufferedRepository):
    def __init__(self, collection: Collection, check_writable: Callable[[str], None], *, claims: Collection,
                 hashes: Collection, sealer: Sealing):
        super().__init__(collection, check_writable, claims=claims)
        self.sealer = sealer
        # sha256 → document id, keyed by _id: a lookup every ingest makes, and the only kind of lookup
        # FerretDB v1 answers without a scan; its unique _id also settles racing ingests of the same bytes.
        self._hashes = hashes
        self._previous_owners: dict[str, str | None] = {}  # document id → its stored customer, read on update

    def owners_touched(self) -> set[str | None]:
        """The customers of the records this unit wrote, as stored before and as written."""
        return {w.record.get("customer_no") for w in self._pending.values()} | set(self._previous_owners.values())

    def discard(self) -> None:
        super().discard()
        self._previous_owners = {}

    def add(self, document: Document) -> None:
        self._check_writable("add a document")
        existing = self.find_by_sha256(document.sha256)
        if existing is not None:
            raise DuplicateDocument(existing.id, document.sha256)
        if document.id in self._pending:
            raise Conflict(f"document {document.id} was already added")
        self._pending[document.id] = _Write(self._record(document), document)

    def get(self, document_id: str) -> Document:
        document = self.find(document_id)
        if document is None:
            raise NotFound(f"no document with id {document_id}")
        return document

    def find(self, document_id: str) -> Document | None:
        record = self._by_id(document_id)
        return self._to_document(record) if record else None

    def summaries(self, document_ids: list[str]) -> dict[str, DocumentSummary]:
        rows = self._by_ids(document_ids, SUMMARY_FIELDS)
        return {key: summary_from_dict(self.sealer.unseal(from_bson(row))) for key, row in rows.items()}

    def find_by_sha256(self, sha256: str) -> Document | None:
        mine = [write.record for write in self._pending.values() if write.record["sha256"] == sha256]
        if mine:
            return self._to_document(mine[0])
        with mongo_errors("look up a document by its hash"):
            key = self._hashes.find_one({"_id": sha256})
        return self.find(key["document_id"]) if key else None  # a key without its document: a crash, ignore

    def update(self, document: Document) -> None:
        self._buffer_update(document.id, document, self._record, f"document {document.id}")

    def list(
        self, *, customer_no: str | None = None, unassigned: bool = False, limit: int = 100, offset: int = 0
    ) -> list[Document]:
        query = _document_filter(customer_no, unassigned)
        rows = self._query(query, _equal(query), sort=NEWEST_FIRST, limit=limit, offset=offset)
        return [self._to_document(row) for row in rows]

    def scan(self, *, after_id: str | None = None, limit: int = 500) -> list[Document]:
        return [self._to_document(row) for row in self._scan(after_id, limit)]

    def _to_document(self, record: Row) -> Document:
        return document_from_dict(self.sealer.unseal(from_bson(record)))

    def _record(self, document: Document) -> Row:
        sealed = self.sealer.seal(document_to_dict(document))
        return {"_id": document.id, **to_bson(sealed), **linking_fields(document, self.sealer.hide_keys),
                **stat_fields(sealed)}

    def sha256s(self) -> Iterator[str]:
        mine = {write.record["sha256"] for write in self._pending.values()}
        yield from mine
        with mongo_errors("list the stored hashes"):
            # Hinted, the hashes come from the unique index alone: no record is read.
            for row in self._coll.find({}, {"sha256": 1, "_id": 0}).hint(SHA256_KEY):
                if row["sha256"] not in mine:
                    yield row["sha256"]

    def _stored_version(self, key: str) -> int | None:
        with mongo_errors(f"read {key} from {self._coll.name}"):
            row = self._coll.find_one({"_id": key}, {"version": 1, "customer_no": 1})
        if row is None:
            return None
        self._previous_owners[key] = row.get("customer_no")
        return row["version"]

    def _apply(self, write: _Write) -> None:
        record = write.record
        try:
            if write.expected_version is None:
                self._claim_hash(record)
                self._coll.insert_one(record)
            elif not self._replace_if_unchanged(record, write.expected_version):
                write.changed.version = write.expected_version
                raise StaleVersion(f"document {record['_id']} was changed by someone else; reload and retry")
        except DuplicateKeyError as exc:
            raise self._duplicate(record) from exc

    def _claim_hash(self, record: Row) -> None:
        key = {"_id": record["sha256"], "document_id": record["_id"]}
        try:
            self._hashes.insert_one(key)
        except DuplicateKeyError:
            holder = self._hashes.find_one({"_id": record["sha256"]})
            if holder and self._coll.find_one({"_id": holder["document_id"]}, {"_id": 1}):
                raise DuplicateDocument(holder["document_id"], record["sha256"]) from None
            self._hashes.replace_one({"_id": record["sha256"]}, key)  # left by a writer that died before its insert

    def _duplicate(self, record: Row) -> Conflict:
        other = self._coll.find_one({"sha256": record["sha256"]}, {"_id": 1})
        if other is not None and other["_id"] != record["_id"]:
            return DuplicateDocument(other["_id"], record["sha256"])
        return Conflict(f"document {record['_id']} already exists")


class MongoCustomerRepository(_BufferedRepository):
    def __init__(self, collection: Collection, check_writable: Callable[[str], None], *, claims: Collection,
                 archive_nos: Collection, sealer: Sealing):
        super().__init__(collection, check_writable, claims=claims)
        self.sealer = sealer
        self._archive_nos = ArchiveNumberKeys(archive_nos, collection)
        self._seen_absent: set[str] = set()

    def discard(self) -> None:
        super().discard()
        self._seen_absent = set()

    def add(self, customer: Customer) -> Customer:
        self._check_writable("add a customer")
        if self._taken(customer.customer_no, customer.archive_no):
            raise Conflict(f"customer {customer.customer_no} or archive number {customer.archive_no} exists")
        self._pending[customer.customer_no] = _Write(self._record(customer), customer)
        return customer

    def get(self, customer_no: str) -> Customer:
        customer = self.find(customer_no)
        if customer is None:
            raise NotFound(f"no customer with number {customer_no}")
        return customer

    def find(self, customer_no: str) -> Customer | None:
        record = self._by_id(customer_no)
        if record is None:
            self._seen_absent.add(customer_no)
        return self._customer(record) if record else None

    def find_many(self, customer_nos: list[str]) -> dict[str, Customer]:
        return {key: self._customer(row) for key, row in self._by_ids(customer_nos).items()}

    def headings(self, customer_nos: list[str]) -> dict[str, CustomerHeading]:
        rows = self._by_ids(customer_nos, ("name", "owner", "department"))
        return {key: CustomerHeading(key, row.get("name") or "", row.get("owner") or "", row.get("department") or "")
                for key, row in rows.items()}

    def find_by_id_number(self, id_number: str) -> list[Customer]:
        query = {ID_NUMBER_KEY: self.sealer.lookup_key(id_number)}
        return [self._customer(row) for row in self._query(query, _equal(query), sort=BY_ID)]

    def find_by_name(self, name: str) -> list[Customer]:
        query = {"name": name}
        return [self._customer(row) for row in self._query(query, _equal(query), sort=BY_ID)]

    def owned_by(self, owner: str, *, limit: int = 10_000) -> list[Customer]:
        query = {"owner": owner}
        return [self._customer(row) for row in self._query(query, _equal(query), sort=BY_ID, limit=limit)]

    def scan(self, *, after_no: str | None = None, limit: int = 500) -> list[Customer]:
        return [self._customer(row) for row in self._scan(after_no, limit)]

    def update(self, customer: Customer) -> None:
        self._buffer_update(customer.customer_no, customer, self._record, f"customer {customer.customer_no}")

    def _customer(self, record: Row) -> Customer:
        return customer_from_dict(self.sealer.unseal(from_bson(record)))

    def _record(self, customer: Customer) -> Row:
        return {**_customer_record(customer, self.sealer), ID_NUMBER_KEY: self.sealer.lookup_key(customer.id_number)}

    def _taken(self, customer_no: str, archive_no: str) -> bool:
        # Absent when this unit looked (an import's find just before its add): the unique _id at commit
        # settles a racing writer, so the lookup is not repeated.
        if customer_no in self._pending or (customer_no not in self._seen_absent and self._by_id(customer_no)):
            return True
        if any(write.record["archive_no"] == archive_no for write in self._pending.values()):
            return True
        return self._archive_nos.holder(archive_no) is not None

    def _apply(self, write: _Write) -> None:
        no, archive_no = write.record["_id"], write.record["archive_no"]
        if write.expected_version is not None:
            if not self._replace_if_unchanged(write.record, write.expected_version):
                write.changed.version = write.expected_version
                raise StaleVersion(f"customer {no} was changed by someone else; reload and retry")
            return
        try:
            self._archive_nos.claim(no, archive_no)
            self._coll.insert_one(write.record)
        except DuplicateKeyError as exc:
            raise Conflict(f"customer {no} or archive number {archive_no} exists") from exc


def _customer_record(customer: Customer, sealer: Sealing) -> Row:
    data = sealer.seal(customer_to_dict(customer))
    # Kept for statistics: FerretDB's aggregation cannot cut the month out of created_at itself.
    month = (data["created_at"] or "")[:7] or None
    return {"_id": customer.customer_no, **to_bson(data), MONTH_FIELD: month}


def _document_filter(customer_no: str | None, unassigned: bool) -> Row:
    if unassigned:
        return {"customer_no": None}
    if customer_no is not None:
        return {"customer_no": customer_no}
    return {}
