"""Holdings and use of the archive room (馆藏与利用统计, the policies' 第25条: 档案的数量…保管和利用情况):
what the room holds by year, category, retention and confidentiality, and how much it is used, by month and
category. Every figure counts only what the principal may see: a volume of a customer file they may know of,
a record at least listed for them.

Use comes from sources: the audit trail's accesses (views, page views, downloads, prints, exports of a
record) today; the lending desk adds its loans as one more `UseSource` (see `USE_KINDS` and `use_report`'s
`sources`), and the report gains their rows with no change here."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, Iterable, Iterator, Protocol

from docarchive.domain.audit import DOWNLOAD, EXPORT, PAGE_VIEW, PRINT, VIEW, AuditFilter, timestamp
from docarchive.domain.documents import Document
from docarchive.domain.errors import InvalidInput
from docarchive.domain.paper.model import Volume
from docarchive.domain.principal import Principal
from docarchive.ports.audit import AuditLog
from docarchive.ports.clock import Clock
from docarchive.ports.records import RecordStore, UnitOfWork
from docarchive.services.access import every_visible_document, require, sees_customer, visible_documents
from docarchive.services.audit import all_matching, record

DIMENSIONS = ("year", "category", "retention", "confidentiality")
MEASURES = ("volumes", "items", "pages", "records")
UNFILED = "unfiled"  # a record in no paper volume has no retention yet
UNSET = "unset"
ACCESSES = (VIEW, PAGE_VIEW, DOWNLOAD, PRINT, EXPORT)
BATCH = 500


@dataclass(frozen=True)
class Use:
    """One use of the archive: a record accessed, a volume lent (the lending desk's source)."""

    at: datetime
    source: str  # "access", "loan"
    kind: str  # the audit action, or how a loan was made (read/out/copy)
    document_id: str | None = None
    archive_no: str | None = None


class UseSource(Protocol):
    name: str

    def uses(self, since: datetime, until: datetime) -> Iterator[Use]:
        """Every use in [since, until)."""
        ...


@dataclass(frozen=True)
class AuditAccesses:
    """Accesses to records, as the audit trail has them (successful ones only)."""

    audit: AuditLog
    name: str = "access"

    def uses(self, since: datetime, until: datetime) -> Iterator[Use]:
        for action in ACCESSES:
            where = AuditFilter(action=action, since=timestamp(since), until=timestamp(until))
            for event in all_matching(self.audit, where):
                if event.document_id and event.outcome == "ok":
                    yield Use(datetime.fromisoformat(event.at), self.name, action, document_id=event.document_id)


def holdings_report(records: RecordStore, principal: Principal, *, audit: AuditLog | None = None,
                    clock: Clock | None = None) -> dict[str, Any]:
    """{dimension: {value: {volumes, items, pages, records}}} and the totals. A volume counts under its year,
    retention and level, and under each category its items' records are filed in; a record under its
    volume's year and retention (unfiled: the year it arrived, retention "unfiled") and its effective level."""
    with records.unit_of_work(readonly=True) as uow:
        tally = _Tally()
        categories: dict[str, str] = {}
        filed = _count_volumes(uow, principal, tally)
        for document in every_visible_document(uow, principal, batch=BATCH):
            categories[document.id] = document.category or UNSET
            tally.record(document, filed.get(document.id))
        tally.volume_categories(filed, categories)
    record(audit, principal, VIEW, clock=clock, subject="report:holdings")
    return {"dimensions": {name: tally.table(name) for name in DIMENSIONS}, "totals": tally.totals}


def use_report(records: RecordStore, principal: Principal, *, sources: Iterable[UseSource], clock: Clock,
               since: datetime | None = None, until: datetime | None = None, timezone: tzinfo = UTC,
               audit: AuditLog | None = None) -> dict[str, Any]:
    """Uses in [since, until) (the last twelve months by default) by month (local), category and kind, per
    source; only uses of records and volumes the principal may see are counted."""
    require(principal, "reports", "see how the archive is used")
    until = until or clock.now()
    since = since or until - timedelta(days=365)
    if since >= until:
        raise InvalidInput("the report's start must come before its end")
    with records.unit_of_work(readonly=True) as uow:
        seen = _Seen(uow, principal)
        tables = {source.name: _use_table(source.uses(since, until), seen, timezone) for source in sources}
    record(audit, principal, VIEW, clock=clock, subject="report:use")
    return {"since": since.isoformat(), "until": until.isoformat(), "sources": tables}


def _use_table(uses: Iterator[Use], seen: "_Seen", timezone: tzinfo) -> dict[str, Any]:
    by_month: Counter = Counter()
    by_category: Counter = Counter()
    by_kind: Counter = Counter()
    by_month_category: dict[str, Counter] = defaultdict(Counter)
    for use in uses:
        category = seen.category(use)
        if category is None:
            continue
        month = use.at.astimezone(timezone).strftime("%Y-%m")
        by_month[month] += 1
        by_category[category] += 1
        by_kind[use.kind] += 1
        by_month_category[month][category] += 1
    return {"total": sum(by_month.values()), "by_month": dict(sorted(by_month.items())),
            "by_category": dict(by_category.most_common()), "by_kind": dict(by_kind.most_common()),
            "by_month_category": {m: dict(c.most_common()) for m, c in sorted(by_month_category.items())}}


class _Seen:
    """Whether the principal may see a use's record or volume, and its category; looked up once each."""

    def __init__(self, uow: UnitOfWork, principal: Principal):
        self._uow, self._principal = uow, principal
        self._documents: dict[str, str | None] = {}
        self._volumes: dict[str, str | None] = {}

    def category(self, use: Use) -> str | None:
        if use.document_id:
            if use.document_id not in self._documents:
                document = self._uow.documents.find(use.document_id)
                shown = visible_documents(self._uow, self._principal, [document]) if document else []
                self._documents[use.document_id] = (document.category or UNSET) if shown else None
            return self._documents[use.document_id]
        if use.archive_no:
            if use.archive_no not in self._volumes:
                volume = self._uow.volumes.find(use.archive_no)
                known = volume and sees_customer(self._principal, self._uow.customers.find(volume.customer_no))
                self._volumes[use.archive_no] = "volume" if known else None
            return self._volumes[use.archive_no]
        return None


@dataclass(frozen=True)
class _Filed:
    """What a record's paper volume says about it."""

    archive_no: str
    year: int
    retention: str
    pages: int
    counted: bool  # the volume is one the principal may know of (counted in the holdings)


class _Tally:
    def __init__(self) -> None:
        self.counts: dict[str, dict[str, Counter]] = {name: defaultdict(Counter) for name in DIMENSIONS}
        self.totals: Counter = Counter({measure: 0 for measure in MEASURES})

    def volume(self, volume: Volume) -> None:
        keys = {"year": str(volume.year or UNSET), "retention": volume.retention.value,
                "confidentiality": volume.confidentiality.value}
        figures = {"volumes": 1, "items": len(volume.items), "pages": volume.page_count}
        for name, key in keys.items():
            self.counts[name][key].update(figures)
        self.totals.update(figures)

    def record(self, document: Document, filed: _Filed | None) -> None:
        arrived = document.created_at.year if document.created_at else UNSET
        keys = {"year": str(filed.year if filed else arrived), "retention": filed.retention if filed else UNFILED,
                "confidentiality": document.effective_confidentiality.value, "category": document.category or UNSET}
        for name, key in keys.items():
            self.counts[name][key]["records"] += 1
        self.totals["records"] += 1

    def volume_categories(self, filed: dict[str, _Filed], categories: dict[str, str]) -> None:
        """Items and pages under their record's category; a volume under each category it holds."""
        volumes: dict[str, set[str]] = defaultdict(set)
        for document_id, where in filed.items():
            category = categories.get(document_id)
            if category is None or not where.counted:  # not the principal's to know of
                continue
            self.counts["category"][category].update({"items": 1, "pages": where.pages})
            volumes[category].add(where.archive_no)
        for category, archive_nos in volumes.items():
            self.counts["category"][category]["volumes"] += len(archive_nos)

    def table(self, name: str) -> dict[str, dict[str, int]]:
        return {key: {measure: counts[measure] for measure in MEASURES}
                for key, counts in sorted(self.counts[name].items())}


def _count_volumes(uow: UnitOfWork, principal: Principal, tally: _Tally) -> dict[str, _Filed]:
    """Count every volume the principal may know of; what every volume says of the records filed in it (a
    record they may see sits in a volume they may not, now and then: its year and retention are still its)."""
    filed: dict[str, _Filed] = {}
    customers: dict[str, bool] = {}
    after = ""
    while volumes := uow.volumes.list(after=after, limit=BATCH):
        for volume in volumes:
            if volume.customer_no not in customers:
                customers[volume.customer_no] = sees_customer(principal, uow.customers.find(volume.customer_no))
            counted = customers[volume.customer_no]
            if counted:
                tally.volume(volume)
            for item in volume.items:
                filed[item.document_id] = _Filed(volume.archive_no, volume.year, volume.retention.value,
                                                 item.page_count, counted)
        after = volumes[-1].archive_no
    return filed


