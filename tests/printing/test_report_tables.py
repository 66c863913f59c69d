"""Report tables as printouts: wide tables go landscape with every column on the page, a short column never
breaks, the retention forecast's rows say in Chinese what each item is and when it is due."""

from __future__ import annotations

from docarchive.printing.fonts import cjk_font
from docarchive.printing.report_tables import Section, _column_widths, tables_pdf
from docarchive.printing.retention_forecast import forecast_pdf_sections, forecast_xlsx_sections
from tests.printing.pages import page_size_mm, page_texts

FORECAST = {"total": 2, "months": [
    {"month": "2026-01", "count": 1, "items": [
        {"kind": "volume", "key": "Z001-KH·2015-D10-DAS-0001", "archive_no": "Z001-KH·2015-D10-DAS-0001",
         "title": "华东机电 2015", "retention": "D10", "start": "2015 年归档", "due": "2026-01-01", "held": True}]},
    {"month": "2032-01", "count": 1, "items": [
        {"kind": "record", "key": "01JF0000000000000000000000", "archive_no": "", "title": "拜访记录",
         "retention": "D10（5年）", "start": "customer_former 2026-03-01", "due": "2032-01-01", "held": False}]}]}


def test_short_columns_keep_their_width_and_the_widest_share_what_is_left():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = cjk_font()
    texts = [["序号", "题名", "日期"], ["1", "设备采购合同（编号 HT-2026-00123）含补充协议" * 4, "2026-03-15"]]
    widths = _column_widths(texts, font, 9, width=300)
    assert round(sum(widths), 6) == 300
    assert widths[0] == stringWidth("序号", font, 9) + 13 and widths[2] == stringWidth("2026-03-15", font, 9) + 13


def test_a_wide_table_prints_landscape_with_every_heading():
    header = tuple(f"第{n}栏" for n in range(1, 18))
    pdf = tables_pdf("借阅报表", "制表", [Section("借阅", header, [tuple("x" * 12 for _ in header)])], wide=True)
    width, height = page_size_mm(pdf)
    assert width > height
    text = "".join("".join(page_texts(pdf)).split())
    assert all(heading in text for heading in header)


def test_the_forecast_prints_a_table_per_month_and_keeps_every_item_on_one_sheet():
    printed = forecast_pdf_sections(FORECAST)
    assert [s.title for s in printed] == ["按月合计", "2026-01 到期（1）", "2032-01 到期（1）"]
    assert printed[0].rows[-1] == ("合计", 2)
    assert printed[1].rows == [("案卷", "Z001-KH·2015-D10-DAS-0001", "", "华东机电 2015", "10年", "2015 年归档",
                                "2026-01-01", "是")]
    (sheet_rows,) = [s.rows for s in forecast_xlsx_sections(FORECAST) if s.title == "到期明细"]
    assert sheet_rows[1] == ("2032-01", "文件", "", "01JF0000000000000000000000", "拜访记录", "D10（5年）",
                             "客户终止合作 2026-03-01", "2032-01-01", "")
