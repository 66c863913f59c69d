"""The ingest steps, in the order they run."""

from docarchive.ingest.steps.analyse import ClassifyDocument, ExtractFields, ReadPages
from docarchive.ingest.steps.codes import CheckVolume, ChooseVolume, FileIntoVolume, FindCodes
from docarchive.ingest.steps.commit import LinkCustomer, StoreRecord
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
    LinkCustomer(),
    CheckVolume(),
    StoreRecord(),
    FileIntoVolume(),
)

__all__ = [
    "DEFAULT_STEPS",
    "CheckDuplicate",
    "CheckVolume",
    "ChooseVolume",
    "ClassifyDocument",
    "ExtractFields",
    "FileIntoVolume",
    "FindCodes",
    "HashContent",
    "LinkCustomer",
    "LoadFile",
    "ReadPages",
    "StoreRecord",
]
