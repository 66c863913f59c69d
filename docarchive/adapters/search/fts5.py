"""Embedded search: SQLite FTS5 in the records' own database, so a record and its index entry commit together.

Text arrives pre-tokenised (docarchive.search.analysis); FTS5's unicode61 tokenizer only splits it at the
spaces. Filters and facets come from a plain table joined on rowid.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any, Iterable, Sequence

from docarchive.adapters.records.sqlite import connect, migrate
from docarchive.adapters.search._fts5_match import match_expression
from docarchive.domain.customers import Customer
from docarchive.domain.documents import Document
from docarchive.domain.errors import BackendUnavailable
from docarchive.ports.search import FACETS, CustomerEntry, IndexHit, IndexResults, Progress, SearchEntry, Sort
from docarchive.search.analysis import index_terms, query_tokens
from docarchive.search.entries import customer_entry, search_entry
from docarchive.search.plan import IdNumberHasher, PlanClause, exact_key
from docarchive.search.query import Filters

# Ranking: numbers and names (field columns) above body text; an exact identifier above everything.
COLUMN_WEIGHTS = (8.0, 8.0, 8.0, 1.0, 1.0, 1.0, 40.0)
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
]
_DOC_COLUMNS = ("doc_id", "doc_type", "category", "customer_no", "grade", "year", "date", "created_at",
                "confidentiality", "owner", "department")


class Fts5SearchIndex:
    def __init__(self, path: Path):
        self.path = Path(path)
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

    def rebuild(
        self, entries: Iterable[SearchEntry], customers: Iterable[CustomerEntry], *, progress: Progress | None = None
    ) -> int:
        """One transaction: readers keep the old index (WAL snapshot) until the new one commits whole."""
        count = 0
        with self._transaction() as conn:
            for table in ("search_fts", "search_docs", "search_customer_fts", "search_customers"):
                conn.execute(f"DELETE FROM {table}")
            write_customers(conn, list(customers))
            for entry in entries:
                _insert(conn, entry)
                count += 1
                if progress:
                    progress(1)
        return count

    # --- reading ---------------------------------------------------------------------------------

    def search(
        self, plan: PlanClause | None, filters: Filters, *, offset: int = 0, limit: int = 20, sort: Sort = "relevance"
    ) -> IndexResults:
        where, params = _filter_sql(filters)
        with closing(connect(self.path)) as conn:
            if plan is None:
                return _browse(conn, where, params, offset, limit)
            expression = match_expression(plan)
            if expression is None:
                return IndexResults(total=0, hits=[], facets={name: {} for name in FACETS})
            return _matched(conn, expression, where, params, offset, limit, sort)

    def suggest(self, prefix: str, *, limit: int = 10) -> list[CustomerEntry]:
        with closing(connect(self.path)) as conn:
            by_number = _customers_by_number(conn, exact_key(prefix), limit)
            by_name = _customers_by_name(conn, prefix, limit)
        seen: dict[str, CustomerEntry] = {}
        for entry in by_number + by_name:
            seen.setdefault(entry.customer_no, entry)
        return list(seen.values())[:limit]

    def count(self) -> int:
        with closing(connect(self.path)) as conn:
            return int(conn.execute("SELECT count(*) FROM search_docs").fetchone()[0])

    def close(self) -> None:
        """Connections are opened per call; nothing is held."""

    def _transaction(self):
        return _Transaction(connect(self.path))


class Fts5SameTransactionIndexing:
    """Writes index entries inside the unit of work's own SQLite transaction: searchable the moment the
    record commits, and never one without the other."""

    def __init__(self, index: Fts5SearchIndex, hasher: IdNumberHasher):
        self.index = index
        self.hasher = hasher

    def before_commit(self, uow, documents: list[Document], customers: list[Customer]) -> None:
        write_customers(uow.conn, [customer_entry(c) for c in customers])
        entries = [search_entry(d, _customer_of(uow, d), self.hasher) for d in documents]
        write_entries(uow.conn, entries)

    def after_commit(self, uow, documents: list[Document], customers: list[Customer]) -> None:
        """Nothing left to do: the index committed with the records."""


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


def _customer_of(uow, document: Document) -> Customer | None:
    return uow.customers.find(document.customer_no) if document.customer_no else None


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
        "INSERT INTO search_fts (rowid, f_bigrams, f_chars, f_words, b_bigrams, b_chars, b_words, keys) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (cursor.lastrowid, f.bigrams, f.chars, f.words, b.bigrams, b.chars, b.words, " ".join(entry.keys)),
    )


def _delete(conn: sqlite3.Connection, doc_id: str) -> None:
    row = conn.execute("SELECT rowid FROM search_docs WHERE doc_id = ?", (doc_id,)).fetchone()
    if row:
        conn.execute("DELETE FROM search_fts WHERE rowid = ?", row)
        conn.execute("DELETE FROM search_docs WHERE rowid = ?", row)


def _filter_sql(filters: Filters) -> tuple[str, list[Any]]:
    clauses, params = [], []
    for column in ("customer_no", "doc_type", "year", "grade", "category"):
        value = getattr(filters, column)
        if value is not None:
            clauses.append(f"d.{column} = ?")
            params.append(getattr(value, "value", value))
    if filters.date_from:
        clauses.append("d.date >= ?")
        params.append(filters.date_from.isoformat())
    if filters.date_to:
        clauses.append("d.date <= ?")
        params.append(filters.date_to.isoformat())
    return "".join(f" AND {clause}" for clause in clauses), params


def _matched(conn, expression, where, params, offset, limit, sort) -> IndexResults:
    base = f"FROM search_fts JOIN search_docs d ON d.rowid = search_fts.rowid WHERE search_fts MATCH ?{where}"
    args = [expression, *params]
    facets, total = _facets(conn, base, args)
    weights = ", ".join(str(w) for w in COLUMN_WEIGHTS)
    order = "score, d.rowid" if sort == "relevance" else "d.date DESC, d.rowid DESC"
    rows = _execute(conn, f"SELECT d.doc_id, bm25(search_fts, {weights}) AS score {base} "
                          f"ORDER BY {order} LIMIT ? OFFSET ?", [*args, limit, offset])
    return IndexResults(total=total, hits=[IndexHit(doc_id, -score) for doc_id, score in rows], facets=facets)


def _browse(conn, where, params, offset, limit) -> IndexResults:
    base = f"FROM search_docs d WHERE 1 = 1{where}"
    facets, total = _facets(conn, base, params)
    rows = _execute(conn, f"SELECT d.doc_id {base} ORDER BY d.date DESC, d.rowid DESC LIMIT ? OFFSET ?",
                    [*params, limit, offset])
    return IndexResults(total=total, hits=[IndexHit(doc_id, 0.0) for (doc_id,) in rows], facets=facets)


def _facets(conn, base: str, args: list[Any]) -> tuple[dict[str, dict[str, int]], int]:
    """One pass groups the matches by every facet at once; totals per facet are summed here."""
    rows = _execute(conn, f"SELECT {', '.join('d.' + f for f in FACETS)}, count(*) {base} "
                          f"GROUP BY {', '.join('d.' + f for f in FACETS)}", args)
    facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    total = 0
    for row in rows:
        count = row[-1]
        total += count
        for name, value in zip(FACETS, row[:-1]):
            if value is not None:
                facets[name][str(value)] = facets[name].get(str(value), 0) + count
    return {name: dict(sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))) for name, values in facets.items()}, total


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
    rows = _execute(conn, "SELECT c.customer_no, c.name, c.archive_no FROM search_customer_fts "
                          "JOIN search_customers c ON c.rowid = search_customer_fts.rowid "
                          "WHERE search_customer_fts MATCH ? ORDER BY length(c.name), c.name LIMIT ?",
                    [expression, limit])
    return [CustomerEntry(*row) for row in rows]


def _execute(conn, sql: str, args: list[Any]) -> list[tuple]:
    try:
        return conn.execute(sql, args).fetchall()
    except sqlite3.OperationalError as exc:
        raise BackendUnavailable(f"search failed in SQLite: {exc}") from exc


def _require_fts5(conn: sqlite3.Connection) -> None:
    options = {row[0] for row in conn.execute("PRAGMA compile_options")}
    if "ENABLE_FTS5" not in options:
        raise BackendUnavailable(f"this Python's SQLite {sqlite3.sqlite_version} was built without FTS5")


class _Transaction:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, *exc: object) -> None:
        try:
            self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
        finally:
            self.conn.close()
