"""Contracts and agreements (合同 / 协议): number, parties, amount, signing date."""

from __future__ import annotations

import re

from docarchive.domain.dates import to_iso
from docarchive.domain.extraction import _vocabulary as vocabulary
from docarchive.domain.extraction._form import COLON, FREE_TEXT, Form, LabelledValue, Strength
from docarchive.domain.extraction._result import Extraction
from docarchive.domain.extraction._shared_fields import read_customer_no, read_date
from docarchive.domain.extraction._values import amount_value, code_value, party_value
from docarchive.domain.text import HAN

_STOPS = vocabulary.stops_for(vocabulary.CONTRACT)
# `出卖人（甲方）：` names the role first; read it as `甲方（出卖人）：`.
_ROLE_FIRST = re.compile(rf"([{HAN}]{{1,6}})\s*[（(]\s*([甲乙])\s*方\s*[）)](?=\s*{COLON})")
_GARBLED_LABEL_LINE = re.compile(rf"[^:：∶]{{1,14}}{COLON}\s*(.+)")  # `FAA〈需方）：上海中天…`
_SIGNATURE_LINES = 8  # a bare date in the last lines is the signing date
_BARE_DATE_LINE = re.compile(r"[\d〇零○一二三四五六七八九十年月日号.\-/\s]+")


def read_contract(text: str) -> Extraction:
    form = Form(_ROLE_FIRST.sub(r"\2方（\1）", text), vocabulary.CONTRACT, _STOPS)
    out = Extraction()
    read_customer_no(form, out)  # a stated 客户编号 decides whose file it is (domain/linking.py)
    out.set("contract_no", form.first("contract_no", lambda c: code_value(c.value)))
    _read_parties(form, out)
    _read_amount(form, out)
    _read_sign_date(form, out)
    return out


def _read_parties(form: Form, out: Extraction) -> None:
    """甲方 and 乙方; when OCR garbled one label, the line next to the other party's line holds it."""
    for field in ("party_a", "party_b"):
        out.set(field, form.first(field, _party, FREE_TEXT))
    for field, other, step in (("party_a", "party_b", -1), ("party_b", "party_a", 1)):
        if field not in out.fields:
            out.set(field, _party_beside(form, other, step))


def _party(candidate: LabelledValue) -> str | None:
    return party_value(candidate.value, strict=candidate.strength < Strength.COLON)


def _party_beside(form: Form, other: str, step: int) -> str | None:
    labelled = [c for c in form.candidates(other) if c.strength == Strength.COLON]
    if not labelled:
        return None
    line_no = labelled[0].line_no + step
    if not 0 <= line_no < len(form.lines):
        return None
    match = _GARBLED_LABEL_LINE.fullmatch(form.lines[line_no])
    return party_value(match.group(1)) if match else None


def _read_amount(form: Form, out: Extraction) -> None:
    for candidate in form.candidates("amount"):
        in_words_below = [line for line in candidate.following if "大写" in line]
        value, warning = amount_value(" ".join([candidate.value, *in_words_below]))
        if value is not None:
            out.set("amount", value)
            if warning:
                out.warnings.append(warning)
            return


def _read_sign_date(form: Form, out: Extraction) -> None:
    """签订日期 wherever it is; else the last plain 日期 (signature blocks); else a bare date line at the end."""
    candidates = form.candidates("sign_date")
    named = [c for c in candidates if c.label != vocabulary.GENERIC_DATE_LABEL]
    generic = [
        c for c in candidates if c.label == vocabulary.GENERIC_DATE_LABEL and c.strength > Strength.GLUED
    ]
    last_first = sorted(generic, key=lambda c: c.line_no)[::-1]
    read_date(form, "sign_date", out, [*named, *last_first])
    if "sign_date" not in out.fields:
        out.set("sign_date", _bare_date_at_end(form.lines))


def _bare_date_at_end(lines: list[str]) -> str | None:
    tail = [line for line in lines if line][-_SIGNATURE_LINES:]
    for line in reversed(tail):
        if _BARE_DATE_LINE.fullmatch(line) and (found := to_iso(line)):
            return found
    return None
