"""Documents of no known type still name customers, ID numbers and phones now and then."""

from __future__ import annotations

from docarchive.domain.extraction import _vocabulary as vocabulary
from docarchive.domain.extraction._form import Form
from docarchive.domain.extraction._shared_fields import read_customer_no, read_id_number, read_phone
from docarchive.domain.extraction._result import Extraction

_STOPS = vocabulary.stops_for(vocabulary.GENERIC)


def read_generic(text: str) -> Extraction:
    form = Form(text, vocabulary.GENERIC, _STOPS)
    out = Extraction()
    read_customer_no(form, out)
    read_id_number(form, out)
    read_phone(form, out)
    return out
