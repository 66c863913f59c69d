"""A MatchPlan, filters and facets as Elasticsearch request bodies, and responses back as port values.

The plan is translated clause for clause like `_fts5_match`, so both backends accept, refuse and match
the same queries. Only tokens we made reach Elasticsearch, inside match_phrase/term queries.
"""

from __future__ import annotations

from typing import Any

from docarchive.adapters.search._es_mapping import BODY_PREFIX, FIELD_PREFIX, customer_from_source
from docarchive.domain.access import SearchScope
from docarchive.domain.errors import InvalidQuery
from docarchive.ports.search import FACETS, CustomerEntry, IndexHit, IndexResults, SearchLimits, Sort
from docarchive.search.analysis import query_tokens
from docarchive.search.plan import PlanAnd, PlanClause, PlanNot, PlanOr, TermMatch
from docarchive.search.query import Filters

# Ranking as in FTS5's column weights: numbers and names above body text; an exact identifier above all.
FIELD_BOOST, BODY_BOOST, KEY_BOOST = 8.0, 1.0, 40.0
# Buckets per facet; terms aggregations are exact on one shard, and these bound the response on many.
FACET_SIZES = {"doc_type": 50, "year": 100, "grade": 50, "category": 50}
_FILTER_FIELDS = ("customer_no", "doc_type", "year", "grade", "category")
Query = dict[str, Any]


def plan_query(plan: PlanClause) -> Query | None:
    """The query, or None when the plan can match nothing (e.g. a term with no searchable characters)."""
    if isinstance(plan, PlanNot):
        raise InvalidQuery("a query needs at least one word that must match, not only exclusions")
    return _clause(plan)


def _clause(plan: PlanClause) -> Query | None:
    if isinstance(plan, TermMatch):
        return _term(plan)
    if isinstance(plan, PlanOr):
        parts = [part for part in map(_clause, plan.clauses) if part is not None]
        return _any_of(parts) if parts else None
    if isinstance(plan, PlanAnd):
        return _and(plan)
    raise InvalidQuery("an exclusion must stand beside a word that must match")


def _and(plan: PlanAnd) -> Query | None:
    positives = [child for child in plan.clauses if not isinstance(child, PlanNot)]
    negatives = [child.clause for child in plan.clauses if isinstance(child, PlanNot)]
    if not positives:
        raise InvalidQuery("a query needs at least one word that must match, not only exclusions")
    musts = [_clause(child) for child in positives]
    if any(must is None for must in musts):
        return None  # one required term can never match, so neither can the whole
    must_nots = [part for part in map(_clause, negatives) if part is not None]
    return {"bool": {"must": musts, **({"must_not": must_nots} if must_nots else {})}}


def _term(term: TermMatch) -> Query | None:
    alternatives = []
    for phrase in term.phrases:
        if phrase.tokens:
            text = " ".join(phrase.tokens)
            alternatives.append(_phrase(FIELD_PREFIX + phrase.column, text, FIELD_BOOST))
            alternatives.append(_phrase(BODY_PREFIX + phrase.column, text, BODY_BOOST))
    alternatives += [{"term": {"keys": {"value": key, "boost": KEY_BOOST}}} for key in term.keys]
    return _any_of(alternatives) if alternatives else None


def _phrase(field: str, text: str, boost: float) -> Query:
    return {"match_phrase": {field: {"query": text, "boost": boost}}}


def _any_of(queries: list[Query]) -> Query:
    # Explicit: beside a filter or must, a should clause would otherwise become optional.
    return {"bool": {"should": queries, "minimum_should_match": 1}}


def filter_clauses(filters: Filters) -> list[Query]:
    """Exact conditions, for the non-scoring `filter` context."""
    clauses: list[Query] = []
    for name in _FILTER_FIELDS:
        value = getattr(filters, name)
        if value is not None:
            clauses.append({"term": {name: getattr(value, "value", value)}})
    bounds = {}
    if filters.date_from:
        bounds["gte"] = filters.date_from.isoformat()
    if filters.date_to:
        bounds["lte"] = filters.date_to.isoformat()
    if bounds:
        clauses.append({"range": {"date": bounds}})
    return clauses


def search_bodies(query: Query | None, filters: Filters, *, offset: int, limit: int, sort: Sort,
                  limits: SearchLimits, scope: SearchScope | None = None) -> list[dict[str, Any]]:
    """Two searches (one msearch): the hits, and the facets. None query: browse every record the filters
    allow, newest first (as FTS5 does).

    Apart, neither visits every match: the relevance search stops one match past the total limit (so the
    total is a lower bound past it) and a date-ordered one counts to the limit; the facets search stops after
    `facet_sample` matches per shard (terminate_after). Aggregations in the hits search would make it visit
    them all."""
    condition = {"bool": {"must": [query] if query else [],
                          "filter": filter_clauses(filters) + ([scope_clause(scope)] if scope else [])}}
    by_date = query is None or sort == "date"
    hits = {"query": condition, "from": offset, "size": limit, "_source": False}
    if by_date:
        hits |= {"sort": _DATE_ORDER, "track_scores": query is not None, "track_total_hits": limits.total}
    else:  # the newest matches, up to one past the limit or to the page's end, ranked (_es_mapping.KIND_SETTINGS)
        hits |= {"track_total_hits": True, "terminate_after": max(limits.total + 1, offset + limit)}
    facets = {"query": {"constant_score": {"filter": condition}}, "size": 0, "track_total_hits": False,
              "terminate_after": limits.facet_sample,
              "aggs": {name: {"terms": {"field": name, "size": FACET_SIZES[name]}} for name in FACETS}}
    return [hits, facets]


