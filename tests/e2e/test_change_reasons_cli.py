"""Every command that changes something needs a non-empty --reason: exit 2 with one readable line otherwise (the API
tests check that nothing changes: the services refuse before writing)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import deployment_env

SHELF = "A库房/03密集架/2列/4节/3层"


def docarchive(*args: str, home, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docarchive", *args], env=deployment_env(home), input=stdin,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("reasons") / "home"
    for args in (("location", "add", SHELF), ("box", "add", "B-0012", "--location", SHELF),
                 ("customer", "add", "KH-1", "--name", "甲公司")):
        done = docarchive(*args, "--reason", "建档", home=home)
        assert done.returncode == 0, done.stderr
    added = docarchive("user", "add", "li", "--role", "staff", "--password-stdin", home=home,
                       stdin="archive-pass-2026\n")
    assert added.returncode == 0, added.stderr
    return home


COMMANDS = {
    "location add": ("location", "add", "B库房"),
    "location move": ("location", "move", SHELF, "--to", "/"),
    "box add": ("box", "add", "B-0013", "--location", SHELF),
    "box move": ("box", "move", "B-0012", "--to", "A库房"),
    "volume add": ("volume", "add", "--customer-no", "KH-1", "--box", "B-0012"),
    "file": ("file", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "--volume", "Z001-KH·2026-Y-DAS-0001"),
    "customer add": ("customer", "add", "KH-2", "--name", "乙公司"),
    "customer edit": ("customer", "edit", "KH-1", "--name", "甲有限公司"),
    "customer transfer": ("customer", "transfer", "--from", "local", "--to", "li"),
    "user role": ("user", "role", "li", "--role", "manager"),
    "user disable": ("user", "disable", "li"),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_change_with_a_blank_reason_is_refused_in_one_line(home, command):
    result = docarchive(*COMMANDS[command], "--reason", "  ", home=home)
    assert result.returncode == 2, result.stdout
    assert result.stderr.strip() == "docarchive: error: a reason for the change is required"


@pytest.mark.parametrize("command", ["volume add", "file", "user role", "customer transfer"])
def test_a_change_without_a_reason_is_refused(home, command):
    result = docarchive(*COMMANDS[command], home=home)
    assert result.returncode == 2 and "--reason" in result.stderr


def test_a_role_change_is_audited_with_its_reason(home):
    assert docarchive("user", "role", "li", "--role", "manager", "--reason", "晋升部门经理", home=home).returncode == 0
    events = json.loads(docarchive("audit", "list", "--action", "setting", "--json", home=home).stdout)["events"]
    assert any(e["subject"] == "user:li" and e["detail"]["reason"] == "晋升部门经理"
               and e["detail"]["roles"] == [["staff"], ["manager"]] for e in events), events

