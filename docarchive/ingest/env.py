"""What the steps may use. Analysis runs in worker processes, which get no stores: only limits and an engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from docarchive.domain.categories import CategoryScheme
from docarchive.domain.paper.codes import ArchiveNoRule
from docarchive.ingest.context import IngestContext
from docarchive.ingest.formats import Limits
from docarchive.ports.ocr import OcrEngine
from docarchive.ports.records import RecordStore

Stage = Literal["prepare", "analyse"]


@dataclass
class StepEnv:
    limits: Limits = field(default_factory=Limits)
    engine_name: str = "rapidocr"
    tesseract_languages: str = "chi_sim"
    ocr_rec_batch: int = 1
    ocr_runtime: str = "openvino"
    ocr_det_scale: float = 0.6
    ocr_gpu: bool = False
    ocr_cache: Path | None = None  # compiled models (RapidOCR on OpenVINO)
    volume_rule: ArchiveNoRule = field(default_factory=ArchiveNoRule)  # recognises volume codes on scanned pages
    max_file_bytes: int = 200 * 1024 * 1024
    categories: CategoryScheme = field(default_factory=CategoryScheme)
    records: RecordStore | None = None  # the prepare stage looks up duplicates
    _engine: OcrEngine | None = field(default=None, repr=False)

    def engine(self) -> OcrEngine:
        if self._engine is None:
            from docarchive.adapters.ocr import create_ocr_engine

            self._engine = create_ocr_engine(self.engine_name, tesseract_languages=self.tesseract_languages,
                                             rec_batch=self.ocr_rec_batch, runtime=self.ocr_runtime,
                                             det_scale=self.ocr_det_scale,
                                             use_gpu=self.ocr_gpu, compiled_cache=self.ocr_cache)
        return self._engine

    def for_worker(self) -> "StepEnv":
        """A copy safe to send to another process: no stores, no engine (each worker builds its own)."""
        return StepEnv(
            limits=self.limits,
            engine_name=self.engine_name,
            tesseract_languages=self.tesseract_languages,
            ocr_rec_batch=self.ocr_rec_batch,
            ocr_runtime=self.ocr_runtime,
            ocr_det_scale=self.ocr_det_scale,
            ocr_gpu=self.ocr_gpu,
            ocr_cache=self.ocr_cache,
            volume_rule=self.volume_rule,
            max_file_bytes=self.max_file_bytes,
            categories=self.categories,
        )


class Step(Protocol):
    name: str
    stage: Stage

    def run(self, ctx: IngestContext, env: StepEnv) -> None:
        """Do one thing to the context; raise StopPipeline to end early, a DocarchiveError to fail the file."""
        ...
