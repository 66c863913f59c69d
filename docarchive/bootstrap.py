"""The composition root: the only place that reads Settings and chooses adapters."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable
from functools import cached_property, partial
from zoneinfo import ZoneInfo

from docarchive.adapters.crypto.aesgcm import AesGcmCipher
from docarchive.adapters.keys import (
    data_keys,
    installation_key,
    own_only,
    parse_data_keys,
)
from docarchive.adapters.records._sealing import PersonalDataSealer
from docarchive.adapters.page_cache import PageCache
from docarchive.config import Settings
from docarchive.domain.categories import CategoryScheme
from docarchive.domain.completeness import Requirement, rules_from_config
from docarchive.domain.errors import InvalidInput
from docarchive.domain.events import INDEXED, RECORDED
from docarchive.domain.principal import LOCAL_ARCHIVIST, Principal
from docarchive.domain.retention import category_periods, parse_period
from docarchive.domain.paper.codes import ArchiveNoRule
from docarchive.domain.room_care import ClimateRange, RoomCheckRecorded, RoomReadingRecorded, intervals_from
from docarchive.ingest.env import StepEnv
from docarchive.ingest.formats import Limits
from docarchive.ingest.pipeline import Pipeline
from docarchive.ports.accounts import AccountStore
from docarchive.ports.approvals import ApprovalStore
from docarchive.ports.audit import AuditLog
from docarchive.ports.blobs import BlobStore
from docarchive.ports.clock import Clock, SystemClock
from docarchive.ports.crypto import FieldCipher
from docarchive.ports.disposal import DisposalStore
from docarchive.ports.jobs import JobQueue
from docarchive.ports.loans import LoanStore
from docarchive.ports.records import RecordStore
from docarchive.ports.room_care import RoomCareLog
from docarchive.ports.search import SearchIndex
from docarchive.search.plan import IdNumberHasher
from docarchive.services.approvals import Approvals
from docarchive.services.audit import AuditChanges
from docarchive.services.customer_profiles import ProfileContext
from docarchive.services.destruction import DisposalDesk
from docarchive.services.erasure import Erasure
from docarchive.services.retention import RetentionRules
from docarchive.services.arrival import LinkPolicy
from docarchive.services.indexing import OutboxIndexing
from docarchive.services.ingest import IngestService
from docarchive.services.loans import Lending
from docarchive.services.loans.queries import loan_text
from docarchive.services.loans.uses import LoanUses
from docarchive.services.disposal_marks import disposal_of, volume_disposals
from docarchive.services.completeness import completeness_rate
from docarchive.services.completeness_tracking import CompletenessTracking
from docarchive.services.events import EventDispatcher
from docarchive.services.history import write_history
from docarchive.services.holdings import AuditAccesses, UseSource
from docarchive.services.room_care import AuditRoomCare, RoomCare
from docarchive.services.stats import CompletenessRate


def _none(*args: object) -> None:
    return None


@dataclass
class Container:
    settings: Settings
    records: RecordStore
    blobs: BlobStore
    index: SearchIndex
    hasher: IdNumberHasher
    clock: Clock
    audit: AuditLog  # the audit trail: every read, export and change, hash-chained
    cipher: FieldCipher  # encrypts ID numbers, originals and page images at rest
    indexing: OutboxIndexing | None = None  # set when the index lives outside the record store
    jobs: JobQueue | None = None  # uploads are queued for workers (serve's on the embedded default)
    completeness_rate: CompletenessRate | None = None  # the completeness feature plugs in here; None until then
    accounts: AccountStore | None = None  # users and sign-in tokens
    approvals: ApprovalStore | None = None  # approval requests, and the grants approved ones give
    disposal: DisposalStore | None = None  # destruction lists, legal holds, the recycle area, the register
    loans: LoanStore | None = None  # the lending desk's loan register (借阅登记)
    room_care_log: RoomCareLog | None = None  # 库房管理: readings and checks per archive room
    events: EventDispatcher | None = None  # the handlers a unit of work's (or a care log entry's) events go to
    sign_in_is_local: bool = False  # accounts and approvals read from a local file (the embedded default)

    @cached_property
    def approval_desk(self) -> Approvals:
        """What the approval use cases need: requests, the records they are about, the clock, the trail."""
        return Approvals(store=self.approvals, records=self.records, clock=self.clock, audit=self.audit)

    @cached_property
    def page_cache(self) -> PageCache:
        return PageCache(self.settings.cache_path, max_bytes=self.settings.page_cache_mb * 1024 * 1024)

    @cached_property
    def disposal_desk(self) -> DisposalDesk:
        """What retention, destruction and the recycle area need; the lending desk answers whether a volume is
        out (`loan_of`), so destruction refuses a volume on loan."""
        settings = self.settings
        cache = settings.cache_path  # page images derived on this host (both deployments cache locally)
        return DisposalDesk(store=self.disposal, erasure=Erasure(self.records, self.blobs, cache),
                            approvals=self.approval_desk, clock=self.clock, audit=self.audit,
                            retention=RetentionRules(category_periods(settings.retention_by_category),
                                                     parse_period(settings.record_retention)),
                            loan_of=partial(loan_text, self.records))

    @cached_property
    def lending(self) -> Lending:
        """What the lending desk's use cases need: the loan register, the volumes, who borrowers are."""
        return Lending(store=self.loans, records=self.records, accounts=self.accounts, clock=self.clock,
                       rule=self.archive_no_rule, audit=self.audit, disposal_of=partial(disposal_of, self.disposal) if self.disposal is not None else _none)

    @cached_property
    def room_care(self) -> RoomCare:
        """What the archive-room care use cases need: the log, the rooms, the settings' ranges and intervals."""
        settings = self.settings
        return RoomCare(log=self.room_care_log, records=self.records, clock=self.clock, audit=self.audit,
                        limits=ClimateRange(tuple(settings.room_temperature_range), tuple(settings.room_humidity_range)),
                        intervals=intervals_from(settings.room_check_interval_days), timezone=self.timezone,
                        publish=self.events.after_commit if self.events else RoomCare.publish)

    @property
    def volume_disposals(self) -> Callable[[], dict[str, dict[str, Any]]]:
        """Which volumes are set apart for destruction or destroyed (the inventory's question)."""
        return partial(volume_disposals, self.disposal) if self.disposal is not None else dict

    @property
    def use_sources(self) -> list[UseSource]:
        """Where the use report (services/holdings.py) counts uses from: the audit trail's accesses and the
        lending desk's loans."""
        sources: list[UseSource] = [AuditAccesses(self.audit)]
        if self.loans is not None:
            sources.append(LoanUses(self.loans))
        return sources

    @cached_property
    def categories(self) -> CategoryScheme:
        return CategoryScheme(tuple(self.settings.categories))

    @cached_property
    def completeness_rules(self) -> dict[str, tuple[Requirement, ...]]:
        return rules_from_config(self.settings.completeness_rules)

    @cached_property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.settings.timezone)

    @property
    def archive_no_rule(self) -> ArchiveNoRule:
        """How volume archive numbers are made and recognised (codes.parse_code)."""
        settings = self.settings
        return ArchiveNoRule(settings.volume_archive_no_format, fonds=settings.fonds_code,
                             class_code=settings.class_code, org=settings.org_code)

    @cached_property
    def ingest(self) -> IngestService:
        settings = self.settings
        policy = LinkPolicy(own_names=tuple(settings.own_names), min_confidence=settings.review_min_confidence,
                            archive_no_format=settings.archive_no_format)
        return IngestService(records=self.records, blobs=self.blobs, clock=self.clock, policy=policy,
                             step_env=lambda engine: self.step_env(engine=engine), jobs=self.jobs,
                             lease_seconds=settings.job_lease_seconds, queue_limit=settings.queue_limit)

    def pipeline(self, *, engine: str | None = None) -> Pipeline:
        return self.ingest.pipeline(engine)

    def step_env(self, *, engine: str | None = None) -> StepEnv:
        settings = self.settings
        return StepEnv(
            limits=Limits(
                max_pages=settings.max_pages, max_image_pixels=settings.max_image_pixels, dpi=settings.render_dpi
            ),
            engine_name=engine or settings.ocr_engine,
            tesseract_languages=settings.tesseract_languages,
            ocr_rec_batch=settings.ocr_rec_batch,
            ocr_runtime=settings.ocr_runtime,
            ocr_det_scale=settings.ocr_det_scale,
            ocr_gpu=settings.ocr_gpu,
            ocr_cache=settings.ocr_cache_path,
            volume_rule=self.archive_no_rule,
            max_file_bytes=settings.max_file_bytes,
            categories=self.categories,
            records=self.records,
        )

    def profile_context(self, principal: Principal) -> ProfileContext:
        return ProfileContext(principal=principal, clock=self.clock, archive_no_format=self.settings.archive_no_format)

    def close(self) -> None:
        if self.accounts is not None:
            self.accounts.close()
        if self.approvals is not None:
            self.approvals.close()
        if self.disposal is not None:
            self.disposal.close()
        if self.loans is not None:
            self.loans.close()
        if self.room_care_log is not None:
            self.room_care_log.close()
        if self.jobs is not None:
            self.jobs.close()
        self.index.close()
        self.audit.close()
        self.blobs.close()
        self.records.close()


