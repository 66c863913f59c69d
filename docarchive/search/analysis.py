"""Chinese text analysis shared by index time and query time, for every search backend.

Backends never tokenise: they store the space-joined streams of `index_terms` and match the
phrases of `query_tokens`, so FTS5 and Elasticsearch find exactly the same documents.

Normalisation (`normalize`) gives one spelling for what OCR and typists vary:
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
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from importlib import resources

# Han ideographs: extension A, the basic block, compatibility ideographs, 〇, extensions B–H.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007\U00020000-\U0003134f"
COLUMNS = ("bigrams", "chars", "words")
# Separates Han runs in the bigrams column. That column only ever holds Han bigrams, so an
# ASCII token can never be part of a query phrase there.
GAP = "0"

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
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
# ASCII and basic Han are NFKC-stable; only the rest (with the char before it, which a
# combining mark may compose with) goes through unicodedata, which is slow on Han text.
_NFKC_CANDIDATES = re.compile(r"(?s).?[^\x00-\x7f\u4e00-\u9fff]+")
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u3099\u309a"
# Runs that fold char for char; the char before a combining mark is left out, so that it is
# folded together with its mark.
_ONE_TO_ONE = re.compile(f"[\x00-\x7f\u4e00-\u9fff]+(?![{_COMBINING}])")

# Text in which every character folds to exactly one character: ASCII, basic Han (Traditional ones map to
# one Simplified character), the ideographic space, 、。 and the brackets 《》「」『』【】 (NFKC keeps them),
# and full-width ASCII forms (NFKC: one ASCII character each). Highlighting such text needs no per-character
# bookkeeping unless blanks between Han characters are dropped.
_FOLDS_CHAR_FOR_CHAR = re.compile("[\x00-\x7f\u4e00-\u9fff\u3000-\u3002\u300a-\u3011\uff01-\uff5e]*")

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
    return _BLANKS_BETWEEN_HAN.sub("", _fold(text))


def normalize_with_offsets(text: str) -> "NormalizedText | _InPlace":
    """`normalize`, remembering where each character came from (to highlight the original)."""
    if _FOLDS_CHAR_FOR_CHAR.fullmatch(text):
        return _normalize_in_place(text.translate(_char_for_char_table()))
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for start, end, piece in _folded_pieces(text):
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


def column_tokens(normalized: str, column: str, *, han_runs_whole: bool = False) -> list[Token]:
    """One column of `token_streams` (highlighting needs only the column of the phrase it looks for). With
    `han_runs_whole`, `chars` holds the Latin/digit parts with one empty token wherever Han text stands
    between two of them: enough to match a phrase with no Han token in it (which Han text in between breaks,
    however long), found by a pass over the word runs alone instead of one token per character."""
    if column == "bigrams" or (column == "chars" and not han_runs_whole):
        return token_streams(normalized).column(column)
    tokens: list[Token] = []
    previous_end = 0
    for match in _WORD_RUN.finditer(normalized):
        run, start, end = match.group(), match.start(), match.end()
        parts = [(m.group(), start + m.start(), start + m.end()) for m in _PART.finditer(run)]
        if column == "words":
            tokens += [(whole, start, end) for whole in _whole([part for part, _, _ in parts])]
            continue
        if _HAN_CHAR.search(normalized, previous_end, start):
            tokens.append(("", previous_end, start))
        tokens += parts
        previous_end = end
    return tokens + (_spaced_numbers(normalized) if column == "words" else [])


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


def _fold(text: str) -> str:
    if _FOLDS_CHAR_FOR_CHAR.fullmatch(text):  # most text: one str.translate instead of NFKC match by match
        return text.translate(_char_for_char_table())
    return _fold_any(text)


def _fold_any(text: str) -> str:
    text = _NFKC_CANDIDATES.sub(lambda match: unicodedata.normalize("NFKC", match.group()), text)
    return text.translate(_fold_table()).lower()


def _folded_pieces(text: str):
    """(start, end, folded) pieces covering `text`: runs that fold char for char, and single
    characters (with their combining marks) in between."""
    position = 0
    for match in _ONE_TO_ONE.finditer(text):
        yield from _char_pieces(text, position, match.start())
        yield match.start(), match.end(), _fold(match.group())
        position = match.end()
    yield from _char_pieces(text, position, len(text))


def _char_pieces(text: str, start: int, end: int):
    i = start
    while i < end:
        j = i + 1
        while j < end and unicodedata.combining(text[j]):
            j += 1
        yield i, j, _fold(text[i:j])
        i = j


def _kept_positions(folded: str) -> list[int]:
    dropped = {i for match in _BLANKS_BETWEEN_HAN.finditer(folded) for i in range(match.start(), match.end())}
    return [i for i in range(len(folded)) if i not in dropped]


@cache
def _fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(ch): "-" for ch in _DASHES}
    table.update({ord(ch): None for ch in _INVISIBLE})
    table[ord("İ")] = "i"  # str.lower() would give i + a combining dot, which splits the word
    table.update({ord(trad): simp for trad, simp in traditional_to_simplified().items()})
    return table


def folds_char_for_char(text: str) -> bool:
    """Whether every character of `text` folds to one character of its own (then `folded_as` spells the
    originals of a Han character, and only blanks between Han characters fall out)."""
    return _FOLDS_CHAR_FOR_CHAR.fullmatch(text) is not None


def folded_as(han: str) -> str:
    """The characters that text `folds_char_for_char` may hold where its normalised form has the Simplified
    character `han`: itself and the Traditional characters of the basic block that fold to it."""
    return _spellings().get(han, han)


@cache
def _spellings() -> dict[str, str]:
    found: dict[str, str] = {}
    for trad, simp in traditional_to_simplified().items():
        if "\u4e00" <= trad <= "\u9fff":
            found[simp] = found.get(simp, simp) + trad
    return found


@cache
def _char_for_char_table() -> dict[int, str | None]:
    """`_fold` of the characters `_FOLDS_CHAR_FOR_CHAR` admits, as one table: NFKC makes each of them one
    character (full-width forms ASCII, the ideographic space a space) and never composes them with their
    neighbours, then the fold table applies, then lower case (only ASCII letters are cased among them)."""
    table = dict(_fold_table())
    for code in [*range(0xFF01, 0xFF5F), 0x3000]:
        table[code] = unicodedata.normalize("NFKC", chr(code))
    for code, folded in list(table.items()):
        table[code] = folded.lower() if folded else folded
    table.update({code: chr(code).lower() for code in range(ord("A"), ord("Z") + 1)})
    return table


@cache
def traditional_to_simplified() -> dict[str, str]:
    """OpenCC's single-character Traditional → Simplified table, first choice, chains resolved."""
    source = resources.files("opencc") / "dictionary" / "TSCharacters.txt"
    first: dict[str, str] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        trad, _, choices = line.partition("\t")
        if trad and choices.split():
            first[trad] = choices.split()[0]
    resolved = {trad: _resolve(first, simp) for trad, simp in first.items()}
    return {trad: simp for trad, simp in resolved.items() if simp != trad}


def _resolve(table: dict[str, str], char: str) -> str:
    """Follow A → B → C chains so that folding twice changes nothing."""
    seen = {char}
    while table.get(char, char) not in seen:
        char = table[char]
        seen.add(char)
    return char
