"""The OCR settings reach the engine every worker builds (docarchive.ingest.env.StepEnv)."""

from __future__ import annotations

from docarchive.config import Settings
from docarchive.ingest.env import StepEnv


def test_rapidocr_detects_on_a_smaller_copy_by_default_in_settings_steps_and_workers(tmp_path):
    settings = Settings(home=tmp_path)
    assert settings.ocr_det_scale == StepEnv().ocr_det_scale == 0.6
    assert StepEnv().for_worker().engine().det_scale == 0.6


def test_detection_on_the_page_itself_is_one_setting_away():
    engine = StepEnv(ocr_det_scale=1.0, ocr_runtime="onnxruntime", ocr_rec_batch=6).for_worker().engine()
    assert (engine.det_scale, engine.runtime, engine.rec_batch) == (1.0, "onnxruntime", 6)
