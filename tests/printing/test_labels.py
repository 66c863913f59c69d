"""Labels and separator sheets: A4, Chinese text embedded and extractable, codes readable from the printed page."""

from __future__ import annotations

import pytest

from docarchive.ingest.barcodes import find_codes
from docarchive.printing.labels import Label, render_labels, render_separator_sheet
from docarchive.samples.degrade import degrade, rotate_quarter
from tests.printing.pages import page_images, page_size_mm, page_texts

VOLUME = Label("volume", "Z109-KH·2026-D30-YW-0001", customer="上海华东机电设备有限公司",
               title="上海华东机电设备有限公司客户档案（开户资料、合同、身份证复印件）第一卷", year="2026",
               retention="30年", secrecy="秘密", location="A库房 / 3号密集架 2列4节3层 / 盒 B-0012")
BOX = Label("box", "B-0012", title="2026年 客户档案", location="A库房 / 3号密集架 2列4节3层")


def test_a_label_sheet_is_a4_with_its_chinese_text_in_the_text_layer():
    pdf = render_labels([VOLUME, BOX])
    assert page_size_mm(pdf) == (210, 297)
    (text,) = page_texts(pdf)
    for expected in ("案卷", "档案盒", "上海华东机电设备有限公司", "30年", "秘密", "A库房", "B-0012", VOLUME.code):
        assert expected in text


def test_the_chinese_font_is_embedded_not_referenced():
    pdf = render_labels([VOLUME])
    assert b"/FontFile2" in pdf and b"WenQuanYiZenHei" in pdf


def test_eight_labels_fill_a_page_and_the_ninth_starts_the_next():
    codes = [f"B-{n:04d}" for n in range(9)]
    texts = page_texts(render_labels([Label("box", code) for code in codes]))
    assert len(texts) == 2
    assert all(code in texts[0] for code in codes[:8]) and codes[8] in texts[1]


def test_every_label_on_a_printed_sheet_decodes_to_its_own_code():
    codes = [f"B-{n:04d}" for n in range(8)]
    (page,) = page_images(render_labels([Label("box", code) for code in codes]), dpi=150, name="box-labels")
    assert sorted(found.text for found in find_codes(page)) == codes


@pytest.mark.parametrize("dpi", [150, 200, 300])
@pytest.mark.parametrize("quarter_turns", [0, 1, 2])
def test_a_volume_label_scanned_lightly_skewed_and_turned_still_decodes(dpi, quarter_turns):
    (page,) = page_images(render_labels([VOLUME]), dpi=dpi, name=f"volume-label-{dpi}")
    scanned = rotate_quarter(degrade(page.convert("L"), "light", seed=dpi + quarter_turns), quarter_turns)
    assert [found.text for found in find_codes(scanned)] == [VOLUME.code]


@pytest.mark.parametrize("label", [BOX, VOLUME], ids=["box", "volume"])
def test_the_code_is_also_printed_as_code_128_for_handheld_scanners(label):
    (page,) = page_images(render_labels([label]), dpi=200)
    # Blank the QR code out: only the bars are left to read ("·" of an archive number included: ISO 8859-1).
    page.paste("white", (0, int(0.04 * page.height), int(0.23 * page.width), int(0.2 * page.height)))
    assert [(found.symbology, found.text) for found in find_codes(page)] == [("Code128", label.code)]


def test_a_code_beyond_latin_1_gets_a_qr_code_and_no_bars():
    (page,) = page_images(render_labels([Label("volume", "档案-2026-0001")]), dpi=200)
    assert [(found.symbology, found.text) for found in find_codes(page)] == [("QRCode", "档案-2026-0001")]


def test_a_long_title_is_cut_with_an_ellipsis_rather_than_running_off_the_label():
    label = Label("volume", "V-1", title="很长的案卷题名" * 20)
    (text,) = page_texts(render_labels([label]))
    assert "…" in text and text.count("很长的案卷题名") < 20


def test_a_separator_sheet_carries_the_volume_code_in_large_type_and_a_heavily_scanned_copy_decodes():
    pdf = render_separator_sheet(VOLUME)
    (text,) = page_texts(pdf)
    assert "扫描分隔页" in text and VOLUME.code in text
    (page,) = page_images(pdf, dpi=150, name="separator")
    scanned = degrade(page.convert("L"), "heavy", seed=4)
    assert VOLUME.code in [found.text for found in find_codes(scanned)]
