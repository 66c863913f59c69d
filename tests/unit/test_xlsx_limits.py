"""Reading a workbook from outside: its size is checked before calamine expands any of it (a failed allocation
in calamine aborts the process), and a workbook over the bounds is refused with the reason."""

from __future__ import annotations

import pytest

from docarchive.adapters.spreadsheets import SheetLimits, read_xlsx
from docarchive.domain.errors import UnsupportedFile
from tests import hostile_workbooks


def test_a_workbook_declaring_more_than_the_uncompressed_limit_is_refused_before_it_is_expanded(tmp_path):
    ledger = hostile_workbooks.huge_cell(tmp_path / "huge.xlsx", megabytes=8)
    with pytest.raises(UnsupportedFile, match="expands to 8 MB; the limit is 4 MB"):
        with read_xlsx(ledger, SheetLimits(uncompressed_bytes=4 << 20)):
            pass


SMALL = SheetLimits(rows=100, columns=20, cells=1000)
OVER = {"long.xlsx": (lambda p: hostile_workbooks.many_rows(p, 101), "row 102; the limit is 100"),
        "wide.xlsx": (lambda p: hostile_workbooks.wide_row(p, 21), "column U; the limit is 20")}


@pytest.mark.parametrize("name", sorted(OVER))
def test_a_sheet_longer_or_wider_than_the_limits_is_refused(tmp_path, name):
    build, reason = OVER[name]
    with pytest.raises(UnsupportedFile, match=reason):
        with read_xlsx(build(tmp_path / name), SMALL):
            pass


def test_a_sheet_at_the_limits_is_read_whole(tmp_path):
    with read_xlsx(hostile_workbooks.many_rows(tmp_path / "ok.xlsx", 100), SMALL) as rows:
        assert len(list(rows)) == 101


def test_a_sheet_spanning_more_cells_than_the_limit_is_refused(tmp_path):
    with pytest.raises(UnsupportedFile, match="spans 101 rows × 20 columns; the limit is 1,000 cells"):
        with read_xlsx(hostile_workbooks.workbook_with_rows(
                tmp_path / "l.xlsx", '<row r="101"><c r="T101"><v>1</v></c></row>'), SMALL):
            pass


def test_cells_without_a_reference_count_towards_the_columns(tmp_path):
    ledger = hostile_workbooks.workbook_with_rows(tmp_path / "l.xlsx", "<row>" + "<c><v>1</v></c>" * 30 + "</row>")
    with pytest.raises(UnsupportedFile, match=r"goes across to column \d+; the limit is 20"):
        with read_xlsx(ledger, SheetLimits(columns=20)):
            pass


def test_rows_with_a_namespace_prefix_are_bounded_too(tmp_path):
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    ledger = hostile_workbooks.workbook_with_rows(
        tmp_path / "l.xlsx", f'<y:row xmlns:y="{main}" r="2000000000"><y:c r="A2000000000"><y:v>1</y:v></y:c></y:row>')
    with pytest.raises(UnsupportedFile, match="row 2,000,000,000"):
        with read_xlsx(ledger):
            pass


@pytest.mark.parametrize("cell", ["<c\nr='ZZZZZZZ2'><v>1</v></c>", '<c r = "ZZZZZZZ2"><v>1</v></c>'])
def test_references_written_as_xml_allows_but_excel_does_not_are_bounded_too(tmp_path, cell):
    ledger = hostile_workbooks.workbook_with_rows(tmp_path / "l.xlsx", f"<row r='2'>{cell}</row>")
    with pytest.raises(UnsupportedFile, match="column ZZZZZZZ"):
        with read_xlsx(ledger):
            pass


def test_a_cell_placed_far_below_its_own_row_is_refused(tmp_path):
    ledger = hostile_workbooks.workbook_with_rows(tmp_path / "l.xlsx", '<row r="2"><c r="A2000000000"><v>1</v></c></row>')
    with pytest.raises(UnsupportedFile, match="row 2,000,000,000"):
        with read_xlsx(ledger):
            pass
