"""A MatchPlan as an FTS5 MATCH expression. Only tokens we made reach FTS5, always inside double quotes."""

from __future__ import annotations

from docarchive.domain.errors import InvalidQuery
from docarchive.search.plan import PlanAnd, PlanClause, PlanNot, PlanOr, TermMatch

FIELD_PREFIX, BODY_PREFIX = "f_", "b_"


def match_expression(plan: PlanClause) -> str | None:
    """The expression, or None when the plan can match nothing (e.g. a term with no searchable characters)."""
    if isinstance(plan, PlanNot):
        raise InvalidQuery("a query needs at least one word that must match, not only exclusions")
    return _expression(plan)


def _expression(plan: PlanClause) -> str | None:
    if isinstance(plan, TermMatch):
        return _term(plan)
    if isinstance(plan, PlanOr):
        parts = [p for p in (_expression(child) for child in plan.clauses) if p is not None]
        return " OR ".join(f"({part})" for part in parts) if parts else None
    if isinstance(plan, PlanAnd):
        return _and(plan)
    raise InvalidQuery("an exclusion must stand beside a word that must match")


def _and(plan: PlanAnd) -> str | None:
    positives = [child for child in plan.clauses if not isinstance(child, PlanNot)]
    negatives = [child.clause for child in plan.clauses if isinstance(child, PlanNot)]
    if not positives:
        raise InvalidQuery("a query needs at least one word that must match, not only exclusions")
    parts = [_expression(child) for child in positives]
    if any(part is None for part in parts):
        return None  # one required term can never match, so neither can the whole
    expression = " AND ".join(f"({part})" for part in parts)
    for negative in negatives:
        excluded = _expression(negative)
        if excluded is not None:
            expression = f"({expression}) NOT ({excluded})"
    return expression


def _term(term: TermMatch) -> str | None:
    alternatives = [
        f'{{{FIELD_PREFIX}{p.column} {BODY_PREFIX}{p.column}}} : "{" ".join(p.tokens)}"' for p in term.phrases
    ]
    alternatives += [f'keys : "{key}"' for key in term.keys]
    return " OR ".join(alternatives) or None