def scope_clause(scope: SearchScope) -> Query:
    """The records a principal may read: any one of the scope's clauses, each all of its conditions."""
    either = []
    for clause in scope.clauses:
        conditions: list[Query] = []
        for field, values in (("confidentiality", clause.levels), ("customer_no", clause.customer_nos),
                              ("doc_id", clause.ids)):
            if values is not None:
                conditions.append({"terms": {field: list(values)}})
        for field, value in (("owner", clause.owner), ("department", clause.department)):
            if value is not None:
                conditions.append({"term": {field: value}})
        if clause.has_customer:
            conditions.append({"exists": {"field": "customer_no"}})
        either.append({"bool": {"filter": conditions}})
    return {"bool": {"should": either, "minimum_should_match": 1}}


# Relevance order is Elasticsearch's own: score, then index order (newest written first), which keeps pages
# stable. A common query is ranked among its newest matches, as FTS5 ranks it in blocks newest first: at 1M
# pages a phrase of common bigrams (有限公司) took 78-235 ms to rank among all its matches, 14 ms among the
# newest 10,000.
_DATE_ORDER = [{"date": {"order": "desc", "missing": "_last"}}, {"doc_id": "desc"}]


def results(response: dict[str, Any], facets_response: dict[str, Any], limits: SearchLimits) -> IndexResults:
    hits = [IndexHit(hit["_id"], float(hit.get("_score") or 0.0)) for hit in response["hits"]["hits"]]
    aggregations = facets_response.get("aggregations", {})
    facets = {name: _buckets(aggregations.get(name, {})) for name in FACETS}
    total = response["hits"]["total"]
    exact = total["relation"] == "eq" and total["value"] <= limits.total
    return IndexResults(total=min(total["value"], limits.total), hits=hits, facets=facets, total_exact=exact,
                        facets_sampled=not exact or total["value"] > limits.facet_sample)


def _buckets(aggregation: dict[str, Any]) -> dict[str, int]:
    """Buckets come count-descending already; integer keys (year) are given as strings, like FTS5."""
    return {str(bucket["key"]): bucket["doc_count"] for bucket in aggregation.get("buckets", [])}


def empty_results() -> IndexResults:
    return IndexResults(total=0, hits=[], facets={name: {} for name in FACETS})


def suggest_bodies(number_key: str, text: str, limit: int) -> list[dict[str, Any]]:
    """Searches for suggest: customer numbers starting with the key, then names containing the text."""
    bodies = []
    if number_key:
        bodies.append({"query": {"prefix": {"number_key": number_key}}, "size": limit,
                       "sort": [{"number_key": "asc"}, {"customer_no": "asc"}]})
    phrases = [p for p in query_tokens(text) if p.tokens]
    if phrases:
        bodies.append({"query": _any_of([{"match_phrase": {p.column: " ".join(p.tokens)}} for p in phrases]),
                       "size": limit, "sort": [{"name_length": "asc"}, {"name": "asc"}, {"customer_no": "asc"}]})
    return bodies


def suggestions(responses: list[dict[str, Any]], limit: int) -> list[CustomerEntry]:
    seen: dict[str, CustomerEntry] = {}
    for response in responses:
        for hit in response["hits"]["hits"]:
            entry = customer_from_source(hit["_source"])
            seen.setdefault(entry.customer_no, entry)
    return list(seen.values())[:limit]


def stale_copies_query(customer: CustomerEntry, held: dict[str, Any] | None) -> dict[str, Any]:
    """The customer's records whose entries copy another name, archive number, grade, owner or department
    than `customer`; `held` is the index's copy of the customer (None when it has none)."""
    own = {"term": {"customer_no": customer.customer_no}}
    if held != {"name": customer.name, "archive_no": customer.archive_no}:
        return own
    differs = [_other_than("owner", customer.owner), _other_than("department", customer.department)]
    # A record shows its own grade when the customer has none: the index cannot tell whose it holds.
    differs.append(_other_than("grade", customer.grade) if customer.grade else {"exists": {"field": "grade"}})
    return {"bool": {"filter": [own], "should": differs, "minimum_should_match": 1}}


def _other_than(field: str, value: str) -> dict[str, Any]:
    return {"bool": {"must_not": [{"term": {field: value}}]}}
