"""Embedded search: SQLite FTS5 in the records' own database, so a record and its index entry commit together.

Text arrives pre-tokenised (docarchive.search.analysis); FTS5's unicode61 tokenizer only splits it at the
spaces. Filters and facets come from a plain table joined on rowid.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import closing
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from docarchive.adapters.records.sqlite import connect, migrate
from docarchive.adapters.search._fts5_scope import scope_sql, scope_tokens, scoped_match
from docarchive.adapters.search._fts5_match import (
    entry_filter_tokens, filter_expressions, filtered_expression, match_expression, term_expressions,
)
from docarchive.adapters.search._fts5_read import Limits, Matches, browse, execute, matched
from docarchive.domain.errors import BackendUnavailable
from docarchive.domain.access import SearchScope
from docarchive.ports.search import FACETS, CustomerEntry, IndexResults, Progress, SearchEntry, Sort
from docarchive.search.analysis import index_terms, query_tokens
from docarchive.search.plan import PlanClause, exact_key
from docarchive.search.query import Filters

# FTS5 collects a transaction's new postings in memory and writes them out as a segment (to be merged
# later) each time they outgrow this, 1 MB by default. Measured on 10k pages: ~10-15% less CPU per page
# at 16 MB; more gains nothing. Memory is spent only while a write transaction runs.
WRITE_BUFFER_BYTES = 16 * 2**20
FTS_COLUMNS = "f_bigrams, f_chars, f_words, b_bigrams, b_chars, b_words, keys, filters"
FTS_TOKENIZER = "tokenize = 'unicode61 remove_diacritics 0'"
MIGRATIONS = [
    """
    CREATE TABLE search_docs (
        rowid INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL UNIQUE,
        doc_type TEXT NOT NULL,
        category TEXT NOT NULL,
        customer_no TEXT,
        grade TEXT,
        year INTEGER,
        date TEXT,
        created_at TEXT,
        confidentiality TEXT NOT NULL,
        owner TEXT NOT NULL,
        department TEXT NOT NULL
    );
    CREATE INDEX search_docs_by_customer ON search_docs (customer_no);
    CREATE INDEX search_docs_by_type ON search_docs (doc_type, date);
    CREATE INDEX search_docs_by_date ON search_docs (date);
    CREATE INDEX search_docs_by_year ON search_docs (year);
    CREATE VIRTUAL TABLE search_fts USING fts5 (
        f_bigrams, f_chars, f_words, b_bigrams, b_chars, b_words, keys,
        tokenize = 'unicode61 remove_diacritics 0'
    );
    CREATE TABLE search_customers (
        customer_no TEXT PRIMARY KEY,
        number_key TEXT NOT NULL,
        name TEXT NOT NULL,
        archive_no TEXT NOT NULL
    );
    CREATE INDEX search_customers_by_key ON search_customers (number_key);
    CREATE VIRTUAL TABLE search_customer_fts USING fts5 (
        bigrams, chars, words, tokenize = 'unicode61 remove_diacritics 0'
    );
    """,
    # v2: equality filters as tokens (see _fts5_match.FILTER_PREFIXES); FTS5 tables cannot add a column.
    """
    CREATE VIRTUAL TABLE search_fts_v2 USING fts5 (
        f_bigrams, f_chars, f_words, b_bigrams, b_chars, b_words, keys, filters,
        tokenize = 'unicode61 remove_diacritics 0'
    );
    INSERT INTO search_fts_v2 (rowid, f_bigrams, f_chars, f_words, b_bigrams, b_chars, b_words, keys, filters)
        SELECT f.rowid, f.f_bigrams, f.f_chars, f.f_words, f.b_bigrams, f.b_chars, f.b_words, f.keys,
               coalesce('fc' || lower(hex(d.customer_no)), '') || ' ft' || lower(hex(d.doc_type))
               || coalesce(' fy' || lower(hex(d.year)), '') || coalesce(' fg' || lower(hex(d.grade)), '')
               || ' fk' || lower(hex(d.category))
        FROM search_fts f JOIN search_docs d ON d.rowid = f.rowid;
    DROP TABLE search_fts;
    ALTER TABLE search_fts_v2 RENAME TO search_fts
    """,
    # v3: a bigger pending-postings buffer (see WRITE_BUFFER_BYTES); FTS5 keeps it in the table's config.
    f"INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', {WRITE_BUFFER_BYTES})",
    # v4: who may read a record as tokens too (_fts5_scope); only rows above "none" or with a keeper change.
    """
    UPDATE search_fts SET filters = filters
        || coalesce((SELECT CASE WHEN d.confidentiality != 'none' THEN ' fl' || lower(hex(d.confidentiality)) ELSE '' END
                     || CASE WHEN d.owner != '' THEN ' fo' || lower(hex(d.owner)) ELSE '' END
                     || CASE WHEN d.department != '' THEN ' fd' || lower(hex(d.department)) ELSE '' END
                     FROM search_docs d WHERE d.rowid = search_fts.rowid), '')
    WHERE rowid IN (SELECT rowid FROM search_docs WHERE confidentiality != 'none' OR owner != '' OR department != '')
    """,
]
WRITE_CACHE_KIB = 64 * 1024
_DOC_COLUMNS = ("doc_id", "doc_type", "category", "customer_no", "grade", "year", "date", "created_at",
                "confidentiality", "owner", "department")


class Fts5SearchIndex:
    def __init__(self, path: Path, *, limits: Limits = Limits()):
        self.path = Path(path)
        self.limits = limits
        self._readers = threading.local()
        with closing(connect(self.path)) as conn:
            _require_fts5(conn)
            migrate(conn, MIGRATIONS, component="search_fts5")

    # --- writing ---------------------------------------------------------------------------------

    def upsert(self, entries: Sequence[SearchEntry]) -> None:
        with self._transaction() as conn:
            write_entries(conn, entries)

    def delete(self, ids: Sequence[str]) -> None:
        with self._transaction() as conn:
            for doc_id in ids:
                _delete(conn, doc_id)

    def upsert_customers(self, customers: Sequence[CustomerEntry]) -> None:
        with self._transaction() as conn:
            write_customers(conn, customers)

    def records_to_refresh(self, customer: CustomerEntry) -> list[str]:
        return records_to_refresh(self._reader(), customer)

    def rebuild(
        self, entries: Iterable[SearchEntry], customers: Iterable[CustomerEntry], *, progress: Progress | None = None
    ) -> int:
        """One transaction: readers keep the old index (WAL snapshot) until the new one commits whole."""
        count = 0
        with self._transaction() as conn:
            _empty_for_bulk_load(conn)
            write_customers(conn, list(customers))
            for entry in entries:
                _insert(conn, entry)
                count += 1
                if progress:
                    progress(1)
            _end_bulk_load(conn)
        return count

    # --- reading ---------------------------------------------------------------------------------

    def search(
        self, plan: PlanClause | None, filters: Filters, *, offset: int = 0, limit: int = 20, sort: Sort = "relevance",
        scope: SearchScope | None = None,
    ) -> IndexResults:
        dates, date_params = _date_sql(filters)
        text = match_expression(plan) if plan is not None else None
        if (plan is not None and text is None) or (scope is not None and scope.nothing):
            return IndexResults(total=0, hits=[], facets={name: {} for name in FACETS})
        expression = filtered_expression(text, filters)
        fields_expression = filtered_expression(match_expression(plan, fields_only=True), filters) if plan else None
        if scope is not None:
            expression, in_match = scoped_match(expression, scope)
            if in_match and fields_expression:
                fields_expression = scoped_match(fields_expression, scope)[0]
            if not in_match:
                extra, extra_params = scope_sql(scope)
                dates, date_params = dates + extra, [*date_params, *extra_params]
        conn = self._reader()
        if expression is None:
            return browse(conn, dates, date_params, offset, limit, self.limits)
        if plan is None:
            return matched(conn, Matches(expression, dates, tuple(date_params)), offset, limit, "date", self.limits)
        matches = Matches(expression, dates, tuple(date_params), fields_expression=fields_expression,
                          weighed=(*term_expressions(plan), *filter_expressions(filters)))
        return matched(conn, matches, offset, limit, sort, self.limits)

    def suggest(self, prefix: str, *, limit: int = 10) -> list[CustomerEntry]:
        conn = self._reader()
        by_number = _customers_by_number(conn, exact_key(prefix), limit)
        by_name = _customers_by_name(conn, prefix, limit)
        seen: dict[str, CustomerEntry] = {}
        for entry in by_number + by_name:
            seen.setdefault(entry.customer_no, entry)
        return list(seen.values())[:limit]

    def count(self) -> int:
        return int(self._reader().execute("SELECT count(*) FROM search_docs").fetchone()[0])

    def indexed_ids(self) -> Iterator[str]:
        for (doc_id,) in self._reader().execute("SELECT doc_id FROM search_docs ORDER BY doc_id"):
            yield doc_id

    def close(self) -> None:
        """Closes this thread's reading connection (writes open their own per transaction)."""
        held = getattr(self._readers, "held", None)
        if held:
            held[1].close()
            self._readers.held = None

    def _reader(self) -> sqlite3.Connection:
        """One reading connection per thread, kept: opening one costs more than a selective query. Outside a
        transaction each statement sees the latest commit. A forked child opens its own."""
        held = getattr(self._readers, "held", None)
        if held is None or held[0] != os.getpid():
            held = self._readers.held = (os.getpid(), connect(self.path))
        return held[1]

    def _transaction(self):
        return _Transaction(connect(self.path))


