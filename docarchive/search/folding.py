"""One spelling per character, for search: NFKC, lower case, Traditional → Simplified, one dash.

`analysis.normalize` folds text with `fold` and then drops the blanks between Han characters; most text
(ASCII and basic Han, full-width forms, the ideographic space) folds char for char, through one table.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
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


def fold(text: str) -> str:
    """NFKC, lower case, Traditional → Simplified, one dash; zero-width characters dropped."""
    if _FOLDS_CHAR_FOR_CHAR.fullmatch(text):  # most text: one str.translate instead of NFKC match by match
        return text.translate(char_for_char_table())
    return fold_any(text)


def fold_any(text: str) -> str:
    text = _NFKC_CANDIDATES.sub(lambda match: unicodedata.normalize("NFKC", match.group()), text)
    return text.translate(_fold_table()).lower()


def folded_pieces(text: str):
    """(start, end, folded) pieces covering `text`: runs that fold char for char, and single
    characters (with their combining marks) in between."""
    position = 0
    for match in _ONE_TO_ONE.finditer(text):
        yield from _char_pieces(text, position, match.start())
        yield match.start(), match.end(), fold(match.group())
        position = match.end()
    yield from _char_pieces(text, position, len(text))


def _char_pieces(text: str, start: int, end: int):
    i = start
    while i < end:
        j = i + 1
        while j < end and unicodedata.combining(text[j]):
            j += 1
        yield i, j, fold(text[i:j])
        i = j


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
def char_for_char_table() -> dict[int, str | None]:
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


def fold_word_runs_in_place(text: str) -> str:
    """What `word_columns` needs of `normalize`, for text that `folds_char_for_char`: letters, digits,
    connectors and blanks folded, the rest as it is (Han text, punctuation: folded, none of it becomes a word
    character, a connector or a space), nothing dropped, so character i is still the original's character i.
    Folding a page of Chinese text whole (`str.translate`, one lookup per character) cost ~5x as much."""
    if _WORDISH_FULL_WIDTH.search(text):
        text = _WORDISH_FULL_WIDTH.sub(lambda match: char_for_char_table()[ord(match.group())], text)
    return text.lower()  # only ASCII letters are cased among the characters such text holds


# Of what `_FOLDS_CHAR_FOR_CHAR` admits, what folds to a letter, a digit, a connector or a space: full-width
# letters, digits, `－／＿`, and the ideographic space.
_WORDISH_FULL_WIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff0d\uff0f\uff3f\u3000]")