def bootstrap(settings: Settings | None = None, *, clock: Clock | None = None) -> Container:
    settings = settings or Settings()
    clock = clock or _clock(settings)
    if not settings.mongo_url:
        own_only(settings.home)  # the embedded store, its originals and page cache: owner-only (0700/0600)
    hasher = IdNumberHasher(_id_hash_key(settings))  # first: a deployment without its keys starts nothing
    cipher = _cipher(settings)
    records = _record_store(settings, PersonalDataSealer(cipher, hasher.key_for))
    container = Container(settings=settings, records=records, blobs=_blob_store(settings, cipher), cipher=cipher,
                          index=_search_index(settings), hasher=hasher, clock=clock,
                          accounts=_side_store(settings, "accounts"), approvals=_side_store(settings, "approvals"),
                          disposal=_side_store(settings, "disposal"), loans=_side_store(settings, "loans"),
                          room_care_log=_side_store(settings, "room_care"),
                          audit=_audit_log(settings), sign_in_is_local=not settings.mongo_url)
    container.jobs = _side_store(settings, "jobs")
    container.events = _event_handlers(container)
    records.publish_to(container.events)
    container.completeness_rate = lambda store: completeness_rate(
        store, principal=LOCAL_ARCHIVIST, rules=container.completeness_rules)
    return container


