"""Personal data from the command line, on either deployment: masked output unless `--reveal` (audited),
consents, exports that re-import unchanged, and `docarchive keys status|rotate`."""

from __future__ import annotations

import json
import subprocess
import sys

from openpyxl import load_workbook

from docarchive.domain.idnumber import check_char
from tests.conftest import SCALE, deployment_env

ID_NUMBER = "11010519491231002" + check_char("11010519491231002")
MASKED = ID_NUMBER[:6] + "********" + ID_NUMBER[-4:]
OLD = "testkey1:" + "0123456789abcdef" * 4
NEW = "testkey2:" + "fedcba9876543210" * 4


def run(*args: str, home, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docarchive", *args], env=deployment_env(home, **env),
                          capture_output=True, text=True, timeout=600)


def _customer(home) -> None:
    added = run("customer", "add", "KH-9", "--name", "王建国", "--set", f"id_number={ID_NUMBER}", "--reason", "新客户",
                "--json", home=home)
    assert added.returncode == 0, added.stderr
    assert ID_NUMBER not in added.stdout and MASKED in added.stdout


def test_a_customer_is_shown_masked_and_in_full_only_when_revealed_which_is_audited(tmp_path):
    home = tmp_path / "home"
    _customer(home)
    assert json.loads(run("customer", "show", "KH-9", "--json", home=home).stdout)["id_number"] == MASKED
    revealed = run("customer", "show", "KH-9", "--json", "--reveal", home=home, DOCARCHIVE_USER="王芳")
    assert json.loads(revealed.stdout)["id_number"] == ID_NUMBER
    events = json.loads(run("audit", "list", "--action", "unmask", "--json", home=home).stdout)["events"]
    assert [(e["user"], e["customer_no"]) for e in events] == [("王芳", "KH-9")]


def test_an_export_masks_id_numbers_and_re_imports_without_a_change(tmp_path):
    home = tmp_path / "home"
    _customer(home)
    assert run("export", "customers", "--out", str(tmp_path / "c.xlsx"), home=home).returncode == 0
    rows = [list(row) for row in load_workbook(tmp_path / "c.xlsx").active.iter_rows(values_only=True)]
    assert MASKED in rows[1] and ID_NUMBER not in str(rows)
    again = json.loads(run("import", "customers", str(tmp_path / "c.xlsx"), "--json", home=home).stdout)
    assert (again["unchanged"], again["rejected"]) == (1, [])
    revealed = run("customer", "show", "KH-9", "--json", "--reveal", home=home)
    assert json.loads(revealed.stdout)["id_number"] == ID_NUMBER


def test_a_consent_needs_a_record_of_the_customer_and_is_listed(tmp_path):
    home = tmp_path / "home"
    _customer(home)
    refused = run("customer", "consent", "add", "KH-9", "--date", "2026-05-06", "--scope", "存档",
                  "--document-id", "01NOPE", "--reason", "同意书", home=home)
    assert refused.returncode != 0 and "01NOPE" in refused.stderr
    listed = run("customer", "consent", "list", "KH-9", "--json", home=home)
    assert listed.returncode == 0 and listed.stdout == ""


def test_keys_rotate_re_encrypts_everything_and_the_old_key_is_no_longer_needed(tmp_path):
    home = tmp_path / "home"
    _customer(home)
    given = {"DOCARCHIVE_DATA_KEYS": json.dumps([NEW, OLD])} if SCALE else {}
    rotated = run("keys", "rotate", "--json", home=home, **given)
    assert rotated.returncode == 0, rotated.stderr
    outcome = json.loads(rotated.stdout)
    assert outcome["rewritten"]["customers"] == 1 and outcome["rewritten"]["changes"] == 1
    only_new = {"DOCARCHIVE_DATA_KEYS": json.dumps([NEW])} if SCALE else {}
    if SCALE:
        assert outcome["removable"] == ["testkey1"]
    else:
        held = [path.stem for path in (home / "keys" / "data").glob("*.key")]
        assert outcome["started"] and outcome["retired"] and held == [outcome["current"]]
    status = json.loads(run("keys", "status", "--json", home=home, **only_new).stdout)
    assert status["rotation_done"] and status["keys"] == [outcome["current"]]
    shown = run("customer", "show", "KH-9", "--json", "--reveal", home=home, **only_new)
    assert json.loads(shown.stdout)["id_number"] == ID_NUMBER
