"""Elasticsearch index names, settings, mappings and documents, versioned here in code.

Changing a mapping means bumping `MAPPING_VERSION`: `rebuild` then builds `…-v{N}-{timestamp}` indices
beside the old ones and moves the aliases over, so nothing reads a half-migrated index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from docarchive.domain.errors import InvalidInput
from docarchive.ports.search import CustomerEntry, SearchEntry
from docarchive.search.analysis import COLUMNS, index_terms
from docarchive.search.plan import exact_key

MAPPING_VERSION = 3  # v3: `written` and the records index sorted on it
KINDS = ("records", "customers")
FIELD_PREFIX, BODY_PREFIX = "f_", "b_"
TEXT_COLUMNS = tuple(prefix + column for prefix in (FIELD_PREFIX, BODY_PREFIX) for column in COLUMNS)
# Index names must be lower case and free of \/*?"<>|,#: and spaces; a leading - _ + or . is refused or hidden.
_PREFIX = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")

# Streams arrive pre-tokenised and lower-cased (docarchive.search.analysis): the built-in `whitespace`
# analyzer only splits them at the spaces, in every distribution (the minimal node has no other tokenizer
# we could name). Positions stay on (the default) for match_phrase.
_TOKENS = {"type": "text", "analyzer": "whitespace"}
_KEYWORD = {"type": "keyword"}

RECORDS_MAPPING: dict[str, Any] = {
    "dynamic": "strict",
    # Only doc_id is ever read back; the token streams are rebuilt from the records, so keeping
    # page text (even as tokens) in _source would only cost disk and widen what a dump exposes.
    "_source": {"excludes": list(TEXT_COLUMNS)},
    "properties": {
        "doc_id": _KEYWORD,  # the tie-break: sorting on _id needs fielddata
        # Write order (nanoseconds, increasing), as FTS5's rowids: the records index is sorted on it newest
        # first, so a search that stops after N matches has seen the newest N (see KIND_SETTINGS).
        "written": {"type": "long"},
        "doc_type": _KEYWORD,
        "category": _KEYWORD,
        "customer_no": _KEYWORD,
        "grade": _KEYWORD,
        "year": _KEYWORD,  # only ever equal-filtered and faceted: a term lookup, not a numeric range
        "date": {"type": "date", "format": "strict_date"},
        "created_at": {"type": "date"},
        "confidentiality": _KEYWORD,
        "owner": _KEYWORD,
        "department": _KEYWORD,
        **{column: _TOKENS for column in TEXT_COLUMNS},
        "keys": _KEYWORD,  # exact identifiers and ID-number hashes: equality, never analysed
    },
}

CUSTOMERS_MAPPING: dict[str, Any] = {
    "dynamic": "strict",
    "_source": {"excludes": list(COLUMNS)},
    "properties": {
        "customer_no": _KEYWORD,
        "number_key": _KEYWORD,  # exact_key(customer_no), for prefix completion
        "name": _KEYWORD,
        "name_length": {"type": "integer"},  # shorter names first, as FTS5 orders them
        "archive_no": {"type": "keyword", "index": False},
        **{column: _TOKENS for column in COLUMNS},
    },
}

MAPPINGS = {"records": RECORDS_MAPPING, "customers": CUSTOMERS_MAPPING}
# Index sorting: relevance searches stop after the total limit's worth of matches (terminate_after) and
# facets after their sample; sorted this way, those are the newest matches, as on FTS5.
KIND_SETTINGS: dict[str, dict[str, Any]] = {"records": {"sort.field": "written", "sort.order": "desc"},
                                            "customers": {}}


@dataclass(frozen=True)
class IndexNames:
    """`{prefix}-records` is an alias of `{prefix}-records-v{N}-{timestamp}`; the same for customers."""

    prefix: str

    def __post_init__(self) -> None:
        if not _PREFIX.match(self.prefix):
            raise InvalidInput(
                f"Elasticsearch index prefix {self.prefix!r} must be lower-case letters, digits, '.', '_' or '-'")

    def alias(self, kind: str) -> str:
        return f"{self.prefix}-{kind}"

    def new_index(self, kind: str, stamp: str) -> str:
        return f"{self.alias(kind)}-v{MAPPING_VERSION}-{stamp}"

    def pattern(self, kind: str) -> str:
        """A wildcard over this kind's indices (it may also reach other prefixes': check with `owns`)."""
        return f"{self.alias(kind)}-v*"

    def owns(self, index: str) -> bool:
        return any(self.version(index, kind) is not None for kind in KINDS)

    def version(self, index: str, kind: str) -> int | None:
        match = re.fullmatch(rf"{re.escape(self.alias(kind))}-v(\d+)-\d+", index)
        return int(match.group(1)) if match else None


def new_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")


def index_settings(shards: int, replicas: int, refresh_interval: str) -> dict[str, Any]:
    # An explicit refresh_interval keeps shards from going search-idle, so refresh=wait_for returns
    # within one interval instead of waiting for the next search to wake the shard.
    return {"number_of_shards": shards, "number_of_replicas": replicas, "refresh_interval": refresh_interval}


def record_document(entry: SearchEntry, written: int) -> dict[str, Any]:
    fields, body = entry.fields_text, entry.body_text
    return {
        "doc_id": entry.id,
        "written": written,
        "doc_type": entry.doc_type,
        "category": entry.category,
        "customer_no": entry.customer_no,
        "grade": entry.grade,
        "year": entry.year,
        "date": entry.date.isoformat() if entry.date else None,
        "created_at": entry.created_at.isoformat() if entry.created_at else None,
        "confidentiality": entry.confidentiality,
        "owner": entry.owner,
        "department": entry.department,
        **{FIELD_PREFIX + column: getattr(fields, column) for column in COLUMNS},
        **{BODY_PREFIX + column: getattr(body, column) for column in COLUMNS},
        "keys": list(entry.keys),
    }


def customer_document(customer: CustomerEntry) -> dict[str, Any]:
    terms = index_terms(customer.name)
    return {
        "customer_no": customer.customer_no,
        "number_key": exact_key(customer.customer_no),
        "name": customer.name,
        "name_length": len(customer.name),
        "archive_no": customer.archive_no,
        **{column: getattr(terms, column) for column in COLUMNS},
    }


def customer_from_source(source: dict[str, Any]) -> CustomerEntry:
    return CustomerEntry(source["customer_no"], source["name"], source["archive_no"])
