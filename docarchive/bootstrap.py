"""The composition root: the only place that reads Settings and chooses adapters."""

from __future__ import annotations

from dataclasses import dataclass

from docarchive.config import Settings
from docarchive.ingest.env import StepEnv
from docarchive.ingest.formats import Limits
from docarchive.ingest.pipeline import Pipeline
from docarchive.ingest.steps import DEFAULT_STEPS
from docarchive.ports.blobs import BlobStore
from docarchive.ports.clock import Clock, SystemClock
from docarchive.ports.records import RecordStore


@dataclass
class Container:
    settings: Settings
    records: RecordStore
    blobs: BlobStore
    clock: Clock

    def pipeline(self, *, engine: str | None = None) -> Pipeline:
        return Pipeline(DEFAULT_STEPS, self.step_env(engine=engine))

    def step_env(self, *, engine: str | None = None) -> StepEnv:
        settings = self.settings
        return StepEnv(
            limits=Limits(
                max_pages=settings.max_pages, max_image_pixels=settings.max_image_pixels, dpi=settings.render_dpi
            ),
            engine_name=engine or settings.ocr_engine,
            tesseract_languages=settings.tesseract_languages,
            archive_no_format=settings.archive_no_format,
            max_file_bytes=settings.max_file_bytes,
            clock=self.clock,
            records=self.records,
            blobs=self.blobs,
        )

    def close(self) -> None:
        self.records.close()


def bootstrap(settings: Settings | None = None, *, clock: Clock | None = None) -> Container:
    settings = settings or Settings()
    return Container(
        settings=settings,
        records=_record_store(settings),
        blobs=_blob_store(settings),
        clock=clock or SystemClock(),
    )


def _record_store(settings: Settings) -> RecordStore:
    from docarchive.adapters.records.sqlite import SqliteRecordStore

    return SqliteRecordStore(settings.database_path)


def _blob_store(settings: Settings) -> BlobStore:
    from docarchive.adapters.blobs.filesystem import FilesystemBlobStore

    return FilesystemBlobStore(settings.blobs_path)
