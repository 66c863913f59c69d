"""The paper archive in SQLite: each object a JSON body plus the indexed columns its lookups use."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any, Callable, Iterator

from docarchive.adapters.records._json_text import json_text
from docarchive.adapters.records._paper_codec import (
    box_from_dict, box_to_dict, location_from_dict, location_to_dict, move_from_dict, move_to_dict, stamp,
    volume_from_dict, volume_to_dict,
)
from docarchive.adapters.records._paper_keys import GetOrNotFound, history_key, history_range, path_range
from docarchive.adapters.records._sqlite_rows import rows_in
from docarchive.domain.errors import Conflict, StaleVersion
from docarchive.domain.paper.model import Box, ItemAgainstRecord, Location, Move, Volume

# Applied with migrate(conn, MIGRATIONS, component="paper"); append, never edit a shipped entry.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE paper_locations (
        code TEXT PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        version INTEGER NOT NULL,
        body TEXT NOT NULL
    );
    CREATE TABLE paper_boxes (
        code TEXT PRIMARY KEY,
        location_code TEXT,
        version INTEGER NOT NULL,
        body TEXT NOT NULL
    );
    CREATE INDEX paper_boxes_by_location ON paper_boxes (location_code, code);
    CREATE TABLE paper_volumes (
        archive_no TEXT PRIMARY KEY,
        box_code TEXT NOT NULL,
        customer_no TEXT NOT NULL,
        version INTEGER NOT NULL,
        body TEXT NOT NULL
    );
    CREATE INDEX paper_volumes_by_box ON paper_volumes (box_code, archive_no);
    CREATE INDEX paper_volumes_by_customer ON paper_volumes (customer_no, archive_no);
    CREATE TABLE paper_filings (
        document_id TEXT PRIMARY KEY,
        archive_no TEXT NOT NULL,
        item INTEGER NOT NULL
    );
    CREATE INDEX paper_filings_by_volume ON paper_filings (archive_no);
    CREATE TABLE paper_history (key TEXT PRIMARY KEY, body TEXT NOT NULL)
    """,
    # Each filing keeps its item's pages, so the mismatch report compares them with the records' page counts
    # in one join instead of decoding every volume (112,500 volumes: ~8 s).
    """
    ALTER TABLE paper_filings ADD COLUMN first_page INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE paper_filings ADD COLUMN last_page INTEGER NOT NULL DEFAULT 0;
    UPDATE paper_filings SET (first_page, last_page) = (
        SELECT json_extract(item.value, '$.first_page'), json_extract(item.value, '$.last_page')
        FROM paper_volumes, json_each(paper_volumes.body, '$.items') AS item
        WHERE paper_volumes.archive_no = paper_filings.archive_no
          AND json_extract(item.value, '$.document_id') = paper_filings.document_id);
    """,
]

# A volume item against its record's page count (document_summaries.pages); no row for a record not stored.
_ITEMS_DISAGREEING = """
    SELECT filing.archive_no, filing.item, filing.document_id, filing.first_page, filing.last_page, summary.pages
    FROM paper_filings AS filing
    LEFT JOIN document_summaries AS summary INDEXED BY document_summaries_pages ON summary.id = filing.document_id
    WHERE summary.id IS NULL OR summary.pages != filing.last_page - filing.first_page + 1
    ORDER BY filing.archive_no, filing.item
"""
_UNPRINTED = """
    SELECT archive_no, catalogue, printed FROM (
        SELECT archive_no, coalesce(json_extract(body, '$.catalogue_version'), 0) AS catalogue,
               coalesce(json_extract(body, '$.printed_version'), 0) AS printed
        FROM paper_volumes)
    WHERE catalogue != printed ORDER BY archive_no
"""


def sqlite_paper_repositories(conn: sqlite3.Connection) -> tuple[Any, Any, Any, Any]:
    """locations, boxes, volumes, paper_history: what a unit of work adds for the paper archive."""
    return (SqliteLocationRepository(conn), SqliteBoxRepository(conn), SqliteVolumeRepository(conn),
            SqlitePaperHistory(conn))


