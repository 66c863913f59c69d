"""Protocols the services depend on; adapters implement them, one module per technology."""

from docarchive.ports.blobs import BlobStore
from docarchive.ports.clock import Clock, SystemClock
from docarchive.ports.ocr import OcrEngine, OcrResult
from docarchive.ports.records import RecordStore, UnitOfWork

__all__ = ["BlobStore", "Clock", "SystemClock", "OcrEngine", "OcrResult", "RecordStore", "UnitOfWork"]
