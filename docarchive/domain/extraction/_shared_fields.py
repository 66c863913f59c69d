"""Fields several readers share: ID number with its validity, phone, customer number, dates."""

from __future__ import annotations

from collections.abc import Sequence

from docarchive.domain.dates import looks_like_date, to_iso
from docarchive.domain.extraction._form import Form, LabelledValue
from docarchive.domain.extraction._result import Extraction
from docarchive.domain.extraction._values import IdReading, code_value, id_number_value, phone_value


def read_id_number(form: Form, out: Extraction, *, unlabelled: bool = False) -> IdReading | None:
    """`id_number` and `id_number_valid`, preferring a number that checks out; warns when none does.

    `unlabelled`: when no label is readable, a number anywhere that checks out is taken (the
    check character and birth date make a false find unlikely).
    """
    readings = [r for c in form.candidates("id_number") if (r := id_number_value(c.value))]
    if not readings and unlabelled:
        readings = [r for line in form.lines if (r := id_number_value(line)) and r.valid]
    reading = next((r for r in readings if r.valid), readings[0] if readings else None)
    record_id_number(reading, out)
    return reading


def record_id_number(reading: IdReading | None, out: Extraction) -> None:
    if reading is None:
        return
    out.set("id_number", reading.value)
    out.set("id_number_valid", reading.valid)
    if reading.warning:
        out.warnings.append(reading.warning)


def read_phone(form: Form, out: Extraction) -> None:
    out.set("phone", form.first("phone", lambda c: phone_value(c.value)))


def read_customer_no(form: Form, out: Extraction) -> None:
    out.set("customer_no", form.first("customer_no", lambda c: code_value(c.value, latin_only=True)))


def read_date(
    form: Form, field: str, out: Extraction, candidates: Sequence[LabelledValue] | None = None
) -> None:
    """The first candidate that is a real date, as ISO; warns about one that cannot exist (2月30日)."""
    candidates = form.candidates(field) if candidates is None else candidates
    for candidate in candidates:
        if found := to_iso(candidate.value):
            out.set(field, found)
            return
    if impossible := next((c.value for c in candidates if looks_like_date(c.value)), None):
        out.warnings.append(f"{field} {impossible} is not a real date")
