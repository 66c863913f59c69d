"""`docarchive customer add --owner/--department` and `customer transfer` as an operator runs them."""

from __future__ import annotations

import json

from tests.e2e.test_cli import docarchive


def test_a_departing_keepers_files_are_transferred_with_the_reason_in_each_history(tmp_path):
    home = tmp_path / "home"
    for no, owner in (("KH-1", "wang"), ("KH-2", "wang"), ("KH-3", "li")):
        added = docarchive("customer", "add", no, "--name", f"客户{no}", "--owner", owner, "--department",
                           "销售一部", "--reason", "建档", "--json", home=home)
        assert added.returncode == 0, added.stderr
        assert json.loads(added.stdout)["owner"] == owner
    moved = docarchive("customer", "transfer", "--from", "wang", "--to", "li", "--department", "销售二部",
                       "--reason", "王芳离职", "--json", home=home)
    assert moved.returncode == 0, moved.stderr
    assert [(c["customer_no"], c["owner"], c["department"]) for c in json.loads(moved.stdout)["customers"]] == [
        ("KH-1", "li", "销售二部"), ("KH-2", "li", "销售二部")]
    shown = json.loads(docarchive("customer", "show", "KH-1", "--history", "--json", home=home).stdout)
    assert shown["history"][0]["reason"] == "王芳离职"
    assert shown["history"][0]["changes"]["owner"] == {"before": "wang", "after": "li"}
    text = docarchive("customer", "show", "KH-3", home=home).stdout
    assert "kept by li (销售一部)" in text


def test_a_transfer_of_nobodys_files_says_so(tmp_path):
    result = docarchive("customer", "transfer", "--from", "nobody", "--to", "li", "--reason", "x",
                        home=tmp_path / "home")
    assert result.returncode == 2 and result.stderr.strip() == "docarchive: error: nobody keeps no customer files"
