"""Snippets of the original text with the matches marked, and the pages a query matches.

A match is found exactly as the index finds it — the same normalisation, the same token
phrases from `query_tokens` — on the normalised text, then mapped back to the original, so
`合 同` split by OCR, full-width `ＨＴ－２０２３` and Traditional `合約` are marked as scanned.
Excluded terms are never marked.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from docarchive.search.analysis import (
    HAN, Token, TokenPhrase, TokenStreams, normalize_with_offsets, query_tokens, token_streams, word_columns,
)
from docarchive.search.folding import fold_word_runs_in_place, folded_as, folds_char_for_char
from docarchive.search.query import Query, positive_terms

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
ELLIPSIS = "…"

# A positive term's index in the query and the phrases any of which matches it.
_TermPhrases = tuple[tuple[int, tuple[TokenPhrase, ...]], ...]
# (start, end, term index): a match in the original text.
_Span = tuple[int, int, int]


@dataclass
class _Window:
    """Matches close enough to share one snippet; `start`/`end` bound the matches, not the context."""

    start: int
    end: int
    spans: list[_Span]

    def rank(self) -> tuple[int, int, int]:
        return -len({term for _, _, term in self.spans}), -len(self.spans), self.start


def highlight(original_text: str, query: Query, *, max_snippets: int = 3, context: int = 30) -> list[str]:
    """Up to `max_snippets` HTML snippets of `original_text`, matches in <mark>, the rest escaped.

    Snippets covering more distinct terms come first in the choice, then they are returned in
    text order; `…` shows where a snippet cuts the text. No match, no snippet.
    """
    return _snippets(original_text, _match_spans(original_text, _term_phrases(query)), max_snippets, context)


def highlight_pages(
    pages: list[str], query: Query, *, max_snippets: int = 3, context: int = 30
) -> tuple[list[int], list[str]]:
    """`matched_pages(pages)` and `highlight` of the pages joined by blank lines, reading each page once."""
    phrases = _term_phrases(query)
    matched: list[int] = []
    spans: list[_Span] = []
    offset = 0
    for number, page in enumerate(pages, start=1):
        page_spans = _match_spans(page, phrases)
        matched += [number] if page_spans else []
        spans += [(start + offset, end + offset, term) for start, end, term in page_spans]
        offset += len(page) + len(PAGE_SEPARATOR)
    return matched, _snippets(PAGE_SEPARATOR.join(pages), spans, max_snippets, context)


def _snippets(original_text: str, spans: list[_Span], max_snippets: int, context: int) -> list[str]:
    ordered = _windows(spans, context)  # in text order: spans come sorted
    if len(ordered) > max_snippets:
        ordered = sorted(sorted(ordered, key=_Window.rank)[:max_snippets], key=lambda window: window.start)
    snippets: list[str] = []
    previous_end = 0
    for number, window in enumerate(ordered, start=1):  # contexts never overlap the neighbouring snippet
        limit = ordered[number].start if number < len(ordered) else len(original_text)
        start, end = max(window.start - context, previous_end), min(window.end + context, limit)
        snippets.append(_render(original_text, start, end, window.spans))
        previous_end = end
    return snippets


# A blank line: analysis never joins words across it, so spans found page by page hold in the joined text.
PAGE_SEPARATOR = "\n\n"


def matched_pages(pages: list[str], query: Query) -> list[int]:
    """1-based numbers of the pages on which at least one term that is not excluded matches."""
    phrases = _term_phrases(query)
    return [number for number, page in enumerate(pages, start=1) if _match_spans(page, phrases)]


def _term_phrases(query: Query) -> _TermPhrases:
    return _phrases_of(query.clause)


@lru_cache(maxsize=256)
def _phrases_of(clause) -> _TermPhrases:
    """Per query, not per page: a page of hits asks for the same query's phrases twenty times."""
    return tuple((index, tuple(query_tokens(term.text))) for index, term in enumerate(positive_terms(clause)))


@lru_cache(maxsize=256)
def _needles_of(term_phrases: _TermPhrases) -> list[tuple[int, str]] | None:
    """(term, needle) for every phrase of the query when each is a Han needle; else None."""
    needles = [(term, _han_needle(phrase)) for term, phrases in term_phrases for phrase in phrases]
    return needles if all(needle for _, needle in needles) else None


def _match_spans(text: str, term_phrases: _TermPhrases) -> list[_Span]:
    if not term_phrases or not text:
        return []
    in_place = folds_char_for_char(text)
    needles = _needles_of(term_phrases)
    if needles is not None and in_place:
        return sorted({(*span, term) for term, needle in needles for span in _original_occurrences(text, needle)})
    page = _Page(text, in_place)
    return sorted({(*span, term) for term, phrases in term_phrases for phrase in phrases for span in page.matches(phrase)})


_HAN_ONLY = re.compile(f"[{HAN}]+")
_HAS_HAN = re.compile(f"[{HAN}]")


