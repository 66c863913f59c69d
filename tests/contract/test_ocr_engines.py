"""Every OCR engine passes one suite: what the ingest pipeline relies on, whichever engine is configured."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from PIL import Image

from docarchive.adapters.ocr import create_ocr_engine
from docarchive.domain.errors import InvalidInput
from docarchive.ports.ocr import OcrEngine
from tests.ocr_helpers import character_error_rate, render_lines

LINES = [
    "客户档案卡",
    "客户编号：KH-2019-00042",
    "联系电话：13812345678",
    "本合同自双方签字之日起生效。",
    "Customer Archive Card",
]
_CJK_SPACE_CJK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef] +[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")


@pytest.fixture(params=["tesseract", "rapidocr"], scope="module")
def engine(request) -> OcrEngine:
    return create_ocr_engine(request.param)


@pytest.fixture(scope="module")
def sample() -> Image.Image:
    return render_lines(LINES, size=42)  # 10.5 pt at ~300 dpi


@pytest.fixture(scope="module")
def result(engine, sample):
    return engine.recognize(sample)


def test_engine_satisfies_the_port(engine):
    assert isinstance(engine, OcrEngine)
    assert engine.name in ("tesseract", "rapidocr")


def test_reads_chinese_latin_and_digits(result):
    assert character_error_rate(result.text, "\n".join(LINES)) <= 0.03
    assert "KH-2019-00042" in result.text
    assert "13812345678" in result.text


def test_reads_one_line_per_printed_line_top_to_bottom(result):
    assert len(result.lines) == len(LINES)
    assert result.text == "\n".join(line.text for line in result.lines)
    tops = [line.box[1] for line in result.lines]
    assert tops == sorted(tops)


def test_boxes_lie_inside_the_image(result, sample):
    for line in result.lines:
        x0, y0, x1, y1 = line.box
        assert 0 <= x0 < x1 <= sample.width
        assert 0 <= y0 < y1 <= sample.height


def test_confidences_are_fractions_and_the_page_one_is_their_mean(result):
    assert all(0.0 <= line.confidence <= 1.0 for line in result.lines)
    assert result.confidence == pytest.approx(sum(line.confidence for line in result.lines) / len(result.lines))
    assert result.confidence > 0.8


def test_no_spaces_between_chinese_characters(result):
    assert not _CJK_SPACE_CJK.search(result.text)
    assert "客户档案卡" in result.text


def test_keeps_spaces_between_latin_words(result):
    assert "Customer Archive Card" in result.text


def _strip(line: str) -> Image.Image:
    """One line as the orientation probe cuts it: ~40 px text, half a line of paper above and below."""
    image = render_lines([line], size=40, margin=20)
    return image.crop((0, 0, image.width, 80))


def test_reads_single_lines_given_apart_as_the_orientation_probe_asks(engine):
    strips = [_strip(line) for line in ("客户编号：KH-2019-00042", "联系电话：13812345678")]
    read = engine.read_lines(strips)
    assert len(read) == 2
    assert "客户编号" in read[0][0] and "KH-2019-00042" in read[0][0]
    assert "联系电话" in read[1][0] and "13812345678" in read[1][0]
    assert all(0.5 < confidence <= 1.0 for _, confidence in read)


def test_reads_upside_down_lines_as_little_or_nothing_confident(engine):
    """What the probe relies on: a line given a half turn reads far worse than the same line upright."""
    strips = [_strip(line) for line in ("本合同自双方签字之日起生效。", "客户档案卡管理办法")]
    upright = sum(confidence**2 * len(text) for text, confidence in engine.read_lines(strips))
    turned = sum(confidence**2 * len(text) for text, confidence in
                 engine.read_lines([s.transpose(Image.Transpose.ROTATE_180) for s in strips]))
    assert turned * 2 < upright


def test_reading_no_lines_reads_nothing(engine):
    assert engine.read_lines([]) == []


def test_fields_on_one_visual_line_stay_one_line_separated_by_a_space(engine):
    image = render_lines(["客户编号：KH-2019-00042          建档日期：2019年3月15日"], size=42)
    lines = engine.recognize(image).lines
    assert [line.text for line in lines] == ["客户编号：KH-2019-00042 建档日期：2019年3月15日"]


def test_reads_an_rgb_image_like_a_grey_one(engine, sample, result):
    assert engine.recognize(sample.convert("RGB")).text == result.text


def test_blank_page_reads_as_nothing_with_zero_confidence(engine):
    result = engine.recognize(Image.new("L", (1240, 1754), 255))
    assert (result.text, result.lines, result.confidence) == ("", (), 0.0)


@pytest.mark.parametrize("size", [(1, 1), (3, 2), (40, 12)])
def test_a_tiny_image_does_not_crash(engine, size):
    result = engine.recognize(Image.new("RGB", size, (0, 0, 0)))
    assert 0.0 <= result.confidence <= 1.0


def test_pickles_small_and_still_reads_after_a_round_trip(engine, sample, result):
    data = pickle.dumps(engine)  # after use: loaded models must not travel to worker processes
    assert len(data) < 2_000
    assert pickle.loads(data).recognize(sample).text == result.text


def test_an_unknown_engine_is_invalid_input():
    with pytest.raises(InvalidInput, match="unknown OCR engine 'abbyy'"):
        create_ocr_engine("abbyy")


def test_missing_tesseract_language_data_names_the_debian_package():
    with pytest.raises(InvalidInput, match="tesseract-ocr-kor"):
        create_ocr_engine("tesseract", tesseract_languages="chi_sim+kor")


def test_missing_tesseract_binary_says_what_to_install(monkeypatch):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    with pytest.raises(InvalidInput, match="apt-get install tesseract-ocr"):
        create_ocr_engine("tesseract")


def test_tesseract_reads_traditional_chinese_when_asked():
    engine = create_ocr_engine("tesseract", tesseract_languages="chi_tra")
    page = render_lines(["客戶資料登記表", "聯絡電話：0912345678"], size=42, family="sans-tc")
    assert engine.recognize(page).text.splitlines() == ["客戶資料登記表", "聯絡電話：0912345678"]


def test_rapidocr_sessions_keep_onnxruntime_memory_arena_and_leave_rapidocr_as_it_was():
    from rapidocr_onnxruntime.utils import infer_engine

    original = infer_engine.OrtInferSession.__dict__["_init_sess_opts"]
    built = create_ocr_engine("rapidocr", runtime="onnxruntime")._engine()
    sessions = [built.text_det.infer.session, built.text_rec.session.session]
    assert all(session.get_session_options().enable_cpu_mem_arena for session in sessions)
    assert infer_engine.OrtInferSession.__dict__["_init_sess_opts"] is original


def test_rapidocr_says_what_each_stage_cost(sample):
    seconds = create_ocr_engine("rapidocr").recognize(sample).seconds
    assert set(seconds) == {"detect", "recognise"}  # no angle classifier: pages arrive upright
    assert all(value > 0 for value in seconds.values())


def test_rapidocr_reads_lines_one_at_a_time_by_default():
    assert create_ocr_engine("rapidocr")._engine().text_rec.rec_batch_num == 1


def test_rapidocr_asks_for_cuda_only_when_set_and_offered():
    from docarchive.adapters.ocr.rapidocr import use_cuda

    offered = ["CUDAExecutionProvider", "CPUExecutionProvider"]
    assert use_cuda(True, offered)
    assert not use_cuda(False, offered)
    assert not use_cuda(True, ["CPUExecutionProvider"])


def test_rapidocr_set_to_gpu_without_one_reads_on_the_cpu(sample):
    engine = create_ocr_engine("rapidocr", use_gpu=True)
    assert engine.providers == ["OpenVINO:CPU"]
    assert engine.recognize(sample).text == "\n".join(LINES)


def test_rapidocr_reads_the_same_on_onnxruntime_as_on_openvino(sample):
    openvino, onnxruntime = create_ocr_engine("rapidocr"), create_ocr_engine("rapidocr", runtime="onnxruntime")
    assert (openvino.providers, onnxruntime.providers) == (["OpenVINO:CPU"], ["CPUExecutionProvider"])
    assert openvino.recognize(sample).text == onnxruntime.recognize(sample).text == "\n".join(LINES)


def test_openvino_pads_line_images_to_a_few_widths_with_blank():
    import numpy as np

    from docarchive.adapters.ocr._openvino import _padded_width

    batch = np.ones((1, 3, 48, 330), np.float32)
    padded = _padded_width(batch)
    assert padded.shape == (1, 3, 48, 352)
    assert (padded[..., :330] == 1).all() and (padded[..., 330:] == 0).all()
    assert _padded_width(padded) is padded


def test_rapidocr_on_openvino_keeps_its_compiled_models_and_reads_the_same_from_them(sample, tmp_path):
    cache = tmp_path / "compiled"
    first = create_ocr_engine("rapidocr", compiled_cache=cache).recognize(sample).text
    assert len(list(cache.iterdir())) == 2  # detection and recognition
    assert (cache.stat().st_mode & 0o777) == 0o700
    assert create_ocr_engine("rapidocr", compiled_cache=cache).recognize(sample).text == first == "\n".join(LINES)


def test_rapidocr_with_an_unusable_model_cache_compiles_and_reads_all_the_same(sample, tmp_path, caplog):
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a directory")
    assert create_ocr_engine("rapidocr", compiled_cache=in_the_way).recognize(sample).text == "\n".join(LINES)
    assert "unusable" in caplog.text


def test_rapidocr_builds_no_onnxruntime_session_it_never_runs():
    from rapidocr_onnxruntime.ch_ppocr_cls import text_cls
    from rapidocr_onnxruntime.ch_ppocr_det import text_detect

    from docarchive.adapters.ocr._openvino import OpenVinoSession
    from docarchive.adapters.ocr.rapidocr import _NotLoaded

    on_openvino = create_ocr_engine("rapidocr")._engine()
    assert isinstance(on_openvino.text_det.infer, OpenVinoSession)
    assert isinstance(on_openvino.text_cls.infer, _NotLoaded)  # the angle classifier is off
    on_onnxruntime = create_ocr_engine("rapidocr", runtime="onnxruntime")._engine()
    assert isinstance(on_onnxruntime.text_cls.infer, _NotLoaded)
    assert not isinstance(on_onnxruntime.text_det.infer, _NotLoaded)
    assert text_cls.OrtInferSession is text_detect.OrtInferSession is not _NotLoaded  # rapidocr as it was


def test_the_ocr_model_cache_is_per_user_unless_set():
    from docarchive.config import Settings

    assert Settings(ocr_cache_dir="off").ocr_cache_path is None
    assert Settings(ocr_cache_dir="/srv/ocr-cache").ocr_cache_path == Path("/srv/ocr-cache")
    assert Settings().ocr_cache_path.parts[-2:] == ("docarchive", "openvino")


def test_the_ocr_model_cache_follows_xdg_and_needs_no_home(monkeypatch, tmp_path):
    from docarchive.config import Settings

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert Settings().ocr_cache_path == tmp_path / "docarchive" / "openvino"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: (_ for _ in ()).throw(RuntimeError("no home"))))
    assert Settings().ocr_cache_path is None


def test_rapidocr_set_to_gpu_builds_cuda_sessions_where_onnxruntime_offers_cuda(monkeypatch):
    import onnxruntime

    from docarchive.adapters.ocr import rapidocr

    built = {}
    monkeypatch.setattr(onnxruntime, "get_available_providers",
                        lambda: ["CUDAExecutionProvider", "CPUExecutionProvider"])
    monkeypatch.setattr(rapidocr, "_new_engine", lambda *args: built.setdefault("args", args) and _Stub())
    rapidocr.RapidOcrEngine(use_gpu=True)._engine()
    assert built["args"][-1] is True


class _Stub:
    """Where the engine's own settings land: the detector's preprocessing, the recogniser's input shape."""

    def __init__(self):
        from types import SimpleNamespace

        self.text_det, self.text_cls, self.text_rec = SimpleNamespace(get_preprocess=None), None, SimpleNamespace()


@pytest.mark.parametrize("det_scale", [1.0, 0.6])
def test_rapidocr_reads_a_file_cover_without_the_star_of_its_seal(det_scale):
    from docarchive.samples.orientation import upright_page

    cover, text = upright_page("sans", "sparse", "light", 0)  # three lines and a 公章 with a star in it
    read = create_ocr_engine("rapidocr", det_scale=det_scale).recognize(cover).text
    assert "★" not in read and character_error_rate(read, text) < 0.02
