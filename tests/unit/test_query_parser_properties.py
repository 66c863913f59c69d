"""parse_query over arbitrary text: whatever staff (or an attacker) types, the only error is InvalidQuery.

The query goes on through the plan and both backends' translations, where deep clauses would recurse too."""

from __future__ import annotations

import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docarchive.adapters.search._es_query import plan_query as es_query
from docarchive.adapters.search._fts5_match import match_expression, term_expressions
from docarchive.domain.errors import InvalidQuery
from docarchive.search.plan import IdNumberHasher, plan_query
from docarchive.search.query import parse_query

# The query syntax's own characters, their full-width forms, words, filters and a little of everything else.
SYNTAX = st.sampled_from(["(", ")", "（", "）", "-", "－", '"', "“", "”", " ", "\u3000", "OR", ":", "：", "合同",
                          "HT-2023", "year:", "date:", "2023", "..", "类型：", "a", "\n", "\x00", "ℌ", "🀄"])
QUERIES = st.lists(st.one_of(SYNTAX, st.text(max_size=4)), max_size=300).map("".join)


def _translate(text: str) -> None:
    query = parse_query(text)
    plan = plan_query(query, IdNumberHasher("test")) if query.clause is not None else None
    if plan is not None:
        match_expression(plan)
        term_expressions(plan)
        es_query(plan)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUERIES)
def test_any_text_parses_or_raises_invalid_query(text):
    try:
        _translate(text)
    except InvalidQuery as rejected:
        assert str(rejected) and "\n" not in str(rejected)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=250), st.sampled_from(["(", "-(", "（", "a OR ("]))
def test_any_nesting_parses_or_raises_invalid_query_even_with_little_stack_left(depth, opener):
    text = opener * depth + "合同" + ")" * depth
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)  # a request thread has far less stack left than a test does
    try:
        _translate(text)
    except InvalidQuery:
        pass
    finally:
        sys.setrecursionlimit(limit)
