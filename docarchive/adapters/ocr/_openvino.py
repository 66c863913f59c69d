"""OpenVINO's CPU runtime in place of onnxruntime for RapidOCR's models: the same ONNX files from the
rapidocr_onnxruntime wheel, the same outputs (at most 4e-6 apart on our pages), less CPU.

Measured single-threaded on this AVX2 CPU: detection 0.26 instead of 0.35 CPU s on a 1344x960 page, a
1200 px text line 0.071 instead of 0.101 s. OpenVINO prepares a kernel per input shape and caches it, so line
images are padded on the right to a multiple of _WIDTH_STEP: every line had a new width before, and lines of
unseen shapes ran no faster than on onnxruntime (0.081 against 0.080 s); padded, a page took 2.1 CPU s
instead of 2.7. The padding is blank, as rapidocr's own batch padding is, and changed no character read.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path
from typing import Any

import numpy as np

from docarchive.domain.errors import InvalidInput

log = logging.getLogger(__name__)
_WIDTH_STEP = 32
PROVIDER = "OpenVINO:CPU"


class OpenVinoSession:
    """Called like rapidocr's OrtInferSession: a batch in, a list holding the model's first output back."""

    providers = [PROVIDER]

    def __init__(self, model_path: Path, threads: int, compiled_cache: Path | None = None):
        import openvino

        core = openvino.Core()
        if compiled_cache is not None and _usable(compiled_cache):
            # Compiling a model for this CPU costs a worker ~0.8 CPU s at start-up, reading it back ~0.2 s.
            # OpenVINO names each entry by the model, the device, these options and its own version, so a
            # changed model or runtime compiles afresh rather than reading a stale entry.
            core.set_property({"CACHE_DIR": str(compiled_cache)})
        self._model = core.compile_model(str(model_path), "CPU", {
            "INFERENCE_NUM_THREADS": threads,
            "PERFORMANCE_HINT": "LATENCY",
            # OpenVINO pins its threads to cores, and every worker process picks the same first core: two
            # workers on two cores ran at one worker's speed (40 recognition calls: 3.1 s each side by side,
            # 1.5 s alone; unpinned 1.6 s). The kernel spreads unpinned workers over the cores.
            "ENABLE_CPU_PINNING": False,
        })

    def __call__(self, batch: np.ndarray) -> list[Any]:
        return [self._model(_padded_width(batch))[0]]


def _padded_width(batch: np.ndarray) -> np.ndarray:
    width = batch.shape[-1]
    padded = -(-width // _WIDTH_STEP) * _WIDTH_STEP
    if padded == width:
        return batch
    return np.pad(batch, [(0, 0)] * (batch.ndim - 1) + [(0, padded - width)])


def _usable(cache: Path) -> bool:
    """The cache directory, made private to this user where it is new; without it models compile each start."""
    try:
        cache.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        log.warning("OCR model cache %s unusable (%s): compiling the models at each start", cache, exc)
        return False
    if not os.access(cache, os.W_OK | os.X_OK):
        log.warning("OCR model cache %s is not writable: compiling the models at each start", cache)
        return False
    return True


def ensure_openvino() -> None:
    if importlib.util.find_spec("openvino") is None:
        raise InvalidInput("OpenVINO is not installed: pip install openvino, or set DOCARCHIVE_OCR_RUNTIME=onnxruntime")
