"""`docarchive holdings` and `docarchive usage` from the terminal, on either deployment: the figures of what
the user may see, the XLSX/PDF files, bad input in one line."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from docarchive.domain.paper.model import Retention
from docarchive.domain.principal import LOCAL_ARCHIVIST
from docarchive.services.paper import boxes, locations, volumes
from tests.api.customer_files import add_record
from tests.api.test_holdings_api import add_customer
from tests.e2e.test_approval_cli import docarchive

SHELF = "A库房/03密集架/2列/4节/3层"


@pytest.fixture
def home(tmp_path, container):
    """The `container` fixture's home, holding one D10 volume of li's customer (empty) and two records."""
    kwargs = {"principal": LOCAL_ARCHIVIST, "clock": container.clock, "reason": "立卷"}
    locations.add_location(container.records, path=SHELF, **kwargs)
    boxes.add_box(container.records, code="B-0012", location=SHELF, **kwargs)
    add_customer(container, "KH-1", "li", "销售一部")
    add_customer(container, "KH-2", "wu", "销售二部")
    volumes.add_volume(container.records, customer_no="KH-1", box="B-0012", rule=container.archive_no_rule,
                       customer_archive_no_format=container.settings.archive_no_format, year=2025,
                       retention=Retention.YEARS_10, **kwargs)
    add_record(container, "KH-1", title="合同一", category="合同协议")
    add_record(container, "KH-2", title="合同二", category="合同协议")
    return tmp_path / "home"


def test_holdings_as_json_and_as_a_workbook_and_usage_for_the_archive_room(home, tmp_path):
    shown = docarchive("holdings", "--json", home=home)
    assert shown.returncode == 0, shown.stderr
    report = json.loads(shown.stdout)
    assert report["totals"] == {"volumes": 1, "items": 0, "pages": 0, "records": 2}
    assert report["dimensions"]["retention"]["D10"]["volumes"] == 1
    assert "按保管期限" in docarchive("holdings", home=home).stdout
    written = docarchive("holdings", "--out", str(tmp_path / "馆藏.xlsx"), home=home)
    assert written.returncode == 0, written.stderr
    assert len(load_workbook(tmp_path / "馆藏.xlsx").sheetnames) == 4
    usage = docarchive("usage", "--since", "2000-01-01", "--until", "2100-01-01", "--json", home=home)
    assert usage.returncode == 0 and json.loads(usage.stdout)["sources"]["access"]["total"] == 0


def test_a_staff_member_counts_only_their_own_customers_and_may_not_see_usage(home):
    added = docarchive("user", "add", "li", "--role", "staff", "--department", "销售一部", "--password-stdin",
                       home=home, stdin="archive-pass-2026\n")
    assert added.returncode == 0, added.stderr
    mine = json.loads(docarchive("holdings", "--json", home=home, user="li").stdout)
    assert mine["totals"] == {"volumes": 1, "items": 0, "pages": 0, "records": 1}
    refused = docarchive("usage", home=home, user="li")
    assert refused.returncode != 0 and len(refused.stderr.strip().splitlines()) == 1


def test_bad_input_is_one_readable_line(home, tmp_path):
    for args, says in ((("holdings", "--out", str(tmp_path / "x.doc")), "name the file .xlsx or .pdf"),
                       (("usage", "--since", "yesterday"), "is not a date")):
        refused = docarchive(*args, home=home)
        assert refused.returncode != 0 and says in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.doc").exists()
