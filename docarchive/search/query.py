"""Search queries: what staff type, parsed into our own model that each backend translates.

User text never reaches a backend's query syntax. Grammar:

    query    := item+                      items are ANDed
    item     := filter | or_expr
    or_expr  := unary ("OR" unary)*        OR binds tighter: `合同 OR 协议 上海` = (合同 OR 协议) AND 上海
    unary    := "-" primary | primary      `-补充`, `-"补充协议"`, `-(a OR b)`
    primary  := word | '"' phrase '"' | "(" or_expr+ ")"
    filter   := key ":" value              `year:2023`, `类型：合同`, `date:2023-01-01..2023-06-30`

A `-` inside a word is not negation (`HT-2023-0012`). Chinese input methods' `“”`, `（）`, `：`
and `－` count as their ASCII forms. Filters stay at the top level: they narrow the whole query.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import NamedTuple, Union

from docarchive.domain.documents import DocType
from docarchive.domain.errors import InvalidQuery
from docarchive.search.analysis import query_tokens

MAX_QUERY_CHARS = 500
MAX_TERMS = 32
# Parentheses (and exclusions of groups) nested deeper than this are refused: no one types them, and each level
# costs stack in the parser and in every backend's translation (247 levels once ended in a RecursionError).
MAX_NESTING = 8

_SYNTAX_FORMS = str.maketrans({"“": '"', "”": '"', "＂": '"', "（": "(", "）": ")", "：": ":", "－": "-"})
_FIELDS = {
    "customer_no": "customer_no", "客户编号": "customer_no",
    "doc_type": "doc_type", "类型": "doc_type",
    "year": "year", "年份": "year",
    "grade": "grade", "等级": "grade",
    "category": "category", "类别": "category",
    "date": "date", "日期": "date",
}  # fmt: skip
_EXAMPLES = {
    "customer_no": "customer_no:KH-2019-00042", "doc_type": "doc_type:contract", "year": "year:2023",
    "grade": "grade:B", "category": "category:合同协议", "date": "date:2023-01-01..2023-06-30",
}  # fmt: skip
_DOC_TYPES = {
    **{t.value: t for t in DocType},
    "合同": DocType.CONTRACT, "协议": DocType.CONTRACT,
    "档案卡": DocType.ARCHIVE_CARD, "客户档案卡": DocType.ARCHIVE_CARD,
    "身份证": DocType.ID_CARD, "其他": DocType.OTHER,
}  # fmt: skip
_FILTER = re.compile(r"^([^:\s]+):(.*)$", re.DOTALL)
# Field → (pattern for the cleaned value, group 1 being what is kept; what a good value looks like).
_VALUE_RULES = {
    "customer_no": (re.compile(r"^(\S{1,64})$"), "one word such as KH-2019-00042"),
    "year": (re.compile(r"^(19\d\d|20\d\d|2100)年?$"), "a four-digit year such as 2023"),
    "grade": (re.compile(r"^([A-Z]{1,3}[+-]?)级?$"), "a letter grade such as A, B or AAA"),
    "category": (re.compile(r"^(.{1,64})$", re.DOTALL), "a category name such as 合同协议"),
}
_BARE_MINUS = "'-' must be followed directly by the word or quoted phrase to exclude"
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


@dataclass(frozen=True)
class Term:
    text: str


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class Not:
    clause: Clause


@dataclass(frozen=True)
class And:
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class Or:
    clauses: tuple[Clause, ...]


Clause = Union[Term, Phrase, Not, And, Or]


@dataclass(frozen=True)
class Filters:
    """Exact conditions on record fields, all of which must hold; None means "any"."""

    customer_no: str | None = None
    doc_type: DocType | None = None
    year: int | None = None
    date_from: date | None = None  # inclusive
    date_to: date | None = None  # inclusive
    grade: str | None = None
    category: str | None = None

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))


@dataclass(frozen=True)
class Query:
    """`clause` None means "every record the filters allow"."""

    clause: Clause | None
    filters: Filters = Filters()


def parse_query(
    text: str,
    *,
    customer_no: str | None = None,
    doc_type: DocType | str | None = None,
    year: int | str | None = None,
    grade: str | None = None,
    category: str | None = None,
    date_from: date | str | None = None,
    date_to: date | str | None = None,
) -> Query:
    """Parse what the user typed, plus filters given as parameters; raise InvalidQuery if malformed."""
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidQuery(f"query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
    clause, typed_filters = _Parser(_lex(text.translate(_SYNTAX_FORMS))).parse()
    _check_clause(clause)
    params = {"customer_no": customer_no, "doc_type": doc_type, "year": year, "grade": grade, "category": category}
    filters = _merge(_filters_from_text(typed_filters), _filters_from_params(params, date_from, date_to))
    if clause is None and filters.is_empty:
        raise InvalidQuery("empty query: type a word to search for or choose a filter")
    return Query(clause, filters)


def positive_terms(clause: Clause | None) -> list[Term | Phrase]:
    """The terms and phrases a match can come from: every one not under a Not."""
    return _terms(clause, negated=False)


def _terms(clause: Clause | None, *, negated: bool) -> list[Term | Phrase]:
    if isinstance(clause, Not):
        return _terms(clause.clause, negated=negated) if negated else []
    if isinstance(clause, (And, Or)):
        return [term for child in clause.clauses for term in _terms(child, negated=negated)]
    return [clause] if clause is not None else []


# --- lexing -------------------------------------------------------------------------------


class _Token(NamedTuple):
    kind: str  # "(", ")", "-", "OR", "word", "phrase", "filter"
    text: str = ""
    key: str = ""  # a filter's field


def _lex(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(_Token(char))
            i += 1
        elif char == '"':
            phrase, i = _read_quoted(text, i)
            tokens.append(_Token("phrase", phrase))
        elif char == "-":
            if not text[i + 1 : i + 2].strip():
                raise InvalidQuery(_BARE_MINUS)
            tokens.append(_Token("-"))
            i += 1
        else:
            token, i = _read_word(text, i)
            tokens.append(token)
    return tokens


def _read_quoted(text: str, start: int) -> tuple[str, int]:
    end = text.find('"', start + 1)
    if end < 0:
        raise InvalidQuery(f'unbalanced quote: the " before {text[start + 1 : start + 21]!r} is never closed')
    if not text[start + 1 : end].strip():
        raise InvalidQuery('empty phrase "": put words between the quotes')
    return text[start + 1 : end], end + 1


def _read_word(text: str, start: int) -> tuple[_Token, int]:
    end = start
    while end < len(text) and not text[end].isspace() and text[end] not in '()"':
        end += 1
    word = text[start:end]
    if word == "OR":
        return _Token("OR"), end
    match = _FILTER.match(word)
    key = _FIELDS.get(match.group(1).lower()) if match else None
    if not match or key is None:
        return _Token("word", word), end
    value = match.group(2)
    if not value and text[end : end + 1] == '"':
        value, end = _read_quoted(text, end)
    if not value.strip():
        raise InvalidQuery(f"'{match.group(1)}:' needs a value, e.g. {_EXAMPLES[key]}")
    return _Token("filter", value.strip(), key), end


# --- parsing ------------------------------------------------------------------------------


class _Parser:
    """Recursive descent over the tokens; filters come back separately from the clause."""

    def __init__(self, tokens: list[_Token]):
        self.tokens = tokens
        self.position = 0
        self.depth = 0  # parentheses open at the current position

    def parse(self) -> tuple[Clause | None, list[_Token]]:
        clauses: list[Clause] = []
        filters: list[_Token] = []
        while (kind := self._peek()) is not None:
            if kind == ")":
                raise InvalidQuery("unbalanced parenthesis: ')' has no matching '('")
            item = self._or_expr()
            if isinstance(item, _Token):
                filters.append(item)
            else:
                clauses.append(item)
        return _and(clauses), filters

    def _peek(self) -> str | None:
        return self.tokens[self.position].kind if self.position < len(self.tokens) else None

    def _next(self) -> _Token:
        self.position += 1
        return self.tokens[self.position - 1]

    def _or_expr(self) -> Clause | _Token:
        operands = [self._unary()]
        while self._peek() == "OR":
            self._next()
            operands.append(self._unary())
        if len(operands) == 1:
            return operands[0]
        if any(isinstance(operand, _Token) for operand in operands):
            raise InvalidQuery("a filter such as year:2023 cannot be an operand of OR")
        if not all(_has_positive(operand) for operand in operands):  # type: ignore[arg-type]
            raise InvalidQuery("each side of OR needs a word to search for, not only excluded ones")
        return Or(tuple(_flatten(Or, operands)))  # type: ignore[arg-type]

    def _unary(self) -> Clause | _Token:
        if self._peek() != "-":
            return self._primary()
        self._next()
        if self._peek() in (None, ")", "OR", "-"):
            raise InvalidQuery(_BARE_MINUS)
        operand = self._primary()
        if isinstance(operand, _Token):
            raise InvalidQuery(f"a filter cannot be excluded with '-' ({operand.key}:{operand.text})")
        return Not(operand)

    def _primary(self) -> Clause | _Token:
        kind = self._peek()
        if kind in (None, "OR", ")"):
            raise InvalidQuery("dangling OR: 'OR' needs a word or phrase on both sides")
        token = self._next()
        if kind == "(":
            return self._group()
        if kind == "filter":
            return token
        return Term(token.text) if kind == "word" else Phrase(token.text)

    def _group(self) -> Clause:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise InvalidQuery(f"parentheses are nested more than {MAX_NESTING} deep: flatten the query")
        clause = self._group_items()
        self.depth -= 1
        return clause

    def _group_items(self) -> Clause:
        clauses: list[Clause] = []
        while (kind := self._peek()) not in (")", None):
            item = self._or_expr()
            if isinstance(item, _Token):
                raise InvalidQuery(f"filters go outside parentheses ({item.key}:{item.text})")
            clauses.append(item)
        if kind is None:
            raise InvalidQuery("unbalanced parenthesis: a '(' is never closed")
        self._next()
        if not clauses:
            raise InvalidQuery("empty parentheses (): put words between them or remove them")
        return _and(clauses)  # type: ignore[return-value]


def _and(clauses: list[Clause]) -> Clause | None:
    flat = _flatten(And, clauses)
    if len(flat) <= 1:
        return flat[0] if flat else None
    return And(tuple(flat))


def _flatten(kind: type, clauses: list[Clause]) -> list[Clause]:
    return [inner for c in clauses for inner in (c.clauses if isinstance(c, kind) else (c,))]  # type: ignore


def _has_positive(clause: Clause) -> bool:
    if isinstance(clause, Not):
        return False
    if isinstance(clause, Or):
        return all(_has_positive(child) for child in clause.clauses)
    if isinstance(clause, And):
        return any(_has_positive(child) for child in clause.clauses)
    return True


def _check_clause(clause: Clause | None) -> None:
    leaves = _terms(clause, negated=True)
    if len(leaves) > MAX_TERMS:
        raise InvalidQuery(f"query has {len(leaves)} terms; the limit is {MAX_TERMS}")
    for leaf in leaves:
        if not query_tokens(leaf.text):
            raise InvalidQuery(f"{leaf.text!r} has no letters, digits or Chinese characters to search for")
    if clause is not None and not _has_positive(clause):
        raise InvalidQuery("a query cannot only exclude: add a word to search for")


# --- filters ------------------------------------------------------------------------------


def _filters_from_text(tokens: list[_Token]) -> Filters:
    filters = Filters()
    for token in tokens:
        if token.key == "date":
            values = _date_range(token.text)
        else:
            values = {token.key: _value(token.key, token.text)}
        filters = _merge(filters, Filters(**values), how="in the query")
    return filters


def _filters_from_params(params: dict[str, object], date_from: object, date_to: object) -> Filters:
    values = {key: _value(key, value) for key, value in params.items() if value is not None}
    values["date_from"] = _date_param(date_from)
    values["date_to"] = _date_param(date_to)
    return _ordered(Filters(**values))


def _merge(first: Filters, second: Filters, how: str = "in the query and as a parameter") -> Filters:
    merged = first
    for f in fields(Filters):
        old, new = getattr(first, f.name), getattr(second, f.name)
        if old is not None and new is not None and old != new:
            raise InvalidQuery(f"{f.name} is given twice {how} with different values: {old} and {new}")
        if new is not None:
            merged = replace(merged, **{f.name: new})
    return _ordered(merged)


def _ordered(filters: Filters) -> Filters:
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise InvalidQuery(f"date range {filters.date_from}..{filters.date_to} ends before it starts")
    return filters


def _clean(value: object) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip()


def _value(key: str, value: object) -> object:
    if key == "doc_type":
        return _doc_type(value)
    pattern, expected = _VALUE_RULES[key]
    text = _clean(value).upper() if key == "grade" else _clean(value)
    match = None if isinstance(value, bool) else pattern.match(text)
    if not match:
        raise InvalidQuery(f"bad {key} {str(value)!r}: expected {expected}")
    return int(match.group(1)) if key == "year" else match.group(1)


def _doc_type(value: object) -> DocType:
    doc_type = _DOC_TYPES.get(_clean(value).lower())
    if doc_type is None:
        choices = "contract/合同, archive_card/档案卡, id_card/身份证 or other"
        raise InvalidQuery(f"unknown doc_type {str(value)!r}: use {choices}")
    return doc_type


def _date_range(text: str) -> dict[str, date | None]:
    if ".." not in text:
        day = _date(text)
        return {"date_from": day, "date_to": day}
    start, _, end = text.partition("..")
    if not start.strip() and not end.strip():
        raise InvalidQuery("date range '..' needs a start, an end or both, e.g. date:2023-01-01..2023-06-30")
    return {"date_from": _date(start) if start.strip() else None, "date_to": _date(end) if end.strip() else None}


def _date_param(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if value is None or isinstance(value, date):
        return value
    return _date(str(value))


def _date(text: str) -> date:
    match = _DATE.match(_clean(text))
    if not match:
        raise InvalidQuery(f"bad date {text!r}: expected YYYY-MM-DD, e.g. 2023-06-30")
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        raise InvalidQuery(f"bad date {text!r}: there is no such day") from None
