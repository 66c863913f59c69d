"""`docarchive retention due --out forecast.xlsx|forecast.pdf` on either deployment: the retention forecast
(保管期限到期预测) as a file for the archive room, refused to a staff member, a name it cannot write in one line."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from tests.e2e.test_approval_cli import docarchive
from tests.printing.pages import page_texts

SHELF = "A库房/05密集架/1列/1节/1层"


@pytest.fixture
def home(tmp_path):
    """A volume of 2015 kept 10 years (due 2026-01-01), and li, a staff member."""
    home = tmp_path / "home"
    added = docarchive("user", "add", "li", "--role", "staff", "--department", "销售一部", "--password-stdin",
                       home=home, stdin="archive-pass-2026\n")
    assert added.returncode == 0, added.stderr
    for args in (("customer", "add", "KH-D", "--name", "华东机电", "--owner", "li", "--department", "销售一部",
                  "--reason", "新客户建档"), ("location", "add", "--reason", "归档", SHELF),
                 ("box", "add", "--reason", "归档", "B-0099", "--location", SHELF)):
        assert docarchive(*args, home=home).returncode == 0
    return home


@pytest.fixture
def volume(home) -> str:
    made = docarchive("volume", "add", "--reason", "归档", "--customer-no", "KH-D", "--box", "B-0099", "--year",
                      "2015", "--retention", "D10", "--json", home=home)
    assert made.returncode == 0, made.stderr
    return json.loads(made.stdout)["archive_no"]


def test_the_forecast_is_written_as_a_workbook_and_as_a_pdf(home, volume, tmp_path):
    for name in ("到期预测.xlsx", "到期预测.pdf"):
        written = docarchive("retention", "due", "--before", "2026-12-31", "--out", str(tmp_path / name), home=home)
        assert written.returncode == 0 and f"wrote {tmp_path / name}" in written.stdout, written.stderr
    items = load_workbook(tmp_path / "到期预测.xlsx").worksheets[1]
    assert "到期截至 2026-12-31" in items["A1"].value
    assert [row[:3] for row in items.iter_rows(min_row=3, values_only=True)] == [("2026-01", "案卷", volume)]
    pdf = (tmp_path / "到期预测.pdf").read_bytes()
    text = "".join(page_texts(pdf)).replace("\r", "").replace("\n", "")
    assert pdf.startswith(b"%PDF") and "保管期限到期预测" in text and volume in text


def test_a_staff_member_gets_no_file_and_a_bad_name_is_one_line(home, volume, tmp_path):
    for args, user, says in ((("--out", str(tmp_path / "x.xlsx")), "li", "may not"),
                             (("--out", str(tmp_path / "x.doc")), "local", "name the file .xlsx or .pdf"),
                             (("--before", "soon", "--out", str(tmp_path / "x.pdf")), "local", "is not a date")):
        refused = docarchive("retention", "due", *args, home=home, user=user)
        assert refused.returncode != 0 and says in refused.stderr, refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.glob("x.*"))
