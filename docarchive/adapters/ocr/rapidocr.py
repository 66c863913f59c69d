"""PP-OCR (v4 detection and recognition) through rapidocr_onnxruntime, with the models its wheel ships."""

from __future__ import annotations

import dataclasses
import importlib.util
import logging
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from docarchive.adapters.ocr import _boxes, _page
from docarchive.adapters.ocr._openvino import OpenVinoSession, ensure_openvino
from docarchive.adapters.ocr._text import Fragment, assemble_line, build_result
from docarchive.domain.errors import BackendUnavailable, InvalidInput
from docarchive.ports.ocr import OcrResult

log = logging.getLogger(__name__)

_MODELS = ("ch_PP-OCRv4_det_infer.onnx", "ch_PP-OCRv4_rec_infer.onnx", "ch_ppocr_mobile_v2.0_cls_infer.onnx")
# Held while rapidocr's session classes are patched (`_memory_arena`, `_sessions_not_loaded`): two threads
# building engines at once would otherwise each keep the other's patch as the "original" and leave one
# installed. Reentrant: one engine is built under both.
_SESSION_PATCH_LOCK = threading.RLock()
_REC_HEIGHT = 48  # PP-OCRv4 recognition's input height
_CUDA = "CUDAExecutionProvider"
# Two boxes are on one visual line when they share at least this fraction of the shorter one's height.
_SAME_ROW_OVERLAP = 0.5
# A box read as nothing but stars is the star in the middle of a company seal (公章), not text. Detection on a
# smaller copy (det_scale) finds it as a glyph-sized box where the full-size page did not: on the orientation
# bench's file covers it added "★" to four pages of thirty.
_SEAL_STARS = frozenset("★☆✩✪✫✬✭✮✯⭐")


