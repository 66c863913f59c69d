"""Full-text search over electronic records, behind one port with an embedded and a scale backend.

Backends never analyse text: they store the token streams `docarchive.search.analysis` made and match the
token phrases a `MatchPlan` lists, so every backend finds the same records for the same query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Iterable, Iterator, Literal, Protocol, Sequence

from docarchive.domain.access import SearchScope
from docarchive.search.analysis import IndexedText
from docarchive.search.plan import PlanClause
from docarchive.search.query import Filters

Sort = Literal["relevance", "date"]
FACETS = ("doc_type", "year", "grade", "category")
# Counting or faceting every match of a common word costs time in proportion to the matches (a single
# character matches most of a million pages); what users need is "10,000+" and the shape of the results.
TOTAL_LIMIT = 10_000  # totals are exact up to here; beyond it `total` is this lower bound
FACET_SAMPLE = 1_000  # facets count at most this many matches; beyond it they describe a sample


@dataclass(frozen=True)
class SearchLimits:
    """Where a backend stops counting; tests pass small ones to see both sides of each limit."""

    total: int = TOTAL_LIMIT
    facet_sample: int = FACET_SAMPLE


@dataclass(frozen=True)
class SearchEntry:
    """What the index holds for one record. ID numbers appear only as keyed hashes in `keys`."""

    id: str
    doc_type: str
    category: str
    title: str
    customer_no: str | None
    customer_name: str
    archive_no: str
    grade: str | None
    date: date | None  # the record's own date (signing, filing), else the day it was ingested
    created_at: datetime
    confidentiality: str
    owner: str
    department: str
    fields_text: IndexedText  # title, customer name and numbers, names read from the page: ranked above body
    body_text: IndexedText  # page text
    keys: tuple[str, ...]  # exact identifiers (customer, archive, contract numbers, phones, ID hashes)
    version: int = 1  # the record's version: an index may refuse an older state than it holds

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None


@dataclass(frozen=True)
class CustomerEntry:
    """What suggest completes: a customer's number and name; and what each of their records' entries copies
    of the customer (name, archive number, grade, owner, department), so a change to those — a transfer to
    another owner, say — can find the copies to refresh."""

    customer_no: str
    name: str
    archive_no: str
    grade: str | None = None
    owner: str = ""
    department: str = ""


@dataclass(frozen=True)
class IndexHit:
    id: str
    score: float


@dataclass
class IndexResults:
    total: int  # exact when `total_exact`, else a lower bound (TOTAL_LIMIT): "10,000+ records"
    hits: list[IndexHit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    total_exact: bool = True
    facets_sampled: bool = False  # facets count a sample of the matches (more than FACET_SAMPLE matched)


Progress = Callable[[int], None]


class SearchIndex(Protocol):
    def upsert(self, entries: Sequence[SearchEntry]) -> None:
        """Add or replace entries; searchable when this returns."""
        ...

    def delete(self, ids: Sequence[str]) -> None: ...

    def search(
        self, plan: PlanClause | None, filters: Filters, *, offset: int = 0, limit: int = 20, sort: Sort = "relevance",
        scope: SearchScope | None = None,
    ) -> IndexResults:
        """Ids and scores of the matching records (None plan: every record the filters allow), with facets.
        `scope`: only records it admits count — hits, totals and facets alike (None: every record).

        Past TOTAL_LIMIT matches the total is a lower bound; past FACET_SAMPLE the facets count a sample;
        a backend may rank a very common query among a bounded set of candidates (say which in its doc)."""
        ...

    def upsert_customers(self, customers: Sequence[CustomerEntry]) -> None: ...

    def records_to_refresh(self, customer: CustomerEntry) -> list[str]:
        """Ids of the customer's indexed records whose entries hold another copy of the customer (name,
        archive number, grade, owner, department) than this one. Ask before `upsert_customers` stores the new customer: the
        index's copy of the customer is what the records' entries are compared with."""
        ...

    def suggest(self, prefix: str, *, limit: int = 10) -> list[CustomerEntry]:
        """Customers whose number starts with, or whose name contains, what the user has typed so far."""
        ...

    def rebuild(
        self, entries: Iterable[SearchEntry], customers: Iterable[CustomerEntry], *, progress: Progress | None = None
    ) -> int:
        """Replace the whole index; searches keep working on the old one until the new one is complete."""
        ...

    def count(self) -> int: ...

    def indexed_ids(self) -> Iterator[str]:
        """Every record id the index holds (the four-property check compares them with the records)."""
        ...

    def close(self) -> None: ...
