"""卷内目录 and 备考表: A4, every column and cross-reference printed, long volumes spill onto more pages."""

from __future__ import annotations

from docarchive.printing.volume_sheets import (
    CATALOGUE_COLUMNS,
    CatalogueEntry,
    NotesSheet,
    VolumeHeading,
    render_catalogue,
    render_notes,
)
from tests.printing.pages import page_images, page_size_mm, page_texts

HEADING = VolumeHeading("Z109-KH·2026-D30-YW-0001", title="上海华东机电设备有限公司客户档案", customer="上海华东机电设备有限公司",
                        year="2026", retention="30年", secrecy="秘密", box="B-0012", location="A库房 / 3号密集架 2列4节3层")


def entries(count: int) -> list[CatalogueEntry]:
    titles = ("客户档案卡", "居民身份证复印件 王小明", "设备采购合同（编号 HT-2026-00123）含补充协议")
    return [CatalogueEntry(n, f"{HEADING.archive_no}-{n:03d}", "上海华东机电设备有限公司", titles[n % 3], "2026-03-15",
                           f"{3 * n - 2}–{3 * n}", f"DOC{n:05d}", f"/api/documents/DOC{n:05d}") for n in range(1, count + 1)]


def squeeze(text: str) -> str:
    return "".join(text.split())  # table cells wrap: compare without the line breaks


def test_a_catalogue_is_a4_with_every_column_and_the_volume_heading():
    pdf = render_catalogue(HEADING, entries(3))
    assert page_size_mm(pdf) == (210, 297)
    text = squeeze(page_texts(pdf)[0])
    for expected in ("卷内目录", *CATALOGUE_COLUMNS, squeeze(HEADING.title), "B-0012", "3号密集架"):
        assert expected in text


def test_each_catalogue_row_names_its_electronic_record_and_storage_address():
    text = squeeze(page_texts(render_catalogue(HEADING, entries(3)))[0])
    for entry in entries(3):
        assert f"电子文件号：{entry.electronic_code}" in text and f"存址：{entry.storage_address}" in text
        assert squeeze(entry.title) in text and entry.pages in text


def test_a_hundred_item_catalogue_runs_over_several_pages_with_the_headings_repeated():
    pdf = render_catalogue(HEADING, entries(100))
    texts = [squeeze(text) for text in page_texts(pdf)]
    assert len(texts) > 3
    assert all("题名" in text and "备注" in text for text in texts)
    assert "DOC00100" in texts[-1] and "第" in texts[-1]


def test_an_empty_volume_still_prints_its_catalogue_heading():
    text = squeeze(page_texts(render_catalogue(HEADING, []))[0])
    assert "卷内目录" in text and "序号" in text


def test_a_notes_sheet_holds_the_explanation_cross_references_and_who_compiled_and_checked():
    notes = NotesSheet("本卷共 3 件，9 页。\n第 2 件为复印件。", compiled_by="张三", checked_by="李四",
                       compiled_on="2026-11-23", cross_references=["DOC00001", "DOC00002", "DOC00003"])
    pdf = render_notes(HEADING, notes)
    assert page_size_mm(pdf) == (210, 297)
    text = squeeze(page_texts(pdf)[0])
    for expected in ("备考表", "本卷情况说明", "互见号", "立卷人", "张三", "检查人", "李四", "立卷日期", "2026-11-23",
                     "DOC00001", "DOC00003", "第2件为复印件"):
        assert expected in text


def test_a_notes_sheet_for_hundreds_of_items_spills_its_cross_references_onto_another_page():
    notes = NotesSheet("本卷共 300 件。", cross_references=[f"DOC{n:05d}" for n in range(300)])
    texts = page_texts(render_notes(HEADING, notes))
    assert len(texts) >= 2 and "DOC00299" in "".join(texts)


def test_the_sheets_render_to_images_a_person_can_read():
    pdf = render_catalogue(HEADING, entries(12))
    first = page_images(pdf, dpi=100, name="catalogue")[0].convert("L")
    inked = first.histogram()[:128]
    inked = sum(inked) / (first.width * first.height)
    assert 0.01 < inked < 0.3  # a printed table, neither blank nor a black page
    page_images(render_notes(HEADING, NotesSheet("本卷共 12 件。")), dpi=100, name="notes")