def account_principal(name: str, settings: Settings | None = None) -> Principal | None:
    """The principal of the enabled account `name` (for the CLI's DOCARCHIVE_USER) with the grants its
    approved requests give now, as a sign-in would have them; None without such an account."""
    from dataclasses import replace

    from docarchive.services.accounts import principal_of_user
    from docarchive.services.approvals import live_grants_for

    settings = settings or Settings()
    accounts = _side_store(settings, "accounts")
    try:
        user = accounts.find_user(name)
    finally:
        accounts.close()
    if user is None or user.disabled:
        return None
    approvals = _side_store(settings, "approvals")
    try:
        grants = live_grants_for(approvals, user=user.name, now=SystemClock().now())
    finally:
        approvals.close()
    return replace(principal_of_user(user), grants=grants)


def _event_handlers(container: Container) -> EventDispatcher:
    """What follows from a unit of work's events: in its transaction, then once it has committed."""
    settings, events = container.settings, EventDispatcher()
    if settings.es_url or settings.mongo_url:
        container.indexing = OutboxIndexing(records=container.records, index=container.index,
                                            hasher=container.hasher, clock=container.clock,
                                            lease_seconds=settings.job_lease_seconds)
        events.handle_in_transaction(container.indexing.mark, *INDEXED)
        events.handle_after_commit(container.indexing.send, *INDEXED)
    else:
        from docarchive.adapters.search.fts5_indexing import Fts5Indexing

        events.handle_in_transaction(Fts5Indexing(container.hasher), *INDEXED)
    events.handle_in_transaction(write_history, *RECORDED)
    events.handle_in_transaction(CompletenessTracking(container.completeness_rules), *INDEXED)
    events.handle_after_commit(AuditChanges(container.audit), *RECORDED)
    events.handle_after_commit(AuditRoomCare(container.audit), RoomReadingRecorded, RoomCheckRecorded)
    return events


def _clock(settings: Settings) -> Clock:
    if not settings.fixed_clock:
        return SystemClock()
    from datetime import datetime

    from docarchive.ports.clock import FixedTimeClock

    try:
        at = datetime.fromisoformat(settings.fixed_clock)
    except ValueError:
        raise InvalidInput(f"DOCARCHIVE_FIXED_CLOCK {settings.fixed_clock!r} is not an ISO time") from None
    if at.tzinfo is None:
        raise InvalidInput("DOCARCHIVE_FIXED_CLOCK needs an offset (2026-05-06T09:30:00+08:00)")
    return FixedTimeClock(at)


def _record_store(settings: Settings, sealer: PersonalDataSealer) -> RecordStore:
    if settings.mongo_url:
        from docarchive.adapters.records.mongo import MongoRecordStore

        return MongoRecordStore(settings.mongo_url, database=settings.mongo_database, sealer=sealer)
    from docarchive.adapters.records.sqlite import SqliteRecordStore

    return SqliteRecordStore(settings.database_path, sealer=sealer)


