"""Reading the FTS5 index: bounded totals, sampled facets and tiered ranking.

Every step walks FTS5's own doclists in rowid order and stops early, so a query costs about the same
whether it matches a hundred pages or six hundred thousand:
- the total counts at most TOTAL_LIMIT + 1 matches; when there are no more than FACET_SAMPLE, the walk
  that found them also gives the facets and bounds the ranking (see _count_and_facets);
- facets group the newest FACET_SAMPLE matches;
- relevance: BM25 when the query is selective. FTS5's bm25() weighs each term by scanning every record
  that term matches (once per query), so one common term (or a common filter such as a document type)
  costs as much as counting all its matches. When the query matches more than RANK_CANDIDATES records,
  or any of its terms or filters matches more than the total limit, it is ranked in blocks of
  RANK_CANDIDATES matches, newest block first; within a block, records matching in the boosted columns
  (numbers, names, title, identifiers) come before those matching only in the body, newest first.
  The order depends only on the query, so pages stay stable; identifiers and names are selective and
  always ranked by BM25;
- date order: up to TOTAL_LIMIT matches are sorted; a commoner query walks the date index instead and
  asks FTS5 about each record in turn, which finds a page of hits within a few hundred records.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from docarchive.domain.errors import BackendUnavailable
from docarchive.ports.search import FACETS, IndexHit, IndexResults, SearchLimits, Sort

# Ranking: numbers and names (field columns) above body text; an exact identifier above everything;
# the filters column only ever narrows.
COLUMN_WEIGHTS = (8.0, 8.0, 8.0, 1.0, 1.0, 1.0, 40.0, 0.0)
RANK_CANDIDATES = 2_000
_MAX_ROWID = 2**63 - 1
_BM25 = f"bm25(search_fts, {', '.join(str(w) for w in COLUMN_WEIGHTS)})"


@dataclass(frozen=True)
class Limits(SearchLimits):
    rank_candidates: int = RANK_CANDIDATES


@dataclass(frozen=True)
class Matches:
    """The records an FTS5 expression matches, narrowed by a date range (the one filter not in the index)."""

    expression: str
    dates: str  # " AND d.date >= ?"…, or ""
    date_params: tuple[Any, ...]
    fields_expression: str | None = None  # the same terms, matched in the boosted columns only
    weighed: tuple[str, ...] = ()  # each term and filter on its own: what bm25() scans to weigh them

    def rows(self, select: str, tail: str = "", *, records: bool = False,
             within: tuple[int, int] | None = None) -> tuple[str, list[Any]]:
        """SQL over the matches, FTS5 the outer loop (CROSS JOIN); `records` joins search_docs as `d`;
        `within` bounds the rowids, which FTS5 seeks to instead of walking its doclists from the start."""
        join = " CROSS JOIN search_docs d ON d.rowid = search_fts.rowid" if self.dates or records else ""
        span = " AND search_fts.rowid BETWEEN ? AND ?" if within else ""
        sql = f"SELECT {select} FROM search_fts{join} WHERE search_fts MATCH ?{self.dates}{span} {tail}"
        return sql, [self.expression, *self.date_params, *(within or ())]


@dataclass(frozen=True)
class Counted:
    total: int  # up to the total limit + 1
    facets: dict[str, dict[str, int]]
    span: tuple[int, int] | None  # the lowest and highest matching rowid, when the facet sample holds every match


def matched(conn, matches: Matches, offset: int, limit: int, sort: Sort, limits: Limits) -> IndexResults:
    counted = _count_and_facets(conn, matches, limits)
    total = counted.total
    if offset >= total and total <= limits.total:  # past every match (a capped total is only a lower bound)
        hits = []
    elif sort == "date":
        hits = _by_date(conn, matches, offset, limit, common=total > limits.total)
    elif total <= limits.rank_candidates and _selective(conn, _uncounted(matches), limits.total):
        candidates = matches.rows(f"search_fts.rowid AS id, {_BM25} AS score", within=counted.span)
        hits = _ranked(conn, *candidates, offset, limit)
    else:
        hits = _in_blocks(conn, matches, offset, limit, limits.rank_candidates)
    return _results(total, hits, counted.facets, limits)


def browse(conn, where: str, params: list[Any], offset: int, limit: int, limits: Limits) -> IndexResults:
    """Every record the (date) filters allow, newest first by date."""
    base = f"FROM search_docs d WHERE 1 = 1{where}"
    total = _count(conn, f"SELECT 1 {base} LIMIT ?", params, limits.total)
    facets = _facets(conn, f"SELECT d.rowid AS id {base} ORDER BY d.rowid DESC LIMIT ?", [*params, limits.facet_sample])
    rows = execute(conn, f"SELECT d.doc_id {base} ORDER BY d.date DESC, d.rowid DESC LIMIT ? OFFSET ?",
                   [*params, limit, offset])
    return _results(total, [IndexHit(doc_id, 0.0) for (doc_id,) in rows], facets, limits)


def _results(total: int, hits: list[IndexHit], facets: dict[str, dict[str, int]], limits: Limits) -> IndexResults:
    return IndexResults(total=min(total, limits.total), hits=hits, facets=facets,
                        total_exact=total <= limits.total, facets_sampled=total > limits.facet_sample)


def _count(conn, sql: str, params: list[Any], limit: int) -> int:
    """Matches up to limit + 1: one more than the limit says "more than the limit"."""
    return int(execute(conn, f"SELECT count(*) FROM ({sql})", [*params, limit + 1])[0][0])


def _count_and_facets(conn, matches: Matches, limits: Limits) -> Counted:
    """A rare match over common terms (a pasted passage) costs FTS5 a walk through the whole of those terms'
    doclists each time it is matched, and a walk newest first costs ~1.5x one oldest first. So the first
    walk (oldest first) stops one past the facet sample: when it ends sooner, it found every match, and those
    give the total, the facets and the rowids that bound the ranking's walk. Otherwise the count goes on from
    where it stopped, and the facets take the newest matches."""
    sql, params = matches.rows("search_fts.rowid", "ORDER BY search_fts.rowid LIMIT ?")
    rowids = [rowid for (rowid,) in execute(conn, sql, [*params, limits.facet_sample + 1])]
    if len(rowids) <= limits.facet_sample:
        span = (rowids[0], rowids[-1]) if rowids else None
        return Counted(len(rowids), _facets(conn, "SELECT value AS id FROM json_each(?)", [json.dumps(rowids)]), span)
    rest = _count(conn, *matches.rows("1", "LIMIT ?", within=(rowids[-1] + 1, _MAX_ROWID)),
                  max(limits.total - len(rowids), 0))
    sql, params = matches.rows("search_fts.rowid AS id", "ORDER BY search_fts.rowid DESC LIMIT ?")
    return Counted(len(rowids) + rest, _facets(conn, sql, [*params, limits.facet_sample]), None)


def _facets(conn, sample_sql: str, params: list[Any]) -> dict[str, dict[str, int]]:
    """One pass groups the sampled matches (`sample_sql` selects their rowids as `id`) by every facet at once."""
    columns = ", ".join("d." + name for name in FACETS)
    rows = execute(conn, f"SELECT {columns}, count(*) FROM ({sample_sql}) m JOIN search_docs d ON d.rowid = m.id "
                         f"GROUP BY {columns}", params)
    facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for row in rows:
        for name, value in zip(FACETS, row[:-1]):
            if value is not None:
                facets[name][str(value)] = facets[name].get(str(value), 0) + row[-1]
    return {name: dict(sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))) for name, values in facets.items()}


def _uncounted(matches: Matches) -> list[str]:
    """The weighed terms whose count the total does not already give: a lone unfiltered term (a pasted
    phrase) is the whole expression, and counting it again would match the phrase once more."""
    return [e for e in matches.weighed if f"({e})" != matches.expression]


def _selective(conn, expressions: tuple[str, ...], limit: int) -> bool:
    return all(_count(conn, "SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT ?", [e], limit) <= limit
               for e in expressions)


def _in_blocks(conn, matches: Matches, offset: int, limit: int, block: int) -> list[IndexHit]:
    ranked: list[tuple[int, float]] = []
    for number in range(offset // block, (offset + limit - 1) // block + 1):  # a page spans at most two
        ranked += _block(conn, matches, number, block)[max(offset - number * block, 0):]
    ranked = ranked[: limit]
    ids = dict(execute(conn, f"SELECT rowid, doc_id FROM search_docs WHERE rowid IN ({', '.join('?' * len(ranked))})",
                       [rowid for rowid, _ in ranked]))
    return [IndexHit(ids[rowid], score) for rowid, score in ranked if rowid in ids]


def _block(conn, matches: Matches, number: int, block: int) -> list[tuple[int, float]]:
    """One block of matches, newest first, those matching in the boosted columns moved ahead (score 2 vs 1)."""
    sql, params = matches.rows("search_fts.rowid", "ORDER BY search_fts.rowid DESC LIMIT ? OFFSET ?")
    rows = [rowid for (rowid,) in execute(conn, sql, [*params, block, number * block])]
    if not rows or matches.fields_expression is None:
        return [(rowid, 1.0) for rowid in rows]
    boosted = {rowid for (rowid,) in execute(
        conn, "SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid BETWEEN ? AND ?",
        [matches.fields_expression, rows[-1], rows[0]])}
    return [(r, 2.0) for r in rows if r in boosted] + [(r, 1.0) for r in rows if r not in boosted]


def _ranked(conn, candidates_sql: str, params: list[Any], offset: int, limit: int) -> list[IndexHit]:
    rows = execute(conn, f"SELECT d.doc_id, m.score FROM ({candidates_sql}) m JOIN search_docs d ON d.rowid = m.id "
                         f"ORDER BY m.score, m.id LIMIT ? OFFSET ?", [*params, limit, offset])
    return [IndexHit(doc_id, -score) for doc_id, score in rows]


def _by_date(conn, matches: Matches, offset: int, limit: int, *, common: bool) -> list[IndexHit]:
    order = "ORDER BY d.date DESC, d.rowid DESC LIMIT ? OFFSET ?"
    if common:  # most records match: walk the date index, probing FTS5 record by record
        sql = (f"SELECT d.doc_id FROM search_docs d INDEXED BY search_docs_by_date CROSS JOIN search_fts "
               f"ON search_fts.rowid = d.rowid WHERE search_fts MATCH ?{matches.dates} {order}")
        params = [matches.expression, *matches.date_params]
    else:
        sql, params = matches.rows("d.doc_id", order, records=True)
    return [IndexHit(doc_id, 0.0) for (doc_id,) in execute(conn, sql, [*params, limit, offset])]


def execute(conn, sql: str, args: list[Any]) -> list[tuple]:
    try:
        return conn.execute(sql, args).fetchall()
    except sqlite3.OperationalError as exc:
        raise BackendUnavailable(f"search failed in SQLite: {exc}") from exc
