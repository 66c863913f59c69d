"""The loan register in the embedded database: tables in the records database file, each call its own short
transaction. The columns a lookup filters on sit beside the JSON body; a loan's volumes have a table of their
own so "which loans name this volume" is an index lookup."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

from docarchive.adapters._sqlite_calls import read_rows, write_one
from docarchive.adapters.approvals.codec import moment
from docarchive.adapters.loans.codec import loan_from_dict, loan_to_dict
from docarchive.adapters.records.sqlite import connect, migrate
from docarchive.domain.errors import Conflict, NotFound, StaleVersion
from docarchive.domain.lending import LENT, Loan
from docarchive.ports.loans import LoanFilter

MIGRATIONS = [
    """
    CREATE TABLE loans (
        id TEXT PRIMARY KEY, status TEXT NOT NULL, borrower TEXT NOT NULL, department TEXT NOT NULL,
        requested_at TEXT NOT NULL, due TEXT, version INTEGER NOT NULL, body TEXT NOT NULL
    );
    CREATE INDEX loans_by_status ON loans (status, requested_at);
    CREATE INDEX loans_by_borrower ON loans (borrower, requested_at);
    CREATE INDEX loans_due ON loans (due) WHERE status = 'lent';
    CREATE TABLE loan_volumes (loan_id TEXT NOT NULL, archive_no TEXT NOT NULL, PRIMARY KEY (archive_no, loan_id));
    """,
]


class SqliteLoanStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        with closing(connect(self.path)) as conn:
            migrate(conn, MIGRATIONS, component="loans")

    def add(self, loan: Loan) -> None:
        """The loan and its volume rows in one transaction, under the write lock."""
        with closing(connect(self.path)) as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("INSERT INTO loans (id, status, borrower, department, requested_at, due, version, body)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", _row(loan))
                conn.executemany("INSERT INTO loan_volumes (loan_id, archive_no) VALUES (?, ?)",
                                 [(loan.id, archive_no) for archive_no in loan.archive_nos])
                conn.execute("COMMIT")
            except sqlite3.IntegrityError:
                conn.execute("ROLLBACK")
                raise Conflict(f"loan {loan.id} exists") from None
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def get(self, loan_id: str) -> Loan:
        rows = self._read("SELECT body FROM loans WHERE id = ?", (loan_id,))
        if not rows:
            raise NotFound(f"no loan {loan_id}")
        return loan_from_dict(json.loads(rows[0][0]))

    def update(self, loan: Loan) -> Loan:
        stored = replace(loan, version=loan.version + 1)
        _id, status, _borrower, _department, _at, due, version, body = _row(stored)
        changed = write_one(self.path, "UPDATE loans SET status = ?, due = ?, version = ?, body = ? "
                            "WHERE id = ? AND version = ?", (status, due, version, body, loan.id, loan.version))
        if changed != 1:
            self.get(loan.id)  # unknown: NotFound
            raise StaleVersion(f"loan {loan.id} changed meanwhile; read it again")
        return stored

    def list(self, where: LoanFilter = LoanFilter(), *, limit: int = 100) -> list[Loan]:
        clauses, params = _where(where)
        sql = f"SELECT body FROM loans {clauses} ORDER BY requested_at DESC, id DESC LIMIT ?"
        return [loan_from_dict(json.loads(body)) for (body,) in self._read(sql, (*params, limit))]

    def close(self) -> None:
        pass  # each call opens and closes its own connection

    def _read(self, sql: str, params: tuple) -> list[tuple]:
        return read_rows(self.path, sql, params)


def _row(loan: Loan) -> tuple:
    data = loan_to_dict(loan)
    return (loan.id, loan.status, loan.borrower, loan.department, data["requested_at"], data["due"], loan.version,
            json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _where(where: LoanFilter) -> tuple[str, list]:
    clauses, params = [], []
    if where.statuses is not None:
        clauses.append(f"status IN ({', '.join('?' * len(where.statuses))})" if where.statuses else "0")
        params.extend(where.statuses)
    for column in ("borrower", "department"):
        if getattr(where, column) is not None:
            clauses.append(f"{column} = ?")
            params.append(getattr(where, column))
    if where.archive_no is not None:
        clauses.append("id IN (SELECT loan_id FROM loan_volumes WHERE archive_no = ?)")
        params.append(where.archive_no)
    if where.due_before is not None:
        clauses.append(f"status = '{LENT}' AND due < ?")
        params.append(moment(where.due_before))
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
