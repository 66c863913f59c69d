"""`docarchive approval` as people run it: a request by one user, decided by another with the role for it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import deployment_env


def docarchive(*args: str, home, user: str = "local", stdin: str | None = None) -> subprocess.CompletedProcess:
    env = deployment_env(home, DOCARCHIVE_USER=user)
    return subprocess.run([sys.executable, "-m", "docarchive", *args], env=env, input=stdin, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    for name, role, department in (("li", "staff", "销售一部"), ("zhao", "director", "总经办")):
        added = docarchive("user", "add", name, "--role", role, "--department", department, "--password-stdin",
                           home=home, stdin="archive-pass-2026\n")
        assert added.returncode == 0, added.stderr
    assert docarchive("customer", "add", "KH-9", "--name", "甲公司", "--reason", "新客户建档",
                      home=home).returncode == 0
    return home


def test_a_change_request_is_listed_for_a_director_and_approved_by_them(home):
    asked = docarchive("approval", "request", "--kind", "change", "--subject", "KH-9", "--reason", "更正地址",
                       "--json", home=home, user="li")
    assert asked.returncode == 0, asked.stderr
    request = json.loads(asked.stdout)
    assert (request["state"], request["requested_by"], request["requester_department"]) == ("pending", "li", "销售一部")
    waiting = docarchive("approval", "list", "--json", home=home, user="zhao")
    assert [json.loads(line)["id"] for line in waiting.stdout.splitlines()] == [request["id"]]
    approved = docarchive("approval", "approve", request["id"], "--reason", "同意", "--json", home=home, user="zhao")
    assert approved.returncode == 0, approved.stderr
    assert json.loads(approved.stdout)["state"] == "approved"
    mine = docarchive("approval", "list", "--mine", home=home, user="li")
    assert request["id"] in mine.stdout and "approved" in mine.stdout


def test_a_request_is_not_approved_by_its_requester_nor_without_a_reason(home):
    request = json.loads(docarchive("approval", "request", "--kind", "change", "--subject", "KH-9", "--reason",
                                    "更正地址", "--json", home=home, user="zhao").stdout)
    own = docarchive("approval", "approve", request["id"], "--reason", "同意", home=home, user="zhao")
    assert own.returncode == 2 and "own request" in own.stderr
    blank = docarchive("approval", "cancel", request["id"], "--reason", " ", home=home, user="zhao")
    assert blank.returncode == 2 and "reason" in blank.stderr
    missing = docarchive("approval", "request", "--kind", "change", "--subject", "KH-9", home=home, user="li")
    assert missing.returncode == 2 and "--reason" in missing.stderr
