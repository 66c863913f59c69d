"""Chinese text analysis shared by index time and query time, for every search backend.

Backends never tokenise: they store the space-joined streams of `index_terms` and match the
phrases of `query_tokens`, so FTS5 and Elasticsearch find exactly the same documents.

Normalisation (`normalize`; the per-character part in `search/folding.py`) gives one spelling for what OCR
and typists vary:
- NFKC: full-width letters, digits and punctuation become half-width, `①` becomes `1`.
- Latin (and every cased script) lower-case.
- Traditional → Simplified, character by character (OpenCC's `TSCharacters` table applied
  with `str.translate`). OpenCC's own `t2s` converts phrase by phrase, which is ~100× slower
  and context dependent: a character can convert differently alone (in a query) than inside
  a longer phrase (in a document), and search needs "query is a substring of the document"
  to survive normalisation.
- Dashes (‐‑‒–—―−﹣－) become `-`; zero-width characters and soft hyphens disappear.
- Blanks between two Han characters are removed: any run of spaces/tabs (OCR spacing,
  justified labels such as `姓　　名`) and a single line break (OCR line wrap). A blank line
  stays: it separates paragraphs. The price is an occasional false bigram across two table
  cells, which only a query spanning the cell boundary can hit.
- Blanks between Latin/digit runs stay: `ABC Trading` are two words, and so are `KH 2019`.
  Instead of guessing, the index keeps `KH 2019 00042` as adjacent parts (found by the
  query `KH-2019-00042`) and also indexes digit groups split by single spaces joined
  (`138 1234 5678` → `13812345678`), so nothing is merged that could be two words.

Token streams, one per column (see `COLUMNS`):
- `bigrams`: overlapping Han bigrams per run (`客户档案` → `客户 户档 档案`), with `GAP`
  between runs so that `公司，司法` cannot match the phrase of `公司法`.
- `chars`: every Han character and every Latin/digit part, in text order (`B级` → `b 级`,
  `HT-2023-0012` → `ht 2023 0012`): the exact-adjacency fallback for everything else.
- `words`: each Latin/digit run whole with its connectors dropped (`ht20230012`,
  `13812345678`), plus the digit groups that single spaces split, joined.

Every token is non-empty, lower-case and made only of characters that are letters or numbers
(Unicode L*/N*), so the FTS5 tokenizer `unicode61 remove_diacritics 0` (default separators)
and Elasticsearch's `whitespace` tokenizer both split the streams exactly at the spaces.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from docarchive.search.folding import char_for_char_table, fold, folded_pieces, folds_char_for_char

# Han ideographs: extension A, the basic block, compatibility ideographs, 〇, extensions B–H.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007\U00020000-\U0003134f"
COLUMNS = ("bigrams", "chars", "words")
# Separates Han runs in the bigrams column. That column only ever holds Han bigrams, so an
# ASCII token can never be part of a query phrase there.
GAP = "0"

# Whitespace other than a line feed: spaces, tabs, \r, the ideographic space after NFKC.
_BLANK = r"[^\S\n]"
_BLANKS_BETWEEN_HAN = re.compile(f"(?<=[{HAN}])(?:{_BLANK}+|{_BLANK}*\\n{_BLANK}*)(?=[{HAN}])")
_WORD_CHAR = rf"[^\W_{HAN}]"  # a letter or number that is not Han
_LETTER = rf"[^\W\d_{HAN}]"
_CONNECTOR = "[-_/]"  # joins the parts of an identifier: HT-2023-0012, 2023/06/30, a_b
_SEGMENT = re.compile(f"(?P<han>[{HAN}]+)|(?P<word>{_WORD_CHAR}+(?:{_CONNECTOR}{_WORD_CHAR}+)*)")
# Longer tokens are cut (parts) or left out (whole words): Elasticsearch's whitespace tokenizer
# splits tokens over 255 chars and Lucene rejects terms over 32 KB; nothing searchable is that long.
MAX_TOKEN_CHARS = 64
_PART = re.compile(f"\\d{{1,{MAX_TOKEN_CHARS}}}|[^\\W\\d_]{{1,{MAX_TOKEN_CHARS}}}")  # kh201900042 → kh, 201900042
# Digit groups split by single spaces, each a whole word run (`138 1234 5678`); a short letter
# prefix may lead (`KH 2019 00042`).
_SPACED_NUMBER = re.compile(
    f"(?<!{_WORD_CHAR})(?<!{_WORD_CHAR}{_CONNECTOR})(?:(?P<prefix>{_LETTER}{{1,4}}) )?"
    f"(?P<digits>\\d+(?: \\d+)+)(?!{_WORD_CHAR})(?!{_CONNECTOR}{_WORD_CHAR})"
)
# An identifier whose last digit group OCR split with spaces (`KH-2031-000 42`): its parts joined with
# the split digits (`kh203100042`), the form a query for the whole identifier looks up in `words`.
_SPLIT_IDENTIFIER = re.compile(
    f"(?<!{_WORD_CHAR})(?<!{_WORD_CHAR}{_CONNECTOR})(?P<head>{_WORD_CHAR}+(?:{_CONNECTOR}{_WORD_CHAR}+)*"
    f"{_CONNECTOR}\\d+)(?P<tail>(?: \\d+)+)(?!{_WORD_CHAR})(?!{_CONNECTOR}{_WORD_CHAR})"
)
_DIGIT_SPACE_DIGIT = re.compile(r"\d \d")


# (text, start, end): a token and its span in the normalised text. Plain tuples built with zip:
# a document has thousands of tokens.
Token = tuple[str, int, int]


@dataclass(frozen=True)
class IndexedText:
    """Pre-tokenised text for the index: one space-joined token stream per column."""

    bigrams: str
    chars: str
    words: str


@dataclass(frozen=True)
class TokenPhrase:
    """Tokens a term must match consecutively in one column."""

    column: str
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class TokenStreams:
    """The streams of `index_terms` with spans, for highlighting."""

    bigrams: list[Token]
    chars: list[Token]
    words: list[Token]

    def column(self, name: str) -> list[Token]:
        return getattr(self, name)


@dataclass(frozen=True)
class NormalizedText:
    """Normalised text with, for each of its characters, the span it came from in the original."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