class RapidOcrEngine:
    """Reads simplified Chinese, Latin and digits; the ONNX sessions load on the first page.

    A worker process builds one engine and keeps it; pickling drops the loaded sessions.
    """

    name = "rapidocr"

    def __init__(
        self, *, threads: int = 1, max_side: int = 2000, rec_batch: int = 1, runtime: str = "openvino",
        use_gpu: bool = False, compiled_cache: Path | None = None, det_scale: float = 0.6,
    ):
        # max_side: pages are shrunk to this before detection. 2000 keeps 10.5 pt text legible at 300 dpi;
        # 2600 and 3600 read no better on our test pages, and detection time grows with the pixels.
        # rec_batch: text lines per recognition call. A batch is padded to its widest line, and on one CPU
        # thread the padding costs more than the calls it saves: 1 took recognition from 1.8 to 1.3 CPU s
        # per page against rapidocr's 6 (16 was 2.8 s; batches grouped by width within 10-20%, 1.4-1.6 s).
        # runtime: "openvino" (_openvino.py) or "onnxruntime"; a CUDA device, where asked for, wins over both.
        # compiled_cache: where OpenVINO keeps the models it compiled for this CPU (None: compiled every start).
        # det_scale: detection runs on a copy this fraction of the page's size, and its boxes are fitted to the
        # page's ink before the lines are cut out (_boxes.py); 1 detects on the page itself. 0.6: detection
        # 0.25 instead of 0.7 CPU s a page, and no page set we have reads worse than at full size once a seal's
        # star is not text and ink inside a neighbouring box is not a line's (docs/benchmarks.md, issue 18).
        ensure_installed()
        if runtime == "openvino":
            ensure_openvino()
        self.runtime = runtime
        self.threads = threads
        self.max_side = max_side
        self.rec_batch = rec_batch
        self.use_gpu = use_gpu
        self.compiled_cache = compiled_cache
        self.det_scale = det_scale
        self._ocr: Any = None
        self._fitted: _FittedDetector | None = None
        self._seconds: dict[str, float] = {}

    def recognize(self, image: Image.Image) -> OcrResult:
        page = image if image.mode in ("L", "RGB") else image.convert("RGB")
        engine = self._engine()
        self._seconds.clear()
        self._fitted.smaller = self.det_scale < 1 and max(page.size) >= self.max_side
        given = _page.det_input(np.asarray(page), self.max_side)
        try:
            result, _ = engine(given.pixels)
        except _page_errors() as exc:
            raise BackendUnavailable(f"rapidocr failed on a page: {exc}") from exc
        fragments = [_fragment(given.placed(quad), text, score, page.size) for quad, text, score in result or ()]
        read = build_result(assemble_line(row) for row in _rows(f for f in fragments if _is_text(f.text)))
        return dataclasses.replace(read, seconds=dict(self._seconds))

    def read_lines(self, lines: list[Image.Image]) -> list[tuple[str, float]]:
        """Straight to the recogniser: the lines need no detection. Reading the probe's strips as a sheet
        cost a detection call on a new input shape each page (0.21 CPU s a page for the probe, 0.08 without
        detection). Readings under rapidocr's own score threshold count as nothing, as on a page."""
        if not lines:
            return []
        engine = self._engine()
        read, _ = engine.text_rec([np.asarray(line.convert("RGB")) for line in lines])
        return [(text, float(score)) if score >= engine.text_score else ("", 0.0) for text, score in read]

    @property
    def providers(self) -> list[str]:
        """What the recognition model runs on, best first: onnxruntime's execution providers, or OpenVINO."""
        session = self._engine().text_rec.session
        return session.providers if isinstance(session, OpenVinoSession) else session.session.get_providers()

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_ocr": None, "_fitted": None, "_seconds": {}}

    def _engine(self) -> Any:
        if self._ocr is None:
            from onnxruntime import get_available_providers

            cuda = use_cuda(self.use_gpu, get_available_providers())
            on_openvino = self.runtime == "openvino" and not cuda
            with _memory_arena(), _sessions_not_loaded(("det", "cls") if on_openvino else ("cls",)):
                ocr = _new_engine(self.threads, self.max_side, self.rec_batch, cuda)
            # Lines are no longer padded to at least 320 px (6.7 line heights) before recognition: a short
            # line such as a table cell is read at its own width (then padded to the next 32 px, _openvino.py).
            # Recognition 0.95 -> 0.87 CPU s a page; CER unchanged on clean, light and heavy pages.
            ocr.text_rec.rec_image_shape = [3, _REC_HEIGHT, _REC_HEIGHT]
            if on_openvino:
                _run_on_openvino(ocr, self.threads, self.compiled_cache)
            self._fitted = ocr.text_det = _FittedDetector(ocr.text_det, self.det_scale)
            _fast_det_preprocess(self._fitted.detector, self._fitted.scale)
            for stage, part in (("detect", "text_det"), ("classify", "text_cls"), ("recognise", "text_rec")):
                setattr(ocr, part, _Timed(getattr(ocr, part), stage, self._seconds))
            self._ocr = ocr
        return self._ocr


def _run_on_openvino(ocr: Any, threads: int, compiled_cache: Path | None) -> None:
    """Detection and recognition on OpenVINO (the recogniser's onnxruntime session was only built to read
    the character list out of the model)."""
    models = _models_dir()
    ocr.text_det.infer = OpenVinoSession(models / _MODELS[0], threads, compiled_cache)
    ocr.text_rec.session = OpenVinoSession(models / _MODELS[1], threads, compiled_cache)


def _fast_det_preprocess(detector: Any, scale: Callable[[], float]) -> None:
    """Detection's resizing as rapidocr does it (to scale() of the given image's longer side, in multiples of 32),
    its normalisation in float32 (_page.det_blob). rapidocr scales the boxes back to the image it was given."""
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

    choose = detector.get_preprocess

    def prepare(img: np.ndarray) -> np.ndarray | None:
        side = max(img.shape[:2])
        fraction = scale()
        resizer = choose(side) if fraction >= 1 else DetPreProcess(int(side * fraction), "max")
        resized = resizer.resize(img)
        return None if resized is None else _page.det_blob(resized)

    detector.get_preprocess = lambda max_wh: prepare


