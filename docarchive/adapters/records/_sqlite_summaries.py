"""What a search result shows of a record, kept beside its body in a table of its own.

A page of twenty hits needs each record's heading fields and its pages' text, not its OCR lines, fields or
evidence. Picking those out of the stored JSON at read time parsed every hit's whole body (~25 µs a hit on
small generated records, growing with every OCR line a real scan has); the summary is written with the
body instead, sealed the same way (ID numbers inside page texts are encrypted), and read as it is.
Every write of a body writes its summary: add, update and re-sealing under a new key; deleting the
record deletes it (a trigger, so no path can leave an erased record's text behind).

Its own table, not a column after the body: SQLite reads a row's columns in order, so a summary stored
after a body that overflows its page (a real scan's OCR lines with their boxes fill several) was reached by
walking the body's overflow chain, page by page. Measured on 100,000 records, 20 random ids a query: with
24 KB bodies 0.16 ms apart against 0.33 ms behind the body; with 1.3 KB bodies (no overflow) the same. It is
an ordinary rowid table: the first version was WITHOUT ROWID, which keeps whole rows in the tree's interior
pages, so rows of a summary's size made a tree several times deeper (0.58–0.67 ms for the same reads).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from docarchive.adapters.records._json_text import json_text
from docarchive.adapters.records._sealing import Sealing
from docarchive.adapters.records.codec import summary_of
from docarchive.domain.documents import DocumentSummary

# The summary's fields as the codec's document shape names them; `pages` holds the pages' texts only.
HEADING_FIELDS = ("category", "title", "confidentiality", "volume_confidentiality")

# Records stored before the column existed get theirs from their body, once, in SQL.
MIGRATION = """
    ALTER TABLE documents ADD COLUMN summary TEXT;
    UPDATE documents SET summary = json_object(
        'category', json_extract(body, '$.category'),
        'title', json_extract(body, '$.title'),
        'confidentiality', json_extract(body, '$.confidentiality'),
        'volume_confidentiality', json_extract(body, '$.volume_confidentiality'),
        'pages', json((SELECT json_group_array(json_extract(page.value, '$.text'))
                       FROM json_each(body, '$.pages') AS page)));
"""

# A deleted record takes its summary with it, whatever deleted it.
_TRIGGER = """
    CREATE TRIGGER document_summary_goes_with_its_record AFTER DELETE ON documents BEGIN
        DELETE FROM document_summaries WHERE id = old.id;
    END;
"""

# The summary column moved to a table of its own (the module's docstring says why); WITHOUT ROWID at first,
# which ROWID_MIGRATION undid.
TABLE_MIGRATION = """
    CREATE TABLE document_summaries (
        id TEXT PRIMARY KEY,
        customer_no TEXT,
        doc_type TEXT NOT NULL,
        created_at TEXT NOT NULL,
        summary TEXT NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO document_summaries (id, customer_no, doc_type, created_at, summary)
        SELECT id, customer_no, doc_type, created_at, summary FROM documents;
    ALTER TABLE documents DROP COLUMN summary;
""" + _TRIGGER

# The table as an ordinary rowid table (the module's docstring says why).
ROWID_MIGRATION = """
    DROP TRIGGER document_summary_goes_with_its_record;
    CREATE TABLE document_summaries_by_rowid (
        id TEXT PRIMARY KEY,
        customer_no TEXT,
        doc_type TEXT NOT NULL,
        created_at TEXT NOT NULL,
        summary TEXT NOT NULL
    );
    INSERT INTO document_summaries_by_rowid (id, customer_no, doc_type, created_at, summary)
        SELECT id, customer_no, doc_type, created_at, summary FROM document_summaries;
    DROP TABLE document_summaries;
    ALTER TABLE document_summaries_by_rowid RENAME TO document_summaries;
""" + _TRIGGER

SELECT = "SELECT id, customer_no, doc_type, created_at, summary FROM document_summaries"


# The number of pages beside the summary, in an index with the id: the mismatch report compares every filed
# record's pages with its paper item's, and reading them from the summaries parsed 1,000,000 of them (~4 s).
PAGES_MIGRATION = """
    ALTER TABLE document_summaries ADD COLUMN pages INTEGER NOT NULL DEFAULT 0;
    UPDATE document_summaries SET pages = json_array_length(summary, '$.pages');
    CREATE INDEX document_summaries_pages ON document_summaries (id, pages);
"""


def write_summary(conn: sqlite3.Connection, row: tuple[Any, ...]) -> None:
    """The summary of a document row as `_document_row` makes it (id, sha256, customer_no, doc_type,
    created_at, version, body, summary), added or replacing the one before."""
    conn.execute(
        "INSERT INTO document_summaries (id, customer_no, doc_type, created_at, summary, pages) "
        "VALUES (?1, ?2, ?3, ?4, ?5, json_array_length(?5, '$.pages')) "
        "ON CONFLICT (id) DO UPDATE SET customer_no = excluded.customer_no, doc_type = excluded.doc_type, "
        "created_at = excluded.created_at, summary = excluded.summary, pages = excluded.pages",
        (row[0], row[2], row[3], row[4], row[7]),
    )


def summary_json(sealed_body: dict[str, Any]) -> str:
    """The summary column of a body as stored (already sealed)."""
    summary = {field: sealed_body.get(field) for field in HEADING_FIELDS}
    summary["pages"] = [page.get("text") for page in sealed_body.get("pages") or ()]
    return json_text(summary)


def summary_of_row(row: tuple[Any, ...], sealer: Sealing) -> DocumentSummary:
    """Built from the row as it is, not through the codec's document shape: a page of hits makes twenty of
    these, and the detour through a dict of the codec's shape cost half as much again as the parsing."""
    document_id, customer_no, doc_type, created_at, summary = row
    data = json.loads(sealer.unseal_text(summary))
    return summary_of(document_id=document_id, customer_no=customer_no, doc_type=doc_type, created_at=created_at,
                      heading=data, page_texts=data.get("pages") or ())