def normalize(text: str) -> str:
    """One spelling for search: half-width, lower-case, Simplified, no OCR blanks inside Han text."""
    return _BLANKS_BETWEEN_HAN.sub("", fold(text))


def normalize_with_offsets(text: str) -> "NormalizedText | _InPlace":
    """`normalize`, remembering where each character came from (to highlight the original)."""
    if folds_char_for_char(text):
        return _normalize_in_place(text.translate(char_for_char_table()))
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for start, end, piece in folded_pieces(text):
        if len(piece) == end - start:  # one folded char per original char
            starts.extend(range(start, end))
            ends.extend(range(start + 1, end + 1))
        else:
            starts.extend([start] * len(piece))
            ends.extend([end] * len(piece))
        chars.append(piece)
    folded = "".join(chars)
    keep = _kept_positions(folded)
    return NormalizedText(
        "".join([folded[i] for i in keep]), tuple(starts[i] for i in keep), tuple(ends[i] for i in keep)
    )


def _normalize_in_place(folded: str) -> "_InPlace":
    """`normalize_with_offsets` for text folded char for char: its character i came from original i, and
    only the blanks between Han characters drop out (whole stretches at a time, not char by char)."""
    kept_at: list[int] = [0]  # where each kept stretch starts in the normalised text …
    origins: list[int] = [0]  # … and in the original
    for match in _BLANKS_BETWEEN_HAN.finditer(folded):
        kept_at.append(kept_at[-1] + match.start() - origins[-1])
        origins.append(match.end())
    return _InPlace(_BLANKS_BETWEEN_HAN.sub("", folded), kept_at, origins)