def write_entries(conn: sqlite3.Connection, entries: Sequence[SearchEntry]) -> None:
    for entry in entries:
        _delete(conn, entry.id)
        _insert(conn, entry)


def write_customers(conn: sqlite3.Connection, customers: Sequence[CustomerEntry]) -> None:
    for customer in customers:
        old = conn.execute("SELECT rowid FROM search_customers WHERE customer_no = ?", (customer.customer_no,))
        for (rowid,) in old.fetchall():
            conn.execute("DELETE FROM search_customer_fts WHERE rowid = ?", (rowid,))
            conn.execute("DELETE FROM search_customers WHERE rowid = ?", (rowid,))
        cursor = conn.execute(
            "INSERT INTO search_customers (customer_no, number_key, name, archive_no) VALUES (?, ?, ?, ?)",
            (customer.customer_no, exact_key(customer.customer_no), customer.name, customer.archive_no),
        )
        terms = index_terms(customer.name)
        conn.execute(
            "INSERT INTO search_customer_fts (rowid, bigrams, chars, words) VALUES (?, ?, ?, ?)",
            (cursor.lastrowid, terms.bigrams, terms.chars, terms.words),
        )


def records_to_refresh(conn: sqlite3.Connection, customer: CustomerEntry) -> list[str]:
    held = conn.execute("SELECT name, archive_no FROM search_customers WHERE customer_no = ?",
                        (customer.customer_no,)).fetchone()
    sql, params = "SELECT doc_id FROM search_docs WHERE customer_no = ?", [customer.customer_no]
    if held is not None and tuple(held) == (customer.name, customer.archive_no):
        # Only the grade, owner or department can differ (each record holds its copy). Without the customer's
        # grade, a record shows its own (read from the page): every graded record is refreshed, since the
        # index cannot tell whose grade it holds.
        grade = "grade IS NOT ?" if customer.grade else "grade IS NOT NULL"
        sql += f" AND ({grade} OR owner IS NOT ? OR department IS NOT ?)"
        params += [customer.grade] if customer.grade else []
        params += [customer.owner, customer.department]
    return [doc_id for (doc_id,) in conn.execute(sql, params)]


