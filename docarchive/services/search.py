"""Searching records: parse, plan, ask the index, then dress the hits from the records themselves.

Snippets and matched pages come from the records' original text (not from the index, which holds only
tokens), so highlights show exactly what was scanned.
"""

from __future__ import annotations

from dataclasses import fields
from functools import partial
from itertools import chain
from typing import Any, Callable

from docarchive.domain.access import Sight
from docarchive.domain.audit import SEARCH
from docarchive.domain.customers import Customer, CustomerHeading
from docarchive.domain.documents import Document, DocumentSummary
from docarchive.domain.errors import InvalidQuery
from docarchive.domain.principal import Principal
from docarchive.ports.audit import AuditLog
from docarchive.ports.records import RecordStore
from docarchive.ports.search import SearchEntry, SearchIndex, Sort
from docarchive.search.entries import customer_entry, search_entry
from docarchive.search.highlight import highlight_pages
from docarchive.search.plan import IdNumberHasher, plan_query
from docarchive.search.query import Query
from docarchive.services.access import access_of, document_subject, sees_customer
from docarchive.services.audit import audited
from docarchive.services.activity_indexing import activity_hit, every_activity_entry
from docarchive.services.customers import all_customers
from docarchive.services.parallel import ordered_in_processes

MAX_PAGE_SIZE = 100
SUGGEST_OVERFETCH = 5  # suggestions the principal may not know of are dropped after the index answers
MAX_RESULT_WINDOW = 10_000  # deeper pages cost every backend dearly; refine the query instead


def search_records(
    *, index: SearchIndex, records: RecordStore, hasher: IdNumberHasher, principal: Principal, query: Query,
    page: int = 1, size: int = 20, sort: Sort = "relevance", audit: AuditLog | None = None, query_text: str = "",
) -> dict[str, Any]:
    """Only what `principal` may read is searched: the index filters on the entries' level, owner and
    department, so totals and facets count nothing else. With `audit`, the search is recorded with what was
    typed (`query_text`) and the filters."""
    with audited(audit, principal, SEARCH, customer_no=query.filters.customer_no,
                 detail={"query": query_text, "filters": _filters_json(query), "page": page, "size": size}) as event:
        _check_paging(page, size, sort)
        results = index.search(plan_query(query, hasher), query.filters, offset=(page - 1) * size, limit=size,
                               sort=sort, scope=access_of(principal).search_scope())
        hits = _dress(records, principal, results.hits, query)
        event["detail"]["total"] = results.total
    return {"total": results.total, "total_exact": results.total_exact, "page": page, "size": size, "sort": sort,
            "hits": hits, "facets": results.facets, "facets_sampled": results.facets_sampled}


def suggest_customers(
    *, index: SearchIndex, records: RecordStore, principal: Principal, prefix: str, limit: int = 10,
) -> list[dict[str, str]]:
    """Customers whose number or name starts with `prefix`, among those the principal may know of."""
    prefix = prefix.strip()
    if not prefix:
        return []
    limit = max(1, min(limit, 10))
    found = index.suggest(prefix[:64], limit=limit * SUGGEST_OVERFETCH)
    with records.unit_of_work(readonly=True) as uow:
        shown = [c for c in found if sees_customer(principal, uow.customers.find(c.customer_no))]
    return [{"customer_no": c.customer_no, "name": c.name, "archive_no": c.archive_no} for c in shown[:limit]]


def reindex(
    *, index: SearchIndex, records: RecordStore, hasher: IdNumberHasher, progress: Callable[[int], None] | None = None,
    jobs: int = 1,
) -> int:
    """Rebuild the index from the records. Analysing the text costs more than writing the index (measured
    ~3x on FTS5), so with `jobs` > 1 worker processes analyse batches while this one writes."""
    documents = ordered_in_processes(partial(_entries_of, hasher=hasher), _document_batches(records), jobs=jobs)
    entries = chain(documents, every_activity_entry(records, hasher))
    return index.rebuild(entries, _all_customers(records), progress=progress)


def _filters_json(query: Query) -> dict[str, str]:
    return {f.name: str(getattr(query.filters, f.name)) for f in fields(query.filters)
            if getattr(query.filters, f.name) is not None}


def _dress(records: RecordStore, principal: Principal, hits, query: Query) -> list[dict[str, Any]]:
    """Each hit from the record itself, checked again: an index entry may lag a change of level or keeper.
    The page of hits is read in two round trips (their summaries, then their customers), never whole."""
    dressed = []
    access = access_of(principal)
    with records.unit_of_work(readonly=True) as uow:
        summaries = uow.documents.summaries([hit.id for hit in hits])
        customers = uow.customers.headings(sorted({s.customer_no for s in summaries.values() if s.customer_no}))
        for hit in hits:
            summary = summaries.get(hit.id)
            if summary is None:  # an activity entry, or the index ran ahead of a deletion (it will catch up)
                activity = uow.activities.find(hit.id)
                if activity and sees_customer(principal, uow.customers.find(activity.customer_no)):
                    dressed.append(activity_hit(uow, activity, hit.score, query))
                continue
            customer = customers.get(summary.customer_no) if summary.customer_no else None
            if access.sight(document_subject(summary, customer)) < Sight.READ:
                continue
            dressed.append(_hit_row(summary, customer, hit.score, query))
    return dressed


def _hit_row(summary: DocumentSummary, customer: CustomerHeading | None, score: float, query: Query) -> dict[str, Any]:
    pages, snippets = highlight_pages(list(summary.page_texts), query) if query.clause else ([], [])
    return {
        "id": summary.id,
        "customer_no": summary.customer_no,
        "customer_name": customer.name if customer else None,
        "doc_type": summary.doc_type.value,
        "category": summary.category,
        "title": summary.title,
        "created_at": summary.created_at.isoformat() if summary.created_at else None,
        "score": round(score, 4),
        "pages": pages,
        "snippets": snippets,
    }


def _document_batches(records: RecordStore):
    """(documents, their customers by number), 500 documents at a time."""
    after = None
    while True:
        with records.unit_of_work(readonly=True) as uow:
            batch = uow.documents.scan(after_id=after, limit=500)
            customers = {no: uow.customers.find(no) for no in {d.customer_no for d in batch if d.customer_no}}
        if not batch:
            return
        yield batch, customers
        after = batch[-1].id


def _entries_of(batch: tuple[list[Document], dict[str, Customer | None]], hasher: IdNumberHasher) -> list[SearchEntry]:
    documents, customers = batch
    return [search_entry(document, customers.get(document.customer_no), hasher) for document in documents
            if not document.disposal]


def _all_customers(records: RecordStore):
    return (customer_entry(customer) for customer in all_customers(records))


def _check_paging(page: int, size: int, sort: str) -> None:
    if page < 1:
        raise InvalidQuery("page starts at 1")
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidQuery(f"size must be between 1 and {MAX_PAGE_SIZE}")
    if page * size > MAX_RESULT_WINDOW:
        raise InvalidQuery(f"results beyond the first {MAX_RESULT_WINDOW:,} are not paged; narrow the query")
    if sort not in ("relevance", "date"):
        raise InvalidQuery("sort is 'relevance' or 'date'")
