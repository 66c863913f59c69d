"""Who may read what, in FTS5: the principal's SearchScope as filter tokens inside the MATCH (FTS5 skips
through the doclists, so a scoped search costs about what an unscoped one does), else as SQL on
`search_docs` for the rare scope tokens cannot say (grants on single records).

Tokens, like the equality filters (_fts5_match.FILTER_PREFIXES): `fl` + level (only above "none"),
`fo` + owner, `fd` + department, each value's UTF-8 bytes in hex.
"""

from __future__ import annotations

from typing import Any

from docarchive.domain.access import LEVELS, ScopeClause, SearchScope
from docarchive.adapters.search._fts5_match import filter_token

_RAISED = tuple(level.value for level in LEVELS[1:])  # levels that carry a token
SCOPE_PREFIXES = {"level": "fl", "owner": "fo", "department": "fd"}


def scope_tokens(entry) -> list[str]:
    values = {"level": entry.confidentiality if entry.confidentiality != "none" else None,
              "owner": entry.owner or None, "department": entry.department or None}
    return [_token(name, value) for name, value in values.items() if value]


def scoped_match(expression: str | None, scope: SearchScope) -> tuple[str | None, bool]:
    """(expression narrowed to the scope, True) — or (expression unchanged, False) when the scope must be
    tested in SQL instead (see `scope_sql`)."""
    if any(clause.ids for clause in scope.clauses):
        return expression, False
    if len(scope.clauses) == 1 and _positive(scope.clauses[0]) is None:
        negative = _negative(scope.clauses[0])  # e.g. an archivist's: everything but 绝密
        if negative is None:
            return expression, True
        return (f"({expression}) NOT ({negative})", True) if expression else (expression, False)
    parts = [_clause(clause) for clause in scope.clauses]
    if any(part is None for part in parts):
        return expression, False  # a clause with no positive token cannot stand inside an OR
    either = " OR ".join(f"({part})" for part in parts)
    return (f"({expression}) AND ({either})" if expression else either), True


def scope_sql(scope: SearchScope) -> tuple[str, list[Any]]:
    """The scope as a condition on `search_docs d`, appended after the other conditions."""
    parts, params = [], []
    for clause in scope.clauses:
        conditions = []
        for column, values in (("d.confidentiality", clause.levels), ("d.customer_no", clause.customer_nos),
                               ("d.doc_id", clause.ids)):
            if values is not None:
                conditions.append(f"{column} IN ({', '.join('?' * len(values))})")
                params += list(values)
        for column, value in (("d.owner", clause.owner), ("d.department", clause.department)):
            if value is not None:
                conditions.append(f"{column} = ?")
                params.append(value)
        if clause.has_customer:
            conditions.append("d.customer_no IS NOT NULL")
        parts.append(" AND ".join(conditions) or "1 = 1")
    return " AND (" + " OR ".join(f"({part})" for part in parts) + ")", params


def _clause(clause: ScopeClause) -> str | None:
    positive, negative = _positive(clause), _negative(clause)
    if positive is None:
        return None
    return f"({positive}) NOT ({negative})" if negative else positive


def _positive(clause: ScopeClause) -> str | None:
    parts = []
    if clause.owner is not None:
        parts.append(f'"{_token("owner", clause.owner)}"')
    if clause.department is not None:
        parts.append(f'"{_token("department", clause.department)}"')
    if clause.customer_nos is not None:
        parts.append("(" + " OR ".join(f'"{filter_token("customer_no", no)}"' for no in clause.customer_nos) + ")")
    if clause.levels is not None and "none" not in clause.levels:
        parts.append("(" + " OR ".join(f'"{_token("level", level)}"' for level in clause.levels) + ")")
    return " AND ".join(parts) or None


def _negative(clause: ScopeClause) -> str | None:
    if clause.levels is None or "none" not in clause.levels:
        return None  # no level bound, or the allowed levels are named positively
    barred = [level for level in _RAISED if level not in clause.levels]
    return " OR ".join(f'"{_token("level", level)}"' for level in barred) or None


def _token(name: str, value: str) -> str:
    return SCOPE_PREFIXES[name] + value.encode().hex()