class _FittedDetector:
    """rapidocr's detector, its boxes (found on a smaller copy) fitted to the ink of the page (_boxes.py).

    Only pages that were shrunk to max_side are detected smaller: that is where it was measured (200 dpi A4,
    text ~27 px tall, ~16 px at 0.6). A smaller image may carry smaller text, and is detected at its size."""

    def __init__(self, detector: Any, scale: float):
        self.detector, self._scale = detector, scale
        self.smaller = False  # set per page by RapidOcrEngine.recognize

    def scale(self) -> float:
        return self._scale if self.smaller else 1.0

    def __call__(self, img: np.ndarray) -> tuple[Any, float]:
        boxes, elapsed = self.detector(img)
        if not self.smaller or boxes is None or len(boxes) == 0:
            return boxes, elapsed
        return _boxes.refine_boxes(img, boxes), elapsed

    def __getattr__(self, name: str) -> Any:
        return getattr(self.detector, name)


def use_cuda(wanted: bool, available: Iterable[str]) -> bool:
    """CUDA when the setting asks for it and onnxruntime-gpu offers it; the CPU otherwise, said once."""
    if wanted and _CUDA not in available:
        log.warning("DOCARCHIVE_OCR_GPU is set but onnxruntime offers no CUDA (install onnxruntime-gpu and a "
                    "CUDA driver); reading on the CPU")
    return wanted and _CUDA in available


class _Timed:
    """Wraps one of rapidocr's stages (detector, angle classifier, recogniser) to add up its CPU seconds."""

    def __init__(self, stage_model: Any, stage: str, seconds: dict[str, float]):
        self._model, self._stage, self._seconds = stage_model, stage, seconds

    def __call__(self, *args: Any) -> Any:
        started = time.process_time()
        try:
            return self._model(*args)
        finally:
            spent = time.process_time() - started
            self._seconds[self._stage] = self._seconds.get(self._stage, 0.0) + spent

    def __getattr__(self, name: str) -> Any:
        return getattr(self._model, name)


def _new_engine(threads: int, max_side: int, rec_batch: int, cuda: bool) -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(
        # One thread per session: we run one worker process per core, and onnxruntime's own pool
        # would put N threads in each of N processes (on this 2-core box its default pool was even
        # slower for a single process). Global thread settings reach det, cls and rec.
        intra_op_num_threads=threads,
        inter_op_num_threads=1,
        max_side_len=max_side,
        # Pages arrive upright (ingest.preprocess). The line classifier would also turn upside-down
        # lines the right way round, which hides an upside-down page from the orientation probe.
        use_cls=False,
        # Detect at the size we give it: the default scales small images up to 736 px, which made
        # a 1000x100 crop cost as much as a page.
        det_limit_type="max",
        det_limit_side_len=max_side,
        # Keep fainter boxes (default 0.5): lone digits in table cells ("1", "2") were lost on noisy
        # scans; recognition's own score threshold still drops boxes that read as nothing.
        det_box_thresh=0.3,
        rec_batch_num=rec_batch,
        det_use_cuda=cuda,
        cls_use_cuda=cuda,
        rec_use_cuda=cuda,
    )


@contextmanager
def _memory_arena():
    """Builds the ONNX sessions with onnxruntime's memory arena, which rapidocr 1.4 turns off.

    Without it every tensor of every page is a fresh malloc: the large ones are mapped and unmapped each
    time, and the kernel zero-fills each page of them on first touch. Measured per scanned page (one
    process, 5 pages): 768,000 page faults and 2.4 s of system time on 3.3 s of user time, against
    152,000 faults and 0.6 s with the arena (3.6 s instead of 5.9 s per page) — and the zero-filling
    is memory traffic that two workers on two cores contend for. The arena keeps its peak (~100 MB more
    resident per process), which a process that reads page after page reaches anyway."""
    from rapidocr_onnxruntime.utils import infer_engine

    def with_arena(config):
        options = original.__func__(config)
        options.enable_cpu_mem_arena = True
        return options

    with _SESSION_PATCH_LOCK:
        original = infer_engine.OrtInferSession.__dict__["_init_sess_opts"]
        infer_engine.OrtInferSession._init_sess_opts = staticmethod(with_arena)
        try:
            yield
        finally:
            infer_engine.OrtInferSession._init_sess_opts = original


