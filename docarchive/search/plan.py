"""A parsed query turned into what a backend must match: token phrases per column group, and exact keys.

Each term becomes a `TermMatch`: it matches when any of its phrases occurs in the boosted field text or the
body text, or when one of its keys equals a record's key (customer, archive, contract numbers, phones, and
ID numbers, which are only ever stored as keyed hashes).
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from hashlib import sha256
from typing import Union

from docarchive.search.analysis import TokenPhrase, normalize, query_tokens
from docarchive.search.query import And, Clause, Not, Or, Phrase, Query, Term

_ID_NUMBER = re.compile(r"^\d{17}[\dx]$|^\d{15}$")
_KEY_CHARS = re.compile(r"[^0-9a-z\u3400-\u9fff]+")


@dataclass(frozen=True)
class TermMatch:
    text: str
    phrases: tuple[TokenPhrase, ...]
    keys: tuple[str, ...]


@dataclass(frozen=True)
class PlanAnd:
    clauses: tuple["PlanClause", ...]


@dataclass(frozen=True)
class PlanOr:
    clauses: tuple["PlanClause", ...]


@dataclass(frozen=True)
class PlanNot:
    clause: "PlanClause"


PlanClause = Union[TermMatch, PlanAnd, PlanOr, PlanNot]


class IdNumberHasher:
    """Keyed hash of ID numbers: the index can find a record by its ID number without holding the number."""

    def __init__(self, key: str):
        self._key = key.encode()

    def key_for(self, id_number: str) -> str:
        digest = hmac.new(self._key, id_number.upper().encode(), sha256).hexdigest()
        return "idh" + digest[:40]


def exact_key(text: str) -> str:
    """The form identifiers are compared in: normalised, lower-case, separators dropped (KH-2019-00042 → kh201900042)."""
    return _KEY_CHARS.sub("", normalize(text))


def plan_query(query: Query, hasher: IdNumberHasher) -> PlanClause | None:
    return _plan(query.clause, hasher) if query.clause is not None else None


def _plan(clause: Clause, hasher: IdNumberHasher) -> PlanClause:
    if isinstance(clause, (Term, Phrase)):
        return _term(clause.text, hasher)
    if isinstance(clause, Not):
        return PlanNot(_plan(clause.clause, hasher))
    if isinstance(clause, And):
        return PlanAnd(tuple(_plan(child, hasher) for child in clause.clauses))
    if isinstance(clause, Or):
        return PlanOr(tuple(_plan(child, hasher) for child in clause.clauses))
    raise TypeError(f"not a query clause: {clause!r}")


def _term(text: str, hasher: IdNumberHasher) -> TermMatch:
    key = exact_key(text)
    keys = []
    if _ID_NUMBER.match(key):
        keys.append(hasher.key_for(key))
    elif len(key) >= 4 and any(ch.isdigit() for ch in key):
        keys.append(key)
    return TermMatch(text, tuple(query_tokens(text)), tuple(keys))