class _SqliteRepository(GetOrNotFound):
    table = ""
    key = ""
    noun = ""
    decode: Callable[[dict], Any]

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def find(self, key: str):
        found = self._many(f"SELECT body FROM {self.table} WHERE {self.key} = ?", key)
        return found[0] if found else None

    def find_many(self, keys: list[str]) -> dict[str, Any]:
        return {getattr(row, self.key): row for row in self._where_in(self.key, keys)}

    def _where_in(self, column: str, values: list[str]) -> list[Any]:
        """Rows whose `column` is one of `values`."""
        rows = rows_in(self.conn, f"SELECT body FROM {self.table}", column, values)
        return [type(self).decode(json.loads(body)) for (body,) in rows]

    def _insert(self, columns: dict[str, Any]) -> None:
        names = ", ".join(columns)
        try:
            self.conn.execute(f"INSERT INTO {self.table} ({names}) VALUES ({','.join('?' * len(columns))})",
                              tuple(columns.values()))
        except sqlite3.IntegrityError as exc:
            raise Conflict(f"{self.noun} {next(iter(columns.values()))} exists") from exc

    def _update(self, obj: Any, columns: dict[str, Any]) -> None:
        read_version = obj.version
        obj.version = read_version + 1
        columns = columns | {"version": obj.version, "body": json_text(self._encode(obj))}
        sets = ", ".join(f"{name} = ?" for name in columns)
        key = getattr(obj, self.key)
        try:
            cursor = self.conn.execute(f"UPDATE {self.table} SET {sets} WHERE {self.key} = ? AND version = ?",
                                       (*columns.values(), key, read_version))
        except sqlite3.IntegrityError as exc:
            obj.version = read_version
            raise Conflict(f"{self.noun} {key} could not be changed: {exc}") from exc
        if cursor.rowcount != 1:
            obj.version = read_version
            raise StaleVersion(f"{self.noun} {key} was changed by someone else; reload and retry")

    def _encode(self, obj: Any) -> dict:
        raise NotImplementedError

    def _many(self, sql: str, *params: Any) -> list[Any]:
        return [type(self).decode(json.loads(body)) for (body,) in self.conn.execute(sql, params)]


class SqliteLocationRepository(_SqliteRepository):
    table, key, noun, decode = "paper_locations", "code", "location", staticmethod(location_from_dict)

    def add(self, location: Location) -> None:
        if self.find_by_path(location.path) is not None:
            raise Conflict(f"location {location.path} exists")
        self._insert({"code": location.code, "path": location.path, "version": location.version,
                      "body": json_text(location_to_dict(location))})

    def find_by_path(self, path: str) -> Location | None:
        found = self._many("SELECT body FROM paper_locations WHERE path = ?", path)
        return found[0] if found else None

    def subtree(self, path: str) -> list[Location]:
        low, high = path_range(path)
        return self._many("SELECT body FROM paper_locations WHERE path = ? OR (path > ? AND path < ?) ORDER BY path",
                          path, low, high)

    def children(self, location: Location) -> list[Location]:
        """Within the subtree's index range, only paths with no further '/' are read and decoded."""
        low, high = path_range(location.path)
        return self._many("SELECT body FROM paper_locations WHERE path > ? AND path < ? "
                          "AND instr(substr(path, ?), '/') = 0 ORDER BY path", low, high, len(low) + 1)

    def list(self, *, after_path: str = "", limit: int = 500) -> list[Location]:
        return self._many("SELECT body FROM paper_locations WHERE path > ? ORDER BY path LIMIT ?", after_path, limit)

    def update(self, location: Location) -> None:
        self._update(location, {"path": location.path})

    def _encode(self, obj: Location) -> dict:
        return location_to_dict(obj)


class SqliteBoxRepository(_SqliteRepository):
    table, key, noun, decode = "paper_boxes", "code", "box", staticmethod(box_from_dict)

    def add(self, box: Box) -> None:
        self._insert({"code": box.code, "location_code": box.location_code, "version": box.version,
                      "body": json_text(box_to_dict(box))})

    def at_locations(self, location_codes: list[str]) -> list[Box]:
        return sorted(self._where_in("location_code", location_codes), key=lambda box: box.code)

    def count_at(self, location_code: str) -> int:
        return int(self.conn.execute("SELECT count(*) FROM paper_boxes WHERE location_code = ?",
                                     (location_code,)).fetchone()[0])

    def list(self, *, after_code: str = "", limit: int = 500) -> list[Box]:
        return self._many("SELECT body FROM paper_boxes WHERE code > ? ORDER BY code LIMIT ?", after_code, limit)

    def update(self, box: Box) -> None:
        self._update(box, {"location_code": box.location_code})

    def _encode(self, obj: Box) -> dict:
        return box_to_dict(obj)


