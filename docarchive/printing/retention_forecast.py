"""The retention forecast (保管期限到期预测) as report tables: what reaches the end of its retention period, month
by month. The PDF prints a table per month; the workbook keeps every item on one sheet, its month a column,
so it can be sorted and filtered."""

from __future__ import annotations

from typing import Any

from docarchive.domain.retention import START_EVENTS
from docarchive.printing.report_tables import VALUE_NAMES, Section

HEADER = ("类型", "档号", "记录号", "题名", "保管期限", "起算", "到期日", "法律保全")
KIND_NAMES = {"volume": "案卷", "record": "文件"}
START_NAMES = dict(zip(START_EVENTS, ("归档", "合同终止", "客户终止合作")))


def forecast_pdf_sections(forecast: dict[str, Any]) -> list[Section]:
    """The months' totals, then one table per month."""
    return [_totals(forecast)] + [Section(f"{month['month']} 到期（{month['count']}）", HEADER,
                                          [_row(item) for item in month["items"]]) for month in forecast["months"]]


def forecast_xlsx_sections(forecast: dict[str, Any]) -> list[Section]:
    """The months' totals, then every item on one sheet with its month."""
    rows = [(month["month"], *_row(item)) for month in forecast["months"] for item in month["items"]]
    return [_totals(forecast), Section("到期明细", ("月份", *HEADER), rows)]


def _totals(forecast: dict[str, Any]) -> Section:
    rows = [(month["month"], month["count"]) for month in forecast["months"]]
    return Section("按月合计", ("月份", "件数"), [*rows, ("合计", forecast["total"])])


def _row(item: dict[str, Any]) -> tuple:
    """A record's archive number is its volume's, when it is filed in one; its id names it for `--key`."""
    record_id = item["key"] if item["kind"] == "record" else ""
    return (KIND_NAMES.get(item["kind"], item["kind"]), item["archive_no"], record_id, item["title"],
            VALUE_NAMES.get(item["retention"], item["retention"]), _start(item["start"]), item["due"],
            "是" if item["held"] else "")


def _start(start: str) -> str:
    """`customer_former 2026-03-01` → `客户终止合作 2026-03-01`; a volume's `2015 年归档` as it is."""
    event, _, day = start.partition(" ")
    return f"{START_NAMES[event]} {day}" if event in START_NAMES else start
