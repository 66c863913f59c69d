"""Tables for Excel: every cell a value, never a formula, and the format chosen by the file's suffix."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from docarchive.adapters.spreadsheet_output import text_cell, write_table
from docarchive.domain.errors import InvalidInput

FORMULAS = ["=HYPERLINK(\"http://evil\",\"点我\")", "=cmd|' /C calc'!A0", "＝1+1", "+1+1", "-1+1", "@SUM(A1)",
            "＋86", "－5", "＠A1", "\t=1+1", "\r=1+1", " =1+1", "\u3000=1+1"]


@pytest.mark.parametrize("text", FORMULAS, ids=repr)
def test_text_a_spreadsheet_would_run_gets_a_leading_quote(text):
    assert text_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-12.5, 500, "-12.5", "+3", "1e5", None, "杭州甲公司", "HT-2023-1", "a=b"], ids=repr)
def test_numbers_and_ordinary_text_are_left_as_they_are(value):
    assert text_cell(value) == value


def test_an_xlsx_holds_hostile_text_as_text_cells_and_numbers_as_numbers(tmp_path):
    write_table(tmp_path / "out.xlsx", ["值", "金额"], [[text, -12.5] for text in FORMULAS])
    rows = list(load_workbook(tmp_path / "out.xlsx").active.iter_rows(min_row=2))
    assert all(row[0].data_type == "s" and row[0].value.startswith("'") for row in rows)
    assert all(row[1].data_type == "n" and row[1].value == -12.5 for row in rows)


def test_a_csv_holds_hostile_text_behind_a_quote_with_a_bom_for_excel(tmp_path):
    write_table(tmp_path / "out.csv", ["值", "金额"], [[text, -12.5] for text in FORMULAS])
    raw = (tmp_path / "out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(keepends=True)))
    assert [row[0] for row in rows[1:]] == ["'" + text for text in FORMULAS]
    assert {row[1] for row in rows[1:]} == {"-12.5"}


def test_control_characters_openpyxl_refuses_are_replaced_not_fatal(tmp_path):
    write_table(tmp_path / "out.xlsx", ["值"], [["甲\x00乙\x1b"]])
    assert load_workbook(tmp_path / "out.xlsx").active["A2"].value == "甲\ufffd乙\ufffd"


@pytest.mark.parametrize("name", ["out.txt", "out.xls", "out"])
def test_a_suffix_other_than_xlsx_or_csv_is_refused_and_nothing_is_written(tmp_path, name):
    with pytest.raises(InvalidInput, match="name the file .xlsx or .csv"):
        write_table(tmp_path / name, ["值"], [["甲"]])
    assert list(tmp_path.iterdir()) == []