def _insert(conn: sqlite3.Connection, entry: SearchEntry) -> None:
    values = (entry.id, entry.doc_type, entry.category, entry.customer_no, entry.grade, entry.year,
              entry.date.isoformat() if entry.date else None,
              entry.created_at.isoformat() if entry.created_at else None,
              entry.confidentiality, entry.owner, entry.department)
    cursor = conn.execute(
        f"INSERT INTO search_docs ({', '.join(_DOC_COLUMNS)}) VALUES ({', '.join('?' * len(values))})", values
    )
    f, b = entry.fields_text, entry.body_text
    conn.execute(
        "INSERT INTO search_fts (rowid, f_bigrams, f_chars, f_words, b_bigrams, b_chars, b_words, keys, filters) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (cursor.lastrowid, f.bigrams, f.chars, f.words, b.bigrams, b.chars, b.words, " ".join(entry.keys),
         " ".join([entry_filter_tokens(entry), *scope_tokens(entry)])),
    )


def _empty_for_bulk_load(conn: sqlite3.Connection) -> None:
    """Empty tables, the text index set to load without merging as it goes.

    Emptying an FTS5 table row by row tokenises every row again to delete its postings (as slow as
    building it), so the table is dropped and made anew. While loading, FTS5 merges segments only when
    16 pile up on one level (crisismerge) rather than 4 (automerge): each posting is rewritten fewer
    times, and `_end_bulk_load` merges everything into one segment, the fastest shape to read."""
    conn.execute("DROP TABLE search_fts")
    conn.execute(f"CREATE VIRTUAL TABLE search_fts USING fts5 ({FTS_COLUMNS}, {FTS_TOKENIZER})")
    for option, value in (("hashsize", WRITE_BUFFER_BYTES), ("automerge", 0)):
        conn.execute("INSERT INTO search_fts (search_fts, rank) VALUES (?, ?)", (option, value))
    for table in ("search_docs", "search_customer_fts", "search_customers"):
        conn.execute(f"DELETE FROM {table}")