@contextmanager
def _sessions_not_loaded(stages: tuple[str, ...]):
    """Builds rapidocr without the onnxruntime sessions of `stages` ("det", "cls"): sessions that OpenVINO's
    replace, or of the angle classifier, which is off. Each cost a worker ~0.05-0.1 CPU s at start-up."""
    from rapidocr_onnxruntime.ch_ppocr_cls import text_cls
    from rapidocr_onnxruntime.ch_ppocr_det import text_detect

    modules = [module for stage, module in (("det", text_detect), ("cls", text_cls)) if stage in stages]
    with _SESSION_PATCH_LOCK:
        originals = [module.OrtInferSession for module in modules]
        for module in modules:
            module.OrtInferSession = _NotLoaded
        try:
            yield
        finally:
            for module, original in zip(modules, originals):
                module.OrtInferSession = original


class _NotLoaded:
    """In place of an onnxruntime session docarchive never runs."""

    def __init__(self, config: Any):
        self.config = config

    def __call__(self, *args: Any) -> Any:
        raise BackendUnavailable("this rapidocr stage has no session: docarchive replaced it or turned it off")


def _page_errors() -> tuple[type[Exception], ...]:
    from onnxruntime.capi.onnxruntime_pybind11_state import Fail, InvalidArgument, RuntimeException
    from rapidocr_onnxruntime.ch_ppocr_det.utils import ResizeImgError
    from rapidocr_onnxruntime.utils import LoadImageError

    return Fail, InvalidArgument, RuntimeException, ResizeImgError, LoadImageError


def ensure_installed() -> None:
    """Check the package and its bundled models without importing onnxruntime (that happens per worker)."""
    models = _models_dir()
    missing = [name for name in _MODELS if not (models / name).is_file()]
    if missing:
        raise InvalidInput(f"rapidocr models missing from {models}: {', '.join(missing)} (reinstall rapidocr_onnxruntime)")


def _models_dir() -> Path:
    spec = importlib.util.find_spec("rapidocr_onnxruntime")
    if spec is None or spec.origin is None:
        raise InvalidInput("rapidocr is not installed: pip install 'rapidocr_onnxruntime>=1.4,<1.5'")
    return Path(spec.origin).parent / "models"


def _fragment(quad: list[list[float]], text: str, score: float, size: tuple[int, int]) -> Fragment:
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    box = (
        max(int(min(xs)), 0),
        max(int(min(ys)), 0),
        min(round(max(xs)), size[0]),
        min(round(max(ys)), size[1]),
    )
    return Fragment(text.strip(), box, min(max(float(score), 0.0), 1.0))


def _is_text(read: str) -> bool:
    return bool(read) and not set(read.replace(" ", "")) <= _SEAL_STARS


def _rows(fragments: Iterable[Fragment]) -> list[list[Fragment]]:
    """Group boxes into visual lines, top to bottom; assemble_line orders each left to right."""
    rows: list[list[Fragment]] = []
    for fragment in sorted(fragments, key=lambda f: f.box[1] + f.box[3]):
        row = next((r for r in reversed(rows[-3:]) if _same_row(r, fragment)), None)
        if row is None:
            rows.append([fragment])
        else:
            row.append(fragment)
    return sorted(rows, key=lambda r: min(f.box[1] for f in r))


def _same_row(row: list[Fragment], fragment: Fragment) -> bool:
    top, bottom = min(f.box[1] for f in row), max(f.box[3] for f in row)
    overlap = min(bottom, fragment.box[3]) - max(top, fragment.box[1])
    shortest = min(bottom - top, fragment.box[3] - fragment.box[1])
    return shortest > 0 and overlap >= _SAME_ROW_OVERLAP * shortest
