"""Excel customer ledgers through the services: synonyms, row-by-row rejections, idempotence, export."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from docarchive.domain.errors import UnsupportedFile
from docarchive.domain.history import CUSTOMER
from docarchive.domain.principal import Principal
from docarchive.services.customer_ledger import export_customers, import_customers, write_report
from docarchive.services.customer_profiles import customer_page, update_customer
from docarchive.services.history import history_of
from tests import hostile_workbooks

HEADER = ["客户号", "公司名称", "客户等级", "手机", "所属行业", "地区", "注册资本(万元)", "成立日期", "备注"]
ROWS = [
    ["KH-001", "杭州甲公司", "A级", "138 1234 5678", "制造业", "浙江省杭州市西湖区", 500, date(2015, 6, 1), "老客户"],
    ["KH-002", "宁波乙公司", "F", "12345", "零售业", "浙江省宁波市", 100, "2016-02-30", None],
    ["KH-003", "上海丙公司", "C", "021-65432100", "服务业", "上海市/浦东新区", None, None, None],
    [None, "无编号公司", "B", None, None, None, None, None, None],
    [None, None, None, None, None, None, None, None, None],
]
ALICE = Principal("alice", ("archivist",))


def _ledger(path, rows=ROWS, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for cell in (cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"):
        cell.data_type = "s"  # text that looks like a formula, as a hostile ledger holds it
    workbook.save(path)
    return path


@pytest.fixture
def context(container):
    return container.profile_context(ALICE)


def test_valid_rows_are_imported_and_bad_ones_reported_by_row_and_column(container, context, tmp_path):
    report = import_customers(container.records, context, _ledger(tmp_path / "ledger.xlsx"))
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert {(r.row, r.column) for r in report.rejected} == {
        (3, "C 客户等级"), (3, "D 手机"), (3, "H 成立日期"), (5, "A 客户号")}
    assert report.ignored_columns == ["备注"]
    page = customer_page(container.records, ALICE, "KH-001")
    assert page["profile"] == {
        "grade": "A", "contacts": [{"name": "联系人", "phones": ["13812345678"]}], "industry": "制造业",
        "region": {"province": "浙江省", "city": "杭州市", "district": "西湖区"},
        "registered_capital": 5_000_000, "founded_on": "2015-06-01"}
    with container.records.unit_of_work(readonly=True) as uow:
        assert uow.customers.find("KH-002") is None


def test_importing_the_same_ledger_again_writes_nothing(container, context, tmp_path):
    ledger = _ledger(tmp_path / "ledger.xlsx")
    import_customers(container.records, context, ledger)
    again = import_customers(container.records, context, ledger)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert len(history_of(container.records, ALICE, CUSTOMER, "KH-001")) == 1


def test_a_changed_row_updates_its_customer_with_reason_import(container, context, tmp_path):
    import_customers(container.records, context, _ledger(tmp_path / "a.xlsx"))
    changed = [[*ROWS[0][:2], "B", *ROWS[0][3:]]]
    report = import_customers(container.records, context, _ledger(tmp_path / "b.xlsx", changed))
    assert report.updated == 1
    latest = history_of(container.records, ALICE, CUSTOMER, "KH-001")[0]
    assert (latest.reason, latest.user, latest.changes) == ("import", "alice", {"grade": ["A", "B"]})


def test_an_import_keeps_contacts_and_fields_the_ledger_does_not_mention(container, context, tmp_path):
    import_customers(container.records, context, _ledger(tmp_path / "a.xlsx"))
    update_customer(container.records, context, "KH-001",
                    {"contacts": [{"name": "联系人", "phones": ["13812345678"]}, {"name": "王五"}],
                     "account_manager": "李四"}, "补充联系人")
    report = import_customers(container.records, context, _ledger(tmp_path / "a.xlsx"))
    assert report.unchanged == 2
    profile = customer_page(container.records, ALICE, "KH-001")["profile"]
    assert [c["name"] for c in profile["contacts"]] == ["联系人", "王五"] and profile["account_manager"] == "李四"


def test_the_rejection_report_is_written_as_csv_or_xlsx(container, context, tmp_path):
    report = import_customers(container.records, context, _ledger(tmp_path / "ledger.xlsx"))
    write_report(report, tmp_path / "report.csv")
    with (tmp_path / "report.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0].startswith("行号") and len(rows) == 1 + len(report.rejected)
    write_report(report, tmp_path / "report.xlsx")
    sheet = load_workbook(tmp_path / "report.xlsx").active
    assert sheet.max_row == 1 + len(report.rejected)


def test_an_exported_ledger_imports_back_unchanged(container, context, tmp_path):
    import_customers(container.records, context, _ledger(tmp_path / "ledger.xlsx"))
    assert export_customers(container.records, ALICE, tmp_path / "out.xlsx") == 2
    header = [cell.value for cell in next(load_workbook(tmp_path / "out.xlsx").active.iter_rows(max_row=1))]
    assert header[:3] == ["客户编号", "客户名称", "客户类型"] and header[-1] == "档案号"
    again = import_customers(container.records, context, tmp_path / "out.xlsx")
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 2, [])


HOSTILE_NAMES = ["=HYPERLINK(\"http://evil\",\"点我\")", "=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3"]


def _hostile_customers(container, context, tmp_path):
    rows = [[f"KH-{n}", name, "A", None, None, None, 500, None, None] for n, name in enumerate(HOSTILE_NAMES)]
    import_customers(container.records, context, _ledger(tmp_path / "hostile.xlsx", rows))


def test_an_exported_xlsx_holds_formula_like_names_as_text_not_formulas(container, context, tmp_path):
    _hostile_customers(container, context, tmp_path)
    export_customers(container.records, ALICE, tmp_path / "out.xlsx")
    rows = list(load_workbook(tmp_path / "out.xlsx").active.iter_rows(min_row=2))
    assert sorted(row[1].value for row in rows) == sorted("'" + name for name in HOSTILE_NAMES)
    assert not [cell for row in rows for cell in row if cell.data_type == "f"]


def test_an_export_named_csv_is_a_csv_with_a_bom_and_the_same_escaping(container, context, tmp_path):
    _hostile_customers(container, context, tmp_path)
    assert export_customers(container.records, ALICE, tmp_path / "out.csv") == len(HOSTILE_NAMES)
    raw = (tmp_path / "out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(keepends=True)))
    assert rows[0][:2] == ["客户编号", "客户名称"]
    assert sorted(row[1] for row in rows[1:]) == sorted("'" + name for name in HOSTILE_NAMES)


def test_an_export_with_escaped_names_imports_back_unchanged(container, context, tmp_path):
    _hostile_customers(container, context, tmp_path)
    export_customers(container.records, ALICE, tmp_path / "out.xlsx")
    again = import_customers(container.records, context, tmp_path / "out.xlsx")
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(HOSTILE_NAMES))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_rejection_report_never_writes_a_rejected_value_as_a_formula(container, context, tmp_path, suffix):
    rows = [["KH-1", "甲公司", "=HYPERLINK(\"http://evil\")", None, None, None, None, None, None]]
    report = import_customers(container.records, context, _ledger(tmp_path / "l.xlsx", rows))
    write_report(report, tmp_path / f"report{suffix}")
    if suffix == ".csv":
        values = [row[2] for row in csv.reader((tmp_path / "report.csv").open(encoding="utf-8-sig"))]
    else:
        values = [cell.value for cell in load_workbook(tmp_path / "report.xlsx").active["C"]]
    assert values[1:] == ["'=HYPERLINK(\"http://evil\")"]


@pytest.mark.parametrize("content, reason", [(b"not a workbook", "not a readable .xlsx"), (None, "no such file")])
def test_a_file_that_is_not_a_workbook_is_refused_with_a_reason(container, context, tmp_path, content, reason):
    path = tmp_path / "ledger.xlsx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(Exception, match=reason) as raised:
        import_customers(container.records, context, path)
    assert raised.value.status_code == 415


def test_a_ledger_without_a_customer_number_column_is_refused(container, context, tmp_path):
    with pytest.raises(Exception, match="customer number column") as raised:
        import_customers(container.records, context, _ledger(tmp_path / "l.xlsx", [["甲"]], ["客户名称"]))
    assert raised.value.status_code == 422


def test_a_ledger_read_in_a_child_process_imports_the_same(container, context, tmp_path):
    report = import_customers(container.records, context, _ledger(tmp_path / "ledger.xlsx"), background=True)
    assert (report.created, len(report.rejected), report.ignored_columns) == (2, 4, ["备注"])


def test_a_bad_file_read_in_a_child_process_is_refused_with_the_same_reason(container, context, tmp_path):
    (tmp_path / "bad.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(Exception, match="not a readable .xlsx") as raised:
        import_customers(container.records, context, tmp_path / "bad.xlsx", background=True)
    assert raised.value.status_code == 415


# --- hostile workbooks: refused whole, with the reason, before anything is imported ------------------------

HOSTILE = {
    "far_row": "goes down to row 2,000,000,000; the limit is 200,000 rows",
    "far_column": "goes across to column ZZZZZZZ; the limit is 256 columns",
    "huge_cell": "the workbook expands to 300 MB; the limit is 256 MB",
    "long_cell": "a cell holds more than 32,767 characters",
    "lying_sizes": "not a readable .xlsx workbook .*Bad CRC",
}


@pytest.mark.parametrize(("kind", "reason"), HOSTILE.items())
def test_a_hostile_workbook_is_refused_with_the_reason_and_nothing_is_imported(container, context, tmp_path,
                                                                               kind, reason):
    ledger = getattr(hostile_workbooks, kind)(tmp_path / f"{kind}.xlsx")
    with pytest.raises(UnsupportedFile, match=reason):
        import_customers(container.records, context, ledger)
    with container.records.unit_of_work(readonly=True) as uow:
        assert uow.customers.find("KH-1") is None and uow.customers.find("KH-2") is None


def test_the_report_cuts_a_long_rejected_value_to_200_characters(container, context, tmp_path):
    rows = [["KH-1", "甲公司", "A", "1" * 5000, None, None, None, None, None]]
    report = import_customers(container.records, context, _ledger(tmp_path / "l.xlsx", rows))
    (rejected,) = report.rejected
    assert rejected.value == "1" * 200 + "…(5,000 characters)"


def test_an_account_managers_import_changes_no_file_without_an_approval(container, context, tmp_path):
    import_customers(container.records, context, _ledger(tmp_path / "a.xlsx"))  # the archive room's files
    li = container.profile_context(Principal("li", ("staff",), "sales"))
    mine = ["KH-009", "温州丁公司", "B", None, None, None, None, None, None]
    first = import_customers(container.records, li, _ledger(tmp_path / "b.xlsx", [ROWS[0], mine]))
    assert first.created == 1 and first.updated == 0  # hers opened (she keeps it); the archive room's untouched
    assert "belongs to a file you may not change" in first.rejected[0].reason
    regraded = [[*mine[:2], "A", *mine[3:]]]
    second = import_customers(container.records, li, _ledger(tmp_path / "c.xlsx", regraded))
    assert second.updated == 0 and "approved change request" in second.rejected[0].reason
