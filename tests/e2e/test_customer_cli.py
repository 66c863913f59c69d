"""`docarchive customer`, `import customers`, `export customers`, `stats` as a user runs them."""

from __future__ import annotations

import json
import time

import pytest
from openpyxl import Workbook, load_workbook

from tests import hostile_workbooks
from tests.conftest import deployment_env
from tests.e2e.test_cli import docarchive
from tests.peak_memory import run_measured


def _ledger(path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["客户编号", "客户名称", "等级", "联系电话"])
    sheet.append(["KH-1", "甲公司", "A", "13812345678"])
    sheet.append(["KH-2", "乙公司", "Z", "021-65432100"])
    workbook.save(path)
    return path


def test_add_edit_and_show_a_customer_with_its_history(tmp_path):
    home = tmp_path / "home"
    added = docarchive("customer", "add", "--reason", "新客户", "KH-9", "--name", "甲公司", "--set", "grade=B级",
                       "--set", "region=浙江省杭州市", "--json", home=home)
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["profile"]["grade"] == "B"
    edited = docarchive("customer", "edit", "KH-9", "--set", "grade=A", "--set", "region.district=西湖区",
                        "--reason", "年度评级", home=home)
    assert edited.returncode == 0, edited.stderr
    shown = json.loads(docarchive("customer", "show", "KH-9", "--history", "--json", home=home).stdout)
    assert shown["profile"]["region"] == {"province": "浙江省", "city": "杭州市", "district": "西湖区"}
    assert [entry["reason"] for entry in shown["history"]] == ["年度评级", "新客户"]


def test_an_edit_without_a_reason_or_with_a_bad_value_fails_with_one_line(tmp_path):
    home = tmp_path / "home"
    docarchive("customer", "add", "--reason", "整理归档", "KH-9", "--name", "甲公司", home=home)
    no_reason = docarchive("customer", "edit", "KH-9", "--set", "grade=A", home=home)
    assert no_reason.returncode == 2 and no_reason.stderr.strip() == "docarchive: error: a reason for the change is required"
    bad = docarchive("customer", "edit", "KH-9", "--set", "tax_number=123", "--reason", "x", home=home)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "tax_number" in bad.stderr


def test_import_reports_rejected_rows_and_export_writes_the_ledger(tmp_path):
    home = tmp_path / "home"
    result = docarchive("import", "customers", str(_ledger(tmp_path / "l.xlsx")), "--report",
                        str(tmp_path / "rejected.csv"), "--json", home=home)
    assert result.returncode == 1, result.stderr  # some rows were rejected
    summary = json.loads(result.stdout)
    assert (summary["created"], summary["rejected_rows"]) == (1, 1)
    assert summary["rejected"][0]["row"] == 3 and summary["rejected"][0]["column"] == "C 等级"
    assert "等级" in (tmp_path / "rejected.csv").read_text(encoding="utf-8-sig")
    exported = docarchive("export", "customers", "--out", str(tmp_path / "out.xlsx"), home=home)
    assert exported.returncode == 0 and "1 customers" in exported.stdout
    rows = list(load_workbook(tmp_path / "out.xlsx").active.iter_rows(values_only=True))
    assert rows[1][:2] == ("KH-1", "甲公司")


def test_export_to_a_csv_name_writes_a_csv_with_a_bom(tmp_path):
    home = tmp_path / "home"
    docarchive("customer", "add", "--reason", "整理归档", "KH-1", "--name", "=HYPERLINK(\"http://evil\")", home=home)
    exported = docarchive("export", "customers", "--out", str(tmp_path / "x.csv"), home=home)
    assert exported.returncode == 0, exported.stderr
    text = (tmp_path / "x.csv").read_bytes().decode("utf-8")
    assert text.startswith("\ufeff客户编号,") and "KH-1,\"'=HYPERLINK(\"\"http://evil\"\")\"" in text


def test_export_to_another_suffix_is_refused_with_one_line(tmp_path):
    exported = docarchive("export", "customers", "--out", str(tmp_path / "x.txt"), home=tmp_path / "home")
    assert exported.returncode == 2 and exported.stderr.count("\n") == 1
    assert "name the file .xlsx or .csv" in exported.stderr and not (tmp_path / "x.txt").exists()


def test_an_import_whose_report_cannot_be_written_is_refused_before_importing(tmp_path):
    home = tmp_path / "home"
    result = docarchive("import", "customers", str(_ledger(tmp_path / "l.xlsx")), "--report",
                        str(tmp_path / "r.txt"), home=home)
    assert result.returncode == 2 and "name the file .xlsx or .csv" in result.stderr
    assert docarchive("customer", "show", "KH-1", home=home).returncode == 2


@pytest.mark.parametrize("kind", ["far_row", "far_column", "huge_cell", "long_cell", "lying_sizes"])
def test_importing_a_hostile_workbook_fails_with_one_line_quickly_and_in_little_memory(tmp_path, kind):
    ledger = getattr(hostile_workbooks, kind)(tmp_path / f"{kind}.xlsx")
    started = time.monotonic()
    result, peak_mb = run_measured("import", "customers", str(ledger), env=deployment_env(tmp_path / "home"))
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("docarchive: error: ") and "Traceback" not in result.stderr
    assert time.monotonic() - started < 60 and peak_mb < 400, (time.monotonic() - started, peak_mb)


def test_stats_json_counts_the_customers(tmp_path):
    home = tmp_path / "home"
    docarchive("customer", "add", "--reason", "整理归档", "KH-1", "--name", "甲", "--set", "grade=A", "--set", "type=个人",
               home=home)
    stats = json.loads(docarchive("stats", "--json", home=home).stdout)
    assert (stats["customers"], stats["by_grade"], stats["by_type"]) == (1, {"A": 1}, {"individual": 1})


def test_importing_a_file_that_is_not_a_workbook_fails_with_one_line(tmp_path):
    (tmp_path / "x.xlsx").write_text("hello")
    result = docarchive("import", "customers", str(tmp_path / "x.xlsx"), home=tmp_path / "home")
    assert result.returncode == 2 and "not a readable .xlsx" in result.stderr
