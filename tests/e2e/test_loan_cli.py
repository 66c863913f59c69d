"""`docarchive loan` as the desk and its users run it, on either deployment: a request by the borrower, the
approval by their department manager, checkout and return by the scanned barcode, the volume's place saying
who has it, overdue, and the refusals (绝密, a 机密 volume taken out, moving a volume on loan)."""

from __future__ import annotations

import json
import time

import pytest

from tests.e2e.test_approval_cli import docarchive

SHELF = "A库房/03密集架/2列/4节/3层"


def run_json(*args, home, user="local"):
    result = docarchive(*args, "--json", home=home, user=user)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    for name, role, department in (("li", "staff", "销售一部"), ("qian", "manager", "销售一部")):
        added = docarchive("user", "add", name, "--role", role, "--department", department, "--password-stdin",
                           home=home, stdin="archive-pass-2026\n")
        assert added.returncode == 0, added.stderr
    assert docarchive("customer", "add", "KH-1", "--name", "甲公司", "--owner", "li", "--department", "销售一部",
                      "--reason", "新客户建档", home=home).returncode == 0
    assert docarchive("location", "add", "--reason", "归档", SHELF, home=home).returncode == 0
    assert docarchive("box", "add", "--reason", "归档", "B-0012", "--location", SHELF, home=home).returncode == 0
    return home


def add_volume(home, secrecy: str) -> str:
    [volume] = run_json("volume", "add", "--reason", "归档", "--customer-no", "KH-1", "--box", "B-0012", "--year",
                        "2026", "--retention", "D30", "--secrecy", secrecy, home=home)
    return volume["archive_no"]


def test_a_loan_goes_from_request_to_return_and_the_rules_refuse_what_is_never_lent(home, tmp_path):
    volume, top = add_volume(home, "none"), add_volume(home, "绝密")
    [asked] = run_json("loan", "request", "--volume", volume, "--mode", "out", "--purpose", "核对合同原件",
                       "--hours", "0.001", home=home, user="li")
    assert asked["status"] == "pending" and "销售一部" in asked["reason"]
    [approved] = run_json("loan", "approve", asked["id"], "--reason", "同意", home=home, user="qian")
    assert approved["status"] == "approved"
    [lent] = run_json("loan", "checkout", volume, home=home)  # what the scanner typed
    assert lent["status"] == "lent" and lent["text"].startswith("借出：li，自 ")
    [where] = run_json("locate", volume, home=home)
    assert where["loan"] == {"id": asked["id"], "borrower": "li", "since": lent["since"], "due": lent["due"],
                             "text": lent["text"]}
    time.sleep(max(0.0, 4 - (time.time() - _started(lent))))  # the 3.6-second loan is past due
    shown = docarchive("loan", "list", "--overdue", home=home, user="li")
    assert shown.stdout.startswith(asked["id"]) and "OVERDUE" in shown.stdout and "借出：li" in shown.stdout
    [back] = run_json("loan", "return", volume, "--condition", "完好", home=home)
    assert back["status"] == "returned" and back["volumes"][0]["condition"] == "完好"
    written = docarchive("loan", "report", "--kind", "history", "--volume", volume, "--output",
                         str(tmp_path / "loans.xlsx"), home=home)
    assert written.returncode == 0 and "1 loans written" in written.stdout
    [never] = run_json("loan", "request", "--volume", top, "--mode", "read", "--purpose", "查阅", home=home,
                       user="li")
    assert never["status"] == "refused" and "绝密" in never["reason"]
    nothing = docarchive("loan", "checkout", top, home=home)
    assert nothing.returncode == 2 and "no approved loan" in nothing.stderr


def _started(loan: dict) -> float:
    from datetime import datetime

    return datetime.fromisoformat(loan["since"]).timestamp()


def test_the_loan_report_prints_as_a_pdf_and_a_file_name_it_cannot_write_is_one_line(home, tmp_path):
    from tests.printing.pages import page_texts

    volume = add_volume(home, "none")
    [asked] = run_json("loan", "request", "--volume", volume, "--mode", "read", "--purpose", "查阅", home=home,
                       user="li")
    written = docarchive("loan", "report", "--kind", "history", "--volume", volume, "--output",
                         str(tmp_path / "借阅.pdf"), home=home)
    assert written.returncode == 0 and "1 loans written" in written.stdout, written.stderr
    pdf = (tmp_path / "借阅.pdf").read_bytes()
    text = "".join(page_texts(pdf)).replace("\r", "").replace("\n", "")
    assert pdf.startswith(b"%PDF") and asked["id"] in text and volume in text
    refused = docarchive("loan", "report", "--output", str(tmp_path / "loans.doc"), home=home)
    assert refused.returncode != 0 and "name the file .xlsx, .csv or .pdf" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1 and not (tmp_path / "loans.doc").exists()