def _cipher(settings: Settings) -> FieldCipher:
    if settings.data_keys:
        return AesGcmCipher(*parse_data_keys(settings.data_keys))
    if settings.mongo_url:  # every API server and worker must read what the others wrote: keys are given
        raise InvalidInput("set DOCARCHIVE_DATA_KEYS (a JSON list of '<8-character id>:<64 hex>', the current key "
                           "first) on every host of a MongoDB deployment")
    return AesGcmCipher(*data_keys(settings.home))


def _id_hash_key(settings: Settings) -> str:
    if settings.id_hash_key and settings.id_hash_key.startswith(_PLACEHOLDER):
        raise InvalidInput("DOCARCHIVE_ID_HASH_KEY is still the placeholder from .env.example: set a random secret")
    if settings.id_hash_key:
        return settings.id_hash_key
    if settings.mongo_url:  # every API server and worker must hash alike: the key is given, not made
        raise InvalidInput("set DOCARCHIVE_ID_HASH_KEY (at least 32 random characters) on every host of a "
                           "MongoDB deployment")
    return installation_key(settings.home, "id-hash")


_PLACEHOLDER = "change-me"  # .env.example's: a key copied from the source protects nothing


# The stores kept beside the records, one adapter per deployment: MongoDB collections on the scale deployment,
# tables in the records database on the embedded default. Imported only when chosen (pymongo is optional).
_SIDE_STORES = {
    "jobs": ("docarchive.adapters.jobs.mongo:MongoJobQueue", "docarchive.adapters.jobs.sqlite:SqliteJobQueue"),
    "accounts": ("docarchive.adapters.accounts.mongo:MongoAccountStore",
                 "docarchive.adapters.accounts.sqlite:SqliteAccountStore"),
    "approvals": ("docarchive.adapters.approvals.mongo:MongoApprovalStore",
                  "docarchive.adapters.approvals.sqlite:SqliteApprovalStore"),
    "disposal": ("docarchive.adapters.disposal.mongo:MongoDisposalStore",
                 "docarchive.adapters.disposal.sqlite:SqliteDisposalStore"),
    "loans": ("docarchive.adapters.loans.mongo:MongoLoanStore", "docarchive.adapters.loans.sqlite:SqliteLoanStore"),
    "room_care": ("docarchive.adapters.room_care.mongo:MongoRoomCareLog",
                  "docarchive.adapters.room_care.sqlite:SqliteRoomCareLog"),
    "audit": ("docarchive.adapters.audit.mongo:MongoAuditLog", "docarchive.adapters.audit.sqlite:SqliteAuditLog"),
}


def _side_store(settings: Settings, name: str):
    mongo, sqlite = _SIDE_STORES[name]
    if settings.mongo_url:
        return _adapter(mongo)(settings.mongo_url, database=settings.mongo_database)
    return _adapter(sqlite)(settings.database_path)


def _adapter(path: str):
    module, name = path.split(":")
    return getattr(importlib.import_module(module), name)


def _audit_log(settings: Settings) -> AuditLog:
    log: AuditLog = _side_store(settings, "audit")
    if not settings.audit_flush_ms:
        return log
    from docarchive.adapters.audit.buffered import BufferedAuditLog

    return BufferedAuditLog(log, max_delay=settings.audit_flush_ms / 1000)


def _blob_store(settings: Settings, cipher: FieldCipher) -> BlobStore:
    """Every original is encrypted at rest: ID-card copies are personal data, and any scan may show one."""
    if settings.mongo_url:  # originals in GridFS, so API servers and workers keep no state of their own
        from docarchive.adapters.blobs.gridfs import GridFsBlobStore

        return GridFsBlobStore(settings.mongo_url, database=settings.mongo_database, cipher=cipher)
    from docarchive.adapters.blobs.filesystem import FilesystemBlobStore

    return FilesystemBlobStore(settings.blobs_path, cipher=cipher)


def _search_index(settings: Settings) -> SearchIndex:
    if settings.es_url:
        from docarchive.adapters.search.elasticsearch import ElasticsearchSearchIndex

        return ElasticsearchSearchIndex(settings.es_url, index_prefix=settings.es_index_prefix)
    from docarchive.adapters.search.fts5 import Fts5SearchIndex

    return Fts5SearchIndex(settings.database_path)
