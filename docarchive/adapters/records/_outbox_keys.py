"""How both outbox backends store an index target: one short key, "d:<record id>", "c:<customer number>" or
"a:<activity id>". The format predates typed targets and is kept, so outboxes written before still drain;
only this module reads it, nothing above the adapters parses a key."""

from __future__ import annotations

from docarchive.ports.records import ACTIVITY_TARGET, CUSTOMER_TARGET, DOCUMENT_TARGET, IndexTarget

_PREFIXES = {DOCUMENT_TARGET: "d", CUSTOMER_TARGET: "c", ACTIVITY_TARGET: "a"}
_KINDS = {prefix: kind for kind, prefix in _PREFIXES.items()}


def stored_key(target: IndexTarget) -> str:
    return f"{_PREFIXES[target.kind]}:{target.id}"


def target_of(key: str) -> IndexTarget:
    prefix, _, target_id = key.partition(":")
    return IndexTarget(_KINDS[prefix], target_id)
