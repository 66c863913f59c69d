"""Reading a document's fields from its OCR text, by document type.

Output formats are fixed (other code and ground truth depend on them): dates ISO
`YYYY-MM-DD`, amounts in yuan (int when whole), ID numbers as 18 upper-case characters with
`id_number_valid`, phone numbers as digits with one optional hyphen after the area code.
"""

from __future__ import annotations

from collections.abc import Callable

from docarchive.domain.documents import DocType
from docarchive.domain.extraction._archive_card import read_archive_card
from docarchive.domain.extraction._contract import read_contract
from docarchive.domain.extraction._generic import read_generic
from docarchive.domain.extraction._id_card import read_id_card
from docarchive.domain.extraction._result import Extraction
from docarchive.domain.text import normalize_ocr_text

__all__ = ["Extraction", "extract_fields"]

_READERS: dict[DocType, Callable[[str], Extraction]] = {
    DocType.ARCHIVE_CARD: read_archive_card,
    DocType.ID_CARD: read_id_card,
    DocType.CONTRACT: read_contract,
    DocType.OTHER: read_generic,
}


def extract_fields(doc_type: DocType | str, text: str) -> Extraction:
    """The fields a document of `doc_type` carries, read from its raw or normalized text."""
    return _READERS[DocType(doc_type)](normalize_ocr_text(text))
