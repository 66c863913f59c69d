"""Search, backend-independent: the query model and parser, Chinese text analysis, highlighting.

Adapters (`adapters/search/fts5.py`, `adapters/search/elasticsearch.py`) store `index_terms`
and translate a `Query` by asking `query_tokens` what each term must match.
"""

from docarchive.search.analysis import (
    COLUMNS,
    GAP,
    MAX_TOKEN_CHARS,
    IndexedText,
    TokenPhrase,
    index_terms,
    normalize,
    query_tokens,
)
from docarchive.search.highlight import highlight, matched_pages
from docarchive.search.query import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    And,
    Clause,
    Filters,
    Not,
    Or,
    Phrase,
    Query,
    Term,
    parse_query,
    positive_terms,
)

__all__ = [
    "COLUMNS",
    "GAP",
    "MAX_QUERY_CHARS",
    "MAX_TOKEN_CHARS",
    "MAX_TERMS",
    "And",
    "Clause",
    "Filters",
    "IndexedText",
    "Not",
    "Or",
    "Phrase",
    "Query",
    "Term",
    "TokenPhrase",
    "highlight",
    "index_terms",
    "matched_pages",
    "normalize",
    "parse_query",
    "positive_terms",
    "query_tokens",
]