class SqliteVolumeRepository(_SqliteRepository):
    table, key, noun, decode = "paper_volumes", "archive_no", "volume", staticmethod(volume_from_dict)

    def add(self, volume: Volume) -> None:
        self._insert({"archive_no": volume.archive_no, "box_code": volume.box_code,
                      "customer_no": volume.customer_no, "version": volume.version,
                      "body": json_text(volume_to_dict(volume))})
        self._index_items(volume)

    def in_boxes(self, box_codes: list[str]) -> list[Volume]:
        return sorted(self._where_in("box_code", box_codes), key=lambda volume: volume.archive_no)

    def boxes_of_volumes_in(self, box_codes: list[str]) -> dict[str, str]:
        # answered from the (box_code, archive_no) index alone
        return dict(rows_in(self.conn, "SELECT archive_no, box_code FROM paper_volumes", "box_code", box_codes))

    def list(self, *, customer_no: str | None = None, after: str = "", limit: int = 500) -> list[Volume]:
        if customer_no is None:
            return self._many("SELECT body FROM paper_volumes WHERE archive_no > ? ORDER BY archive_no LIMIT ?",
                              after, limit)
        return self._many("SELECT body FROM paper_volumes WHERE customer_no = ? AND archive_no > ? "
                          "ORDER BY archive_no LIMIT ?", customer_no, after, limit)

    def update(self, volume: Volume) -> None:
        self._update(volume, {"box_code": volume.box_code, "customer_no": volume.customer_no})
        self._index_items(volume)

    def filed_in(self, document_ids: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for start in range(0, len(document_ids), 500):
            chunk = document_ids[start:start + 500]
            rows = self.conn.execute(f"SELECT document_id, archive_no FROM paper_filings "
                                     f"WHERE document_id IN ({','.join('?' * len(chunk))})", chunk)
            found |= dict(rows.fetchall())
        return found

    def unprinted_catalogues(self) -> Iterator[tuple[str, int, int]]:
        yield from self.conn.execute(_UNPRINTED)

    def items_disagreeing(self) -> Iterator[ItemAgainstRecord]:
        for row in self.conn.execute(_ITEMS_DISAGREEING):
            yield ItemAgainstRecord(*row)

    def _index_items(self, volume: Volume) -> None:
        """The record → volume index follows the items; a record filed elsewhere is moved off first."""
        self.conn.execute("DELETE FROM paper_filings WHERE archive_no = ?", (volume.archive_no,))
        try:
            self.conn.executemany(
                "INSERT INTO paper_filings (document_id, archive_no, item, first_page, last_page) VALUES (?, ?, ?, ?, ?)",
                [(item.document_id, volume.archive_no, item.n, item.first_page, item.last_page) for item in volume.items])
        except sqlite3.IntegrityError as exc:
            raise Conflict(f"a record in volume {volume.archive_no} is filed in another volume; "
                           "take it out of that one first") from exc

    def _encode(self, obj: Volume) -> dict:
        return volume_to_dict(obj)


class SqlitePaperHistory:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def record(self, moves: list[Move]) -> None:
        self.conn.executemany("INSERT INTO paper_history (key, body) VALUES (?, ?)",
                              [(history_key(move, i), json_text(move_to_dict(move))) for i, move in enumerate(moves)])

    def of(self, subject: str, *, limit: int = 100) -> list[Move]:
        low, high = history_range(subject)
        rows = self.conn.execute("SELECT body FROM paper_history WHERE key > ? AND key < ? ORDER BY key DESC LIMIT ?",
                                 (low, high, limit))
        return [move_from_dict(json.loads(body)) for (body,) in rows]

    def at(self, subject: str, when: datetime) -> Move | None:
        low, _ = history_range(subject)
        row = self.conn.execute("SELECT body FROM paper_history WHERE key > ? AND key < ? ORDER BY key DESC LIMIT 1",
                                (low, f"{low}{stamp(when)}~")).fetchone()
        return move_from_dict(json.loads(row[0])) if row else None
