"""The ingest steps, in the order they run. They see ports and the domain only; the commit (link, store,
file) is the ingest service's (services/arrival.py)."""

from docarchive.ingest.steps.analyse import ClassifyDocument, ExtractFields, ReadPages
from docarchive.ingest.steps.codes import ChooseVolume, FindCodes
from docarchive.ingest.steps.prepare import CheckDuplicate, HashContent, LoadFile

DEFAULT_STEPS = (
    LoadFile(),
    HashContent(),
    CheckDuplicate(),
    FindCodes(),
    ReadPages(),
    ChooseVolume(),
    ClassifyDocument(),
    ExtractFields(),
)

__all__ = [
    "DEFAULT_STEPS",
    "CheckDuplicate",
    "ChooseVolume",
    "ClassifyDocument",
    "ExtractFields",
    "FindCodes",
    "HashContent",
    "LoadFile",
    "ReadPages",
]
