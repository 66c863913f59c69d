"""OCR engines behind the OcrEngine port. Engine packages are imported only when that engine is chosen."""

from __future__ import annotations

from pathlib import Path

from docarchive.domain.errors import InvalidInput
from docarchive.ports.ocr import OcrEngine

ENGINES = ("rapidocr", "tesseract")


def create_ocr_engine(
    name: str, *, tesseract_languages: str = "chi_sim", rec_batch: int = 1, runtime: str = "openvino",
    use_gpu: bool = False, compiled_cache: Path | None = None, det_scale: float = 0.6,
) -> OcrEngine:
    """Build an engine by name; fails with InvalidInput, naming the fix, if it is unknown or not installed.

    Cheap: models load on the first page, so build one engine per worker process. rec_batch,
    runtime and use_gpu are RapidOCR's (lines per recognition call; "openvino" or "onnxruntime"; CUDA through
    onnxruntime-gpu where it is installed); compiled_cache is where OpenVINO keeps the models it compiled;
    det_scale is the fraction of the page's size RapidOCR detects text on (its boxes then fitted to the page).
    """
    if name == "rapidocr":
        from docarchive.adapters.ocr.rapidocr import RapidOcrEngine

        return RapidOcrEngine(rec_batch=rec_batch, runtime=runtime, use_gpu=use_gpu, compiled_cache=compiled_cache,
                              det_scale=det_scale)
    if name == "tesseract":
        from docarchive.adapters.ocr.tesseract import TesseractOcrEngine

        return TesseractOcrEngine(tesseract_languages)
    raise InvalidInput(f"unknown OCR engine {name!r}: choose one of {', '.join(ENGINES)}")
