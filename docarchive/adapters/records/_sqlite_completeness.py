"""Kept completeness states in SQLite, and which customers' files a transaction touched.

Triggers mark a customer "affected" whenever a record naming it (before or after the write) or its profile
is written, whichever code path writes; the commit listener (services/completeness_tracking.py) rechecks
those files in the same transaction. A write that bypassed the listener leaves its mark, and a marked
state does not count as current until it is rechecked. Counts per rules fingerprint are kept in
stat_counts (see _sqlite_stats.py) by triggers too, so the completeness rate is a two-row read.
"""

from __future__ import annotations

import json
import sqlite3

from docarchive.adapters.records._json_text import json_text
from docarchive.domain.completeness import FileOverTime

_MARK = ("INSERT OR IGNORE INTO completeness_affected (customer_no) "
         "SELECT {row}.customer_no WHERE {row}.customer_no IS NOT NULL;")
_GROUPING = "completeness"


def _marking(table: str, columns: str) -> list[str]:
    new, old = _MARK.format(row="new"), _MARK.format(row="old")
    return [
        f"CREATE TRIGGER {table}_mark_completeness_on_insert AFTER INSERT ON {table} BEGIN {new} END",
        f"CREATE TRIGGER {table}_mark_completeness_on_update AFTER UPDATE OF {columns} ON {table} "
        f"BEGIN {old} {new} END",
        f"CREATE TRIGGER {table}_mark_completeness_on_delete AFTER DELETE ON {table} BEGIN {old} END",
    ]


def _count(row: str, delta: int) -> str:
    return (f"INSERT INTO stat_counts (grouping, value, n) VALUES ('{_GROUPING}', {row}.rules || ':' || "
            f"{row}.complete, {delta}) ON CONFLICT (grouping, value) DO UPDATE SET n = n + ({delta});")


_COUNTING = [
    "CREATE TRIGGER completeness_counted_on_insert AFTER INSERT ON customer_completeness "
    f"BEGIN {_count('new', 1)} END",
    "CREATE TRIGGER completeness_counted_on_update AFTER UPDATE ON customer_completeness "
    f"BEGIN {_count('old', -1)} {_count('new', 1)} END",
    "CREATE TRIGGER completeness_counted_on_delete AFTER DELETE ON customer_completeness "
    f"BEGIN {_count('old', -1)} END",
]

# Component "completeness", after "statistics" (it counts into stat_counts). No backfill: a store without
# states is refreshed on first use (services/completeness_tracking.py).
MIGRATIONS = [
    ";\n".join([
        "CREATE TABLE customer_completeness (customer_no TEXT PRIMARY KEY, rules TEXT NOT NULL, "
        "complete INTEGER NOT NULL, body TEXT NOT NULL)",
        "CREATE INDEX customer_completeness_by_rules ON customer_completeness (rules, complete, customer_no)",
        "CREATE TABLE completeness_affected (customer_no TEXT PRIMARY KEY) WITHOUT ROWID",
        *_marking("documents", "customer_no, doc_type, body"), *_marking("customers", "body"), *_COUNTING,
    ]),
    # The file over time (domain FileOverTime): its opening month and its turns as [[month, ±1], …].
    "ALTER TABLE customer_completeness ADD COLUMN opened TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE customer_completeness ADD COLUMN turns TEXT NOT NULL DEFAULT '[]';"
    # Both sums of SqliteCompletenessStates.over_time read only this index, not the states' bodies.
    "CREATE INDEX customer_completeness_over_time ON customer_completeness (rules, opened, turns)",
]


class SqliteCompletenessStates:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def take_affected(self) -> set[str]:
        rows = self.conn.execute("DELETE FROM completeness_affected RETURNING customer_no").fetchall()
        return {no for (no,) in rows}

    def put(self, state: dict, rules: str, over_time: FileOverTime) -> None:
        no = state["customer_no"]
        self.conn.execute(
            "INSERT INTO customer_completeness (customer_no, rules, complete, body, opened, turns) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (customer_no) DO UPDATE SET rules = excluded.rules, "
            "complete = excluded.complete, body = excluded.body, opened = excluded.opened, turns = excluded.turns",
            (no, rules, int(bool(state["complete"])), json_text(state), over_time.opened, json_text(over_time.turns)),
        )
        self.conn.execute("DELETE FROM completeness_affected WHERE customer_no = ?", (no,))

    def current(self, customer_nos: list[str], rules: str) -> set[str]:
        marks = ",".join("?" * len(customer_nos))
        rows = self.conn.execute(
            f"SELECT customer_no FROM customer_completeness WHERE rules = ? AND customer_no IN ({marks}) "
            f"AND customer_no NOT IN (SELECT customer_no FROM completeness_affected)", (rules, *customer_nos))
        return {no for (no,) in rows}

    def counts(self, rules: str) -> tuple[int, int]:
        rows = dict(self.conn.execute(
            "SELECT value, n FROM stat_counts WHERE grouping = ? AND value IN (?, ?)",
            (_GROUPING, f"{rules}:1", f"{rules}:0")).fetchall())
        complete, incomplete = rows.get(f"{rules}:1", 0), rows.get(f"{rules}:0", 0)
        # A marked state is out of date: counting it short makes the reader refresh before trusting the counts.
        marked = self.conn.execute(
            "SELECT count(*) FROM completeness_affected JOIN customer_completeness USING (customer_no) "
            "WHERE rules = ?", (rules,)).fetchone()[0]
        return complete, complete + incomplete - marked

    def list(self, rules: str, *, only_incomplete: bool = False, after_no: str | None = None,
             limit: int = 1000) -> list[dict]:
        wanted = (0,) if only_incomplete else (0, 1)
        rows = self.conn.execute(
            f"SELECT body FROM customer_completeness WHERE rules = ? AND complete IN ({','.join('?' * len(wanted))}) "
            "AND customer_no > ? ORDER BY customer_no LIMIT ?", (rules, *wanted, after_no or "", limit))
        return [json.loads(body) for (body,) in rows]

    def over_time(self, rules: str) -> tuple[dict[str, int], dict[str, int]]:
        opened = self.conn.execute(
            "SELECT opened, count(*) FROM customer_completeness WHERE rules = ? GROUP BY opened", (rules,))
        turned = self.conn.execute(
            "SELECT json_extract(turn.value, '$[0]'), sum(json_extract(turn.value, '$[1]')) "
            "FROM customer_completeness, json_each(customer_completeness.turns) AS turn WHERE rules = ? GROUP BY 1",
            (rules,))
        return dict(opened.fetchall()), {month: int(n) for month, n in turned}
