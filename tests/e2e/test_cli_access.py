"""The CLI under access control: it acts as the archive room (the operating-system user owns the store), or
with DOCARCHIVE_USER naming an account, as that account's roles; what the account may not see stays unseen
in show, search, export and locate, and role-bound commands refuse with one line."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from docarchive.services.accounts import add_user
from tests.conftest import deployment_env
from tests.text_pdfs import archive_card, text_pdf

PASSWORD = "Archive-2026-pw"


def docarchive(*args: str, home, user: str | None = None) -> subprocess.CompletedProcess:
    extra = {"DOCARCHIVE_USER": user} if user else {}
    return subprocess.run([sys.executable, "-m", "docarchive", *args], env=deployment_env(home, **extra),
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def store(tmp_path, container):
    """A confidential record of 利华's (account manager li), a plain one of 北方's (wu)."""
    home = container.settings.home
    cards, records = tmp_path / "cards", tmp_path / "records"
    cards.mkdir(), records.mkdir()
    (cards / "a-card.pdf").write_bytes(archive_card("KH-2024001", "利华商贸"))
    (cards / "b-card.pdf").write_bytes(archive_card("KH-2024002", "北方物流"))
    (records / "c-secret.pdf").write_bytes(text_pdf("客户投诉处理记录", "客户编号：KH-2024001", "内容：甲乙丙"))
    (records / "d-plain.pdf").write_bytes(text_pdf("客户投诉处理记录", "客户编号：KH-2024002", "内容：丁戊己"))
    assert docarchive("ingest", str(cards), home=home).returncode == 0
    for no, owner, department in (("KH-2024001", "li", "sales"), ("KH-2024002", "wu", "north")):
        with container.records.unit_of_work() as uow:
            customer = uow.customers.get(no)
            customer.owner, customer.department = owner, department
            uow.customers.update(customer)
            uow.commit()
    for name, roles, department in (("li", ["staff"], "sales"), ("wu", ["staff"], "north"),
                                    ("adm", ["admin"], "it")):
        add_user(container.accounts, clock=container.clock, name=name, roles=roles, password=PASSWORD,
                 department=department)
    ingested = docarchive("ingest", str(records), "--json", home=home)
    assert ingested.returncode == 0, ingested.stderr
    rows = [json.loads(line) for line in ingested.stdout.splitlines() if '"path"' in line]
    ids = {row["path"].rsplit("/", 1)[-1]: row["id"] for row in rows}
    leveled = docarchive("level", "set", "--document", ids["c-secret.pdf"], "秘密", "--reason", "审定", home=home)
    assert leveled.returncode == 0, leveled.stderr
    return home, ids


def test_show_answers_by_the_accounts_sight(store):
    home, ids = store
    secret, plain = ids["c-secret.pdf"], ids["d-plain.pdf"]
    assert json.loads(docarchive("show", secret, "--json", home=home).stdout)["text"]  # the archive room reads it
    withheld = json.loads(docarchive("show", secret, "--json", home=home, user="li").stdout)
    assert withheld["withheld"] is True and "text" not in withheld
    hidden = docarchive("show", plain, "--json", home=home, user="li")
    missing = docarchive("show", "0000000000000000", "--json", home=home, user="li")
    assert hidden.returncode == missing.returncode != 0
    assert hidden.stderr.replace(plain, "ID") == missing.stderr.replace("0000000000000000", "ID")
    assert len(hidden.stderr.strip().splitlines()) == 1


def test_search_and_export_hold_only_what_the_account_may_read(store, tmp_path):
    home, ids = store
    for user, word, found in (("li", "甲乙丙", False), ("li", "丁戊己", False), ("wu", "丁戊己", True),
                              (None, "甲乙丙", True)):
        result = docarchive("search", word, "--json", home=home, user=user)
        assert result.returncode == 0, result.stderr
        assert (ids["d-plain.pdf" if word == "丁戊己" else "c-secret.pdf"] in result.stdout) == found, (user, word)
    out = tmp_path / "li.csv"
    assert docarchive("export", "customers", "--out", str(out), home=home, user="li").returncode == 0
    with out.open(encoding="utf-8-sig") as exported:
        numbers = {row[0] for row in list(csv.reader(exported))[1:]}
    assert numbers == {"KH-2024001"}


def test_role_bound_commands_refuse_in_one_line(store, tmp_path):
    home, ids = store
    for args in (("review", "list"), ("level", "set", "--document", ids["d-plain.pdf"], "none", "--reason", "x"),
                 ("location", "add", "B库房/01柜", "--reason", "新柜")):
        refused = docarchive(*args, home=home, user="wu")
        assert refused.returncode != 0 and "your role may not" in refused.stderr, (args, refused.stderr)
        assert len(refused.stderr.strip().splitlines()) == 1
    nothing = docarchive("show", ids["d-plain.pdf"], home=home, user="adm")
    assert nothing.returncode != 0  # the administrator sees no content at all


def test_an_account_manager_changes_a_file_on_the_cli_once_the_manager_approves(store, container):
    home, _ids = store
    add_user(container.accounts, clock=container.clock, name="mgr", roles=["manager"], password=PASSWORD,
             department="sales")
    edit = ("customer", "edit", "KH-2024001", "--set", "grade=A", "--reason", "年度评级")
    refused = docarchive(*edit, home=home, user="li")
    assert refused.returncode != 0 and len(refused.stderr.strip().splitlines()) == 1
    assert "approved change request" in refused.stderr
    asked = docarchive("approval", "request", "--kind", "change", "--subject", "KH-2024001", "--reason", "评级调整",
                       "--json", home=home, user="li")
    assert asked.returncode == 0, asked.stderr
    request_id = json.loads(asked.stdout)["id"]
    decided = docarchive("approval", "approve", request_id, "--reason", "同意", home=home, user="mgr")
    assert decided.returncode == 0, decided.stderr
    done = docarchive(*edit, home=home, user="li")
    assert done.returncode == 0, done.stderr