@dataclass(frozen=True)
class _InPlace:
    """A `NormalizedText` whose offsets are worked out per span asked for: a highlight asks for a few spans
    of a page, and spelling out an offset per character cost more than finding the matches."""

    text: str
    kept_at: list[int]
    origins: list[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self._origin(start), self._origin(end - 1) + 1

    def _origin(self, i: int) -> int:
        stretch = bisect_right(self.kept_at, i) - 1
        return self.origins[stretch] + i - self.kept_at[stretch]


def index_terms(text: str) -> IndexedText:
    """The token streams to store for `text`; the same as `token_streams` without spans, only faster."""
    norm = normalize(text)
    bigrams: list[str] = []
    chars: list[str] = []
    words: list[str] = []
    for match in _SEGMENT.finditer(norm):
        run = match.group()
        if match.lastgroup == "word":
            parts = _PART.findall(run)
            chars += parts
            words += _whole(parts)
            continue
        chars.append(" ".join(run))
        if len(run) > 1:
            bigrams += [GAP, " ".join(_pairs(run))] if bigrams else [" ".join(_pairs(run))]
    words += [token for token, _, _ in _spaced_numbers(norm)]
    return IndexedText(" ".join(bigrams), " ".join(chars), " ".join(words))


def token_streams(normalized: str) -> TokenStreams:
    """The tokens of `index_terms` with their spans in the normalised text."""
    bigrams: list[Token] = []
    chars: list[Token] = []
    words: list[Token] = []
    for match in _SEGMENT.finditer(normalized):
        run, start, end = match.group(), match.start(), match.end()
        if match.lastgroup == "word":
            parts = [(m.group(), start + m.start(), start + m.end()) for m in _PART.finditer(run)]
            chars += parts
            words += [(whole, start, end) for whole in _whole([part for part, _, _ in parts])]
            continue
        chars += zip(run, range(start, end), range(start + 1, end + 1))
        if len(run) > 1:
            bigrams += [(GAP, start, start)] if bigrams else []
            bigrams += zip(_pairs(run), range(start, end - 1), range(start + 2, end + 1))
    words += _spaced_numbers(normalized)
    return TokenStreams(bigrams, chars, words)


def word_columns(folded: str) -> dict[str, list[Token]]:
    """Two columns of `token_streams` for highlighting a phrase without Han (a number, a code), in one pass
    over the word runs: `words`, and `chars` with Han runs whole — the Latin/digit parts with one empty token
    wherever Han text stands between two of them, enough for such a phrase (which Han text in between breaks,
    however long), without one token per Han character. Han text only separates word runs here, so `folded` may
    be text folded char for char with its blanks between Han characters still in (spans then are the
    original text's): normalising drops no blank next to a word run."""
    chars: list[Token] = []
    words: list[Token] = []
    previous_end = 0
    for match in _WORD_RUN.finditer(folded):
        run, start, end = match.group(), match.start(), match.end()
        parts = [(m.group(), start + m.start(), start + m.end()) for m in _PART.finditer(run)]
        words += [(whole, start, end) for whole in _whole([part for part, _, _ in parts])]
        if _HAN_CHAR.search(folded, previous_end, start):
            chars.append(("", previous_end, start))
        chars += parts
        previous_end = end
    return {"chars": chars, "words": words + _spaced_numbers(folded)}


# `_SEGMENT`'s word runs alone (a word character is never Han, so the runs are the same) and one Han character.
_WORD_RUN = re.compile(f"{_WORD_CHAR}+(?:{_CONNECTOR}{_WORD_CHAR}+)*")
_HAN_CHAR = re.compile(f"[{HAN}]")


def query_tokens(term_text: str) -> list[TokenPhrase]:
    """The phrases a term or quoted phrase may match; the term matches when any one of them does.

    - one Han character → that unigram in `chars`;
    - one run of 2+ Han characters → its bigrams, consecutive, in `bigrams`;
    - one Latin/digit run → its parts consecutive in `chars`, or the run whole in `words`
      (`HT-2023-0012` finds `ht 2023 0012` and `HT20230012`; `2023` finds `HT-2023-0012`);
    - anything mixed (`B级`, `2023年`, `客户，档案`) → all its chars and parts consecutive in
      `chars`, or, for spaced digits (`138 1234 5678`), their join in `words`.
    An empty list means the text has nothing searchable (only punctuation).
    """
    norm = normalize(term_text)
    runs = list(_SEGMENT.finditer(norm))
    if len(runs) <= 1:
        return _single_run_phrases(runs[0]) if runs else []
    streams = token_streams(norm)
    whole = (runs[0].start(), runs[-1].end())
    joined = [TokenPhrase("words", (text,)) for text, start, end in streams.words if (start, end) == whole]
    return [TokenPhrase("chars", tuple(text for text, _, _ in streams.chars)), *joined]


def _single_run_phrases(run: re.Match[str]) -> list[TokenPhrase]:
    text = run.group()
    if run.lastgroup == "han":
        return [TokenPhrase("chars", (text,))] if len(text) == 1 else [TokenPhrase("bigrams", tuple(_pairs(text)))]
    parts = tuple(_PART.findall(text))
    return [TokenPhrase("chars", parts), *(TokenPhrase("words", (whole,)) for whole in _whole(list(parts)))]


def _pairs(run: str):
    return map("".join, zip(run, run[1:]))


def _whole(parts: list[str]) -> list[str]:
    """The word run joined, for the `words` column, unless it is too long to be a token."""
    whole = "".join(parts)
    return [whole] if len(whole) <= MAX_TOKEN_CHARS else []


def _spaced_numbers(normalized: str) -> list[Token]:
    tokens: list[Token] = []
    if not _DIGIT_SPACE_DIGIT.search(normalized):  # the full pattern is slow; most texts have none
        return tokens
    for match in _SPACED_NUMBER.finditer(normalized):
        digits = match.group("digits").replace(" ", "")
        tokens.append((digits, match.start("digits"), match.end()))
        if match.group("prefix"):
            tokens.append((match.group("prefix") + digits, match.start(), match.end()))
    for match in _SPLIT_IDENTIFIER.finditer(normalized):
        joined = "".join(_PART.findall(match.group("head"))) + match.group("tail").replace(" ", "")
        tokens.append((joined, match.start(), match.end()))
    return [token for token in tokens if len(token[0]) <= MAX_TOKEN_CHARS]


def _kept_positions(folded: str) -> list[int]:
    dropped = {i for match in _BLANKS_BETWEEN_HAN.finditer(folded) for i in range(match.start(), match.end())}
    return [i for i in range(len(folded)) if i not in dropped]