class _Page:
    """A page as its phrases are matched on it, each form made once and only when a phrase needs it."""

    def __init__(self, text: str, in_place: bool):
        self.text, self.in_place = text, in_place
        self._normalized = None
        self._streams: TokenStreams | None = None
        self._words: dict[str, list[Token]] | None = None

    def matches(self, phrase: TokenPhrase) -> list[tuple[int, int]]:
        """Spans of the original text where `phrase` matches, as the index finds it."""
        needle = _han_needle(phrase)
        if needle is None and phrase.column != "bigrams" and not any(_HAS_HAN.search(t) for t in phrase.tokens):
            found = _phrase_matches(self._word_columns()[phrase.column], phrase.tokens)
            return found if self.in_place else self._in_original(found)
        if needle:
            return self._in_original(_occurrences(self._normalised().text, needle))
        return self._in_original(_phrase_matches(self._stream(phrase.column), phrase.tokens))

    def _word_columns(self) -> dict[str, list[Token]]:
        """For a phrase without Han (most numbers and codes): Han runs count whole, so a page of Chinese text
        is a few dozen tokens, not one per character. On a page that folds char for char they come from the
        page folded in place, whose spans are the original's: normalising it, offsets and all, cost more."""
        if self._words is None:
            self._words = word_columns(fold_word_runs_in_place(self.text) if self.in_place else self._normalised().text)
        return self._words

    def _stream(self, column: str) -> list[Token]:
        """A phrase with Han (`B级`, `2023年`): the full token streams, made once for all of a page's columns."""
        if self._streams is None:
            self._streams = token_streams(self._normalised().text)
        return self._streams.column(column)

    def _normalised(self):
        if self._normalized is None:
            self._normalized = normalize_with_offsets(self.text)
        return self._normalized

    def _in_original(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        normalized = self._normalised()
        return [normalized.original_span(start, end) for start, end in spans]


def _han_needle(phrase: TokenPhrase) -> str | None:
    """The text a Han phrase matches wherever it occurs in the normalised text: consecutive bigrams are
    one Han run (runs are apart by a GAP token), and one character is itself. None for other phrases (a
    run of single characters may skip punctuation in the chars stream)."""
    tokens = phrase.tokens
    if not tokens or not all(_HAN_ONLY.fullmatch(token) for token in tokens):
        return None
    if phrase.column == "bigrams" and all(len(token) == 2 for token in tokens):
        return tokens[0] + "".join(token[1] for token in tokens[1:])
    return tokens[0] if phrase.column == "chars" and len(tokens) == 1 and len(tokens[0]) == 1 else None


def _original_occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """`_occurrences` of a Han needle found in the original text (`folds_char_for_char`) without normalising
    it: each character as any of its spellings, with the blanks normalising drops between Han characters.
    Most pages of Chinese text qualify, and normalising a page cost ~10× the search."""
    pattern = _spelled(needle)
    found: list[tuple[int, int]] = []
    match = pattern.search(text)
    while match:
        found.append(match.span())
        match = pattern.search(text, match.start() + 1)
    return found


# Between two Han characters normalising drops blanks with at most one line break (analysis._BLANKS_BETWEEN_HAN).
_DROPPED_GAP = r"[^\S\n]*(?:\n[^\S\n]*)?"


@lru_cache(maxsize=1024)
def _spelled(needle: str) -> re.Pattern[str]:
    return re.compile(_DROPPED_GAP.join(f"[{re.escape(folded_as(char))}]" for char in needle))


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Every occurrence, overlapping ones too (as a phrase query finds them)."""
    found: list[tuple[int, int]] = []
    position = text.find(needle)
    while position >= 0:
        found.append((position, position + len(needle)))
        position = text.find(needle, position + 1)
    return found


def _phrase_matches(stream: list[Token], tokens: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans (in the normalised text) where `tokens` occur consecutively, as a phrase query finds them."""
    texts = [text for text, _, _ in stream]
    wanted, size = list(tokens), len(tokens)
    matches: list[tuple[int, int]] = []
    position = _find(texts, wanted[0], 0)
    while position >= 0:
        if texts[position : position + size] == wanted:
            matches.append((stream[position][1], stream[position + size - 1][2]))
        position = _find(texts, wanted[0], position + 1)
    return matches


def _find(texts: list[str], token: str, start: int) -> int:
    try:
        return texts.index(token, start)
    except ValueError:
        return -1


def _windows(spans: list[_Span], context: int) -> list[_Window]:
    """Group matches into windows; a window grows while the next match is within `context`
    and the matched stretch stays under three contexts long, so a snippet stays short."""
    windows: list[_Window] = []
    for span in spans:
        start, end, _ = span
        current = windows[-1] if windows else None
        if current and start <= current.end + context and end - current.start <= 3 * context:
            current.end = max(current.end, end)
            current.spans.append(span)
        else:
            windows.append(_Window(start, end, [span]))
    return windows


def _render(text: str, start: int, end: int, spans: list[_Span]) -> str:
    pieces = [ELLIPSIS] if start > 0 else []
    position = start
    for mark_start, mark_end in _merged(spans, start, end):
        pieces += [_escape(text[position:mark_start]), MARK_OPEN, _escape(text[mark_start:mark_end]), MARK_CLOSE]
        position = mark_end
    pieces.append(_escape(text[position:end]))
    if end < len(text):
        pieces.append(ELLIPSIS)
    return "".join(pieces)


def _escape(text: str) -> str:
    """html.escape, skipped for the many pieces of Chinese text with nothing to escape (a page of hits has ~70)."""
    return html.escape(text) if _ESCAPED.search(text) else text


_ESCAPED = re.compile("[&<>\"']")


def _merged(spans: list[_Span], start: int, end: int) -> list[tuple[int, int]]:
    """Overlapping or touching matches (sorted, as a window holds them) as one mark, clipped to the snippet."""
    merged: list[tuple[int, int]] = []
    for mark_start, mark_end, _ in spans:
        mark_start, mark_end = max(mark_start, start), min(mark_end, end)
        if merged and mark_start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], mark_end))
        elif mark_start < mark_end:
            merged.append((mark_start, mark_end))
    return merged
