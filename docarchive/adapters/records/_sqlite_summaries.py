"""What a search result shows of a record, kept beside its body in a column of its own.

A page of twenty hits needs each record's heading fields and its pages' text, not its OCR lines, fields or
evidence. Picking those out of the stored JSON at read time parsed every hit's whole body (~25 µs a hit on
small generated records, growing with every OCR line a real scan has); the summary is written with the
body instead, sealed the same way (ID numbers inside page texts are encrypted), and read as it is.
Every write of a body writes its summary: add, update and re-sealing under a new key.
"""

from __future__ import annotations

import json
from typing import Any

from docarchive.adapters.records._sealing import Sealing
from docarchive.adapters.records.codec import summary_from_dict
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

# Columns read for a summary: the row's own, then the summary.
COLUMNS = "id, customer_no, doc_type, created_at, summary"


def summary_json(sealed_body: dict[str, Any]) -> str:
    """The summary column of a body as stored (already sealed)."""
    summary = {field: sealed_body.get(field) for field in HEADING_FIELDS}
    summary["pages"] = [page.get("text") for page in sealed_body.get("pages") or ()]
    return _json(summary)


def summary_of_row(row: tuple[Any, ...], sealer: Sealing) -> DocumentSummary:
    document_id, customer_no, doc_type, created_at, summary = row
    data = json.loads(sealer.unseal_text(summary))
    data.update(id=document_id, customer_no=customer_no, doc_type=doc_type, created_at=created_at,
                pages=[{"text": text} for text in data.get("pages") or ()])
    return summary_from_dict(data)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
