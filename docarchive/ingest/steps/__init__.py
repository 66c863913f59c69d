"""The ingest steps, in the order they run."""

from docarchive.ingest.steps.analyse import ClassifyDocument, ExtractFields, ReadPages
from docarchive.ingest.steps.commit import LinkCustomer, StoreRecord
from docarchive.ingest.steps.prepare import CheckDuplicate, HashContent, LoadFile

DEFAULT_STEPS = (
    LoadFile(),
    HashContent(),
    CheckDuplicate(),
    ReadPages(),
    ClassifyDocument(),
    ExtractFields(),
    LinkCustomer(),
    StoreRecord(),
)

__all__ = [
    "DEFAULT_STEPS",
    "CheckDuplicate",
    "ClassifyDocument",
    "ExtractFields",
    "HashContent",
    "LinkCustomer",
    "LoadFile",
    "ReadPages",
    "StoreRecord",
]
