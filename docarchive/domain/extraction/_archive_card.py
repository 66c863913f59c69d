"""Archive cards (客户档案卡 / 客户资料表 / 客户登记表): the customer's master data."""

from __future__ import annotations

from docarchive.domain.extraction import _vocabulary as vocabulary
from docarchive.domain.extraction._form import FREE_TEXT, Form, LabelledValue
from docarchive.domain.extraction._shared_fields import (
    read_customer_no,
    read_date,
    read_id_number,
    read_phone,
)
from docarchive.domain.extraction._result import Extraction
from docarchive.domain.extraction._values import (
    address_value,
    capital_value,
    grade_value,
    organisation_value,
    person_value,
    text_value,
)

_STOPS = vocabulary.stops_for(vocabulary.ARCHIVE_CARD)


def read_archive_card(text: str) -> Extraction:
    form = Form(text, vocabulary.ARCHIVE_CARD, _STOPS)
    out = Extraction()
    read_customer_no(form, out)
    out.set("name", form.first("name", lambda c: organisation_value(c.value), FREE_TEXT))
    out.set("legal_rep", form.first("legal_rep", lambda c: person_value(c.value)))
    read_id_number(form, out, unlabelled=True)
    read_phone(form, out)
    out.set("address", form.first("address", lambda c: address_value(c.value, c.following), FREE_TEXT))
    out.set("industry", form.first("industry", lambda c: text_value(c.value), FREE_TEXT))
    out.set("grade", form.first("grade", lambda c: grade_value(c.value)))
    _read_capital(form, out)
    read_date(form, "created_date", out)
    return out


def _read_capital(form: Form, out: Extraction) -> None:
    def read(candidate: LabelledValue) -> int | float | None:
        value, warning = capital_value(candidate.value, candidate.qualifier)
        if warning and warning not in out.warnings:
            out.warnings.append(warning)
        return value

    out.set("registered_capital", form.first("registered_capital", read))