def _end_bulk_load(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    conn.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 4)")


def delete_entry(conn: sqlite3.Connection, doc_id: str) -> None:
    """Take one record's entry out, in the caller's transaction."""
    _delete(conn, doc_id)


def _delete(conn: sqlite3.Connection, doc_id: str) -> None:
    row = conn.execute("SELECT rowid FROM search_docs WHERE doc_id = ?", (doc_id,)).fetchone()
    if row:
        conn.execute("DELETE FROM search_fts WHERE rowid = ?", row)
        conn.execute("DELETE FROM search_docs WHERE rowid = ?", row)


def _date_sql(filters: Filters) -> tuple[str, list[Any]]:
    """The date range, the one filter FTS5 cannot test: it is checked on search_docs (as `d`)."""
    clauses, params = [], []
    if filters.date_from:
        clauses.append(" AND d.date >= ?")
        params.append(filters.date_from.isoformat())
    if filters.date_to:
        clauses.append(" AND d.date <= ?")
        params.append(filters.date_to.isoformat())
    return "".join(clauses), params


def _customers_by_number(conn, key: str, limit: int) -> list[CustomerEntry]:
    if not key:
        return []
    rows = conn.execute(
        "SELECT customer_no, name, archive_no FROM search_customers WHERE number_key >= ? AND number_key < ? "
        "ORDER BY number_key LIMIT ?", (key, key + "\uffff", limit))
    return [CustomerEntry(*row) for row in rows]


def _customers_by_name(conn, text: str, limit: int) -> list[CustomerEntry]:
    phrases = [p for p in query_tokens(text) if p.tokens]
    if not phrases:
        return []
    expression = " OR ".join(f'{p.column} : "{" ".join(p.tokens)}"' for p in phrases)
    rows = execute(conn, "SELECT c.customer_no, c.name, c.archive_no FROM search_customer_fts "
                          "JOIN search_customers c ON c.rowid = search_customer_fts.rowid "
                          "WHERE search_customer_fts MATCH ? ORDER BY length(c.name), c.name LIMIT ?",
                    [expression, limit])
    return [CustomerEntry(*row) for row in rows]


def _require_fts5(conn: sqlite3.Connection) -> None:
    options = {row[0] for row in conn.execute("PRAGMA compile_options")}
    if "ENABLE_FTS5" not in options:
        raise BackendUnavailable(f"this Python's SQLite {sqlite3.sqlite_version} was built without FTS5")


class _Transaction:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        # FTS5 flushes and merges segments inside the transaction; the default 2 MB page cache makes it
        # re-read the pages it has just written (measured: a third less wall time for bulk loads).
        self.conn.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KIB}")
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, *exc: object) -> None:
        try:
            self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
        finally:
            self.conn.close()
