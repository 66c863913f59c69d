"""Re-encrypting what SQLite holds (`docarchive keys rotate`): every record, customer, activity entry and
change-log entry not sealed under the current data key — plain, from before encryption, or under an older
key — is written again, a batch per transaction, so a rotation that stops half-way is taken up where it
stopped."""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Callable

from docarchive.adapters.records._json_text import json_text
from docarchive.adapters.records._sealing import Sealing
from docarchive.adapters.records._sqlite_linking import write_side_rows
from docarchive.adapters.records._sqlite_summaries import summary_json
from docarchive.adapters.records.codec import customer_from_dict, document_from_dict

BATCH = 500


def reseal(conn: sqlite3.Connection, sealer: Sealing, *, dry_run: bool = False) -> dict[str, int]:
    """How many of each were (or, with dry_run, would be) written again."""
    def rows(rewrite: Callable[[Any, Any], None], parse: tuple[bool, ...] = (True,)) -> Callable[[tuple], bool]:
        def handle(row: tuple) -> bool:
            key, *stored = row
            stored = [json.loads(value) if as_json else value for value, as_json in zip(stored, parse)]
            if sealer.is_current(stored):
                return False
            if not dry_run:
                rewrite(key, sealer.unseal(stored))
            return True
        return handle

    def document(document_id: str, plain: list[Any]) -> None:
        sealed = sealer.seal(plain[0])
        conn.execute("UPDATE documents SET body = ? WHERE id = ?", (json_text(sealed), document_id))
        conn.execute("UPDATE document_summaries SET summary = ? WHERE id = ?", (summary_json(sealed), document_id))
        write_side_rows(conn, document_from_dict(plain[0]), plain[0]["created_at"], sealer)

    def customer(customer_no: str, plain: list[Any]) -> None:
        id_key = sealer.lookup_key(customer_from_dict(plain[0]).id_number)  # a column kept from before: hash it
        conn.execute("UPDATE customers SET id_number = ?, body = ? WHERE customer_no = ?",
                     (id_key, json_text(sealer.seal(plain[0])), customer_no))

    def activity(activity_id: str, plain: list[Any]) -> None:
        conn.execute("UPDATE activities SET body = ? WHERE id = ?", (json_text(sealer.seal(plain[0])), activity_id))

    def change(seq: int, plain: list[Any]) -> None:
        conn.execute("UPDATE change_log SET changes = ?, reason = ? WHERE seq = ?",
                     (json_text(sealer.seal(plain[0])), sealer.seal_text(plain[1]), seq))

    return {
        "documents": _in_batches(conn, "SELECT id, body FROM documents WHERE id > ? ORDER BY id LIMIT ?", "",
                                 rows(document)),
        "customers": _in_batches(conn, "SELECT customer_no, body FROM customers WHERE customer_no > ? "
                                 "ORDER BY customer_no LIMIT ?", "", rows(customer)),
        "activities": _in_batches(conn, "SELECT id, body FROM activities WHERE id > ? ORDER BY id LIMIT ?", "",
                                  rows(activity)),
        "changes": _in_batches(conn, "SELECT seq, changes, reason FROM change_log WHERE seq > ? ORDER BY seq "
                               "LIMIT ?", 0, rows(change, parse=(True, False))),
    }


def _in_batches(conn: sqlite3.Connection, sql: str, start: Any, handle: Callable[[tuple], bool]) -> int:
    count, after = 0, start
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            rows = conn.execute(sql, (after, BATCH)).fetchall()
            count += sum(handle(row) for row in rows)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        if len(rows) < BATCH:
            return count
        after = rows[-1][0]
