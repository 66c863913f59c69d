"""A MatchPlan as an FTS5 MATCH expression. Only tokens we made reach FTS5, always inside double quotes."""

from __future__ import annotations

import re

from docarchive.domain.errors import InvalidQuery
from docarchive.search.analysis import HAN, TokenPhrase
from docarchive.search.plan import PlanAnd, PlanClause, PlanNot, PlanOr, TermMatch

FIELD_PREFIX, BODY_PREFIX = "f_", "b_"
_HAN_ONLY = re.compile(f"[{HAN}]+")


def match_expression(plan: PlanClause, *, fields_only: bool = False) -> str | None:
    """The expression, or None when the plan can match nothing (e.g. a term with no searchable characters).

    `fields_only`: every term must match in the boosted columns (numbers, names, title) or the keys."""
    if isinstance(plan, PlanNot):
        raise InvalidQuery("a query needs at least one word that must match, not only exclusions")
    return _expression(plan, fields_only)


def term_expressions(plan: PlanClause) -> list[str]:
    """Each term's own expression (excluded ones too): what FTS5's bm25 scans in full to weigh it."""
    if isinstance(plan, TermMatch):
        return [expression] if (expression := _term(plan, False)) else []
    children = (plan.clause,) if isinstance(plan, PlanNot) else plan.clauses
    return [expression for child in children for expression in term_expressions(child)]


def _expression(plan: PlanClause, fields_only: bool) -> str | None:
    if isinstance(plan, TermMatch):
        return _term(plan, fields_only)
    if isinstance(plan, PlanOr):
        parts = [p for p in (_expression(child, fields_only) for child in plan.clauses) if p is not None]
        return " OR ".join(f"({part})" for part in parts) if parts else None
    if isinstance(plan, PlanAnd):
        return _and(plan, fields_only)
    raise InvalidQuery("an exclusion must stand beside a word that must match")


def _and(plan: PlanAnd, fields_only: bool) -> str | None:
    positives = [child for child in plan.clauses if not isinstance(child, PlanNot)]
    negatives = [child.clause for child in plan.clauses if isinstance(child, PlanNot)]
    if not positives:
        raise InvalidQuery("a query needs at least one word that must match, not only exclusions")
    parts = [_expression(child, fields_only) for child in positives]
    if any(part is None for part in parts):
        return None  # one required term can never match, so neither can the whole
    expression = " AND ".join(f"({part})" for part in parts)
    for negative in negatives:
        excluded = _expression(negative, False)
        if excluded is not None:
            expression = f"({expression}) NOT ({excluded})"
    return expression


def _term(term: TermMatch, fields_only: bool) -> str | None:
    alternatives = [_phrase(p, fields_only) for p in term.phrases]
    alternatives += [f'keys : "{key}"' for key in term.keys]
    return " OR ".join(alternatives) or None


def _phrase(phrase: TokenPhrase, fields_only: bool) -> str:
    text = f'"{" ".join(phrase.tokens)}"'
    if not fields_only and all(_HAN_ONLY.fullmatch(token) for token in phrase.tokens):
        # Han tokens occur only in their own column pair (a character in *_chars, a bigram in *_bigrams):
        # without a column filter FTS5 need not read positions to check columns (measured: 3x faster).
        return text
    columns = (FIELD_PREFIX,) if fields_only else (FIELD_PREFIX, BODY_PREFIX)
    return f'{{{" ".join(prefix + phrase.column for prefix in columns)}}} : {text}'



# Equality filters are tokens in the `filters` column, so FTS5 intersects them with the words inside the
# index (skipping through both lists) instead of joining every match to a table and testing it there.
# A token is a prefix and the value's UTF-8 bytes in hex: only letters and digits, and no analysed text
# can produce one (text tokens are at most 64 characters of words; these begin `fc`, `ft`, … and hex).
FILTER_PREFIXES = {"customer_no": "fc", "doc_type": "ft", "year": "fy", "grade": "fg", "category": "fk"}


def filter_token(name: str, value: object) -> str:
    return FILTER_PREFIXES[name] + str(getattr(value, "value", value)).encode().hex()


def entry_filter_tokens(entry) -> str:
    """The `filters` column of a SearchEntry."""
    values = ((name, getattr(entry, name)) for name in FILTER_PREFIXES)
    return " ".join(filter_token(name, value) for name, value in values if value is not None)


def filter_expressions(filters) -> list[str]:
    values = ((name, getattr(filters, name)) for name in FILTER_PREFIXES)
    return [f'"{filter_token(name, value)}"' for name, value in values if value is not None]


def filtered_expression(expression: str | None, filters) -> str | None:
    """`expression` AND every equality filter; None when there is neither."""
    parts = ([f"({expression})"] if expression else []) + filter_expressions(filters)
    return " AND ".join(parts) or None
