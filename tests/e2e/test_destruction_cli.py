"""One full destruction from the terminal, as the archive room runs it: what is due, a list drafted, appraised,
approved by the department manager, set apart six months, refused under a legal hold, destroyed on the
supervisor's confirmation once the volume lent out is back, the register printed, the inventory and a
re-scan told of it — with each user's view. Then a wrong scan deleted, restored and purged. The clock is fixed per command (DOCARCHIVE_FIXED_CLOCK), so six months pass in seconds.

With DOCARCHIVE_WALKTHROUGH=<file> the commands and their outputs are written there (the closing note)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from docarchive.cli.main import main
from tests.conftest import deployment_env
from tests.text_pdfs import text_pdf

MAY, NOVEMBER, DECEMBER = "2026-05-06T09:30:00+08:00", "2026-11-10T10:00:00+08:00", "2026-12-08T10:00:00+08:00"
USERS = (("wu", "archivist", "档案室"), ("qian", "manager", "销售一部"), ("zhao", "director", "总经办"),
         ("zheng", "director", "总经办"), ("li", "staff", "销售一部"))


class Terminal:
    """Runs `docarchive` as a user at a time, keeping a transcript. In this process (the command line's own
    parser, handlers and output; each command bootstraps afresh from the environment, as a new process would):
    forty interpreter start-ups cost minutes on a loaded machine."""

    def __init__(self, home: Path):
        self.home, self.now, self.lines = home, MAY, []

    def run(self, *args: str, user: str = "wu", stdin: str | None = None, ok: bool = True,
            shown: bool = True) -> subprocess.CompletedProcess:
        env = deployment_env(self.home, DOCARCHIVE_USER=user, DOCARCHIVE_FIXED_CLOCK=self.now)
        out, err = io.StringIO(), io.StringIO()
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(env)
        try:
            with redirect_stdout(out), redirect_stderr(err), _stdin(stdin), _closing_containers():
                try:
                    code = main(list(args))
                except SystemExit as exit:  # argparse refusing the arguments
                    code = int(exit.code or 0)
        finally:
            os.environ.clear()
            os.environ.update(saved)
        result = subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())
        if shown:
            self.lines.append(f"[{self.now}] {user}$ docarchive {' '.join(_quoted(a) for a in args)}")
            self.lines += [line for line in (result.stdout + result.stderr).rstrip().splitlines()]
            self.lines += [f"(exit {result.returncode})", ""] if result.returncode else [""]
        if ok:
            assert result.returncode == 0, result.stderr
        return result

    def note(self, text: str) -> None:
        self.lines += ["", f"# {text}"]


@contextmanager
def _closing_containers():
    """Close what each command bootstrapped when it is done, as the end of its process would."""
    from docarchive import bootstrap as composition

    made, patched = [], []

    def bootstrap(*args, **kwargs):
        made.append(composition.bootstrap(*args, **kwargs))
        return made[-1]

    for module in [m for name, m in sys.modules.items() if name.startswith("docarchive.cli.")]:
        if getattr(module, "bootstrap", None) is composition.bootstrap:
            patched.append(module)
            module.bootstrap = bootstrap
    try:
        yield
    finally:
        for module in patched:
            module.bootstrap = composition.bootstrap
        for container in made:
            container.close()


@contextmanager
def _stdin(text: str | None):
    saved = sys.stdin
    sys.stdin = io.StringIO(text or "")
    try:
        yield
    finally:
        sys.stdin = saved


def _quoted(arg: str) -> str:
    return f"'{arg}'" if any(ch in arg for ch in " ；，") else arg


@pytest.fixture
def terminal(tmp_path):
    terminal = Terminal(tmp_path / "home")
    for name, role, department in USERS:
        terminal.run("user", "add", name, "--role", role, "--department", department, "--password-stdin",
                     stdin="archive-pass-2026\n", shown=False)
    terminal.run("customer", "add", "KH-7", "--name", "华东机电设备有限公司", "--department", "销售一部", "--owner", "li",
                 "--reason", "建档", shown=False)
    yield terminal
    if target := os.environ.get("DOCARCHIVE_WALKTHROUGH"):
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        text = "\n".join(terminal.lines).strip().replace(f"{tmp_path}/", "./")
        Path(target).write_text(text + "\n", encoding="utf-8")


def ingest(terminal: Terminal, folder: Path, name: str, *lines: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(text_pdf(*lines))
    result = terminal.run("ingest", str(folder / name), "--customer-no", "KH-7", "--json", shown=False)
    return json.loads(result.stdout.splitlines()[-1])["id"]


def test_a_full_destruction_and_a_recoverable_deletion_from_the_terminal(terminal, tmp_path):
    t = terminal
    statement = ingest(t, tmp_path / "in", "statement.pdf", "二〇一五年度对账单", "客户编号：KH-7", "对账金额：12,000元")
    t.run("location", "add", "A库房/05密集架/1列/1节/1层", "--reason", "库房建档", shown=False)
    t.run("box", "add", "B-0099", "--location", "A库房/05密集架/1列/1节/1层", "--reason", "装盒", shown=False)
    volume = json.loads(t.run("volume", "add", "--customer-no", "KH-7", "--box", "B-0099", "--title", "华东机电 2015年度",
                              "--year", "2015", "--retention", "D10", "--reason", "归档", "--json",
                              shown=False).stdout)["archive_no"]
    t.run("file", statement, "--volume", volume, "--reason", "归档", shown=False)
    t.note(f"Set up (not shown): wu archivist (档案室); qian manager and li staff (销售一部); zhao and zheng directors. "
           f"Customer KH-7 of 销售一部 kept by li; its 2015 statement (对账单, record {statement}) ingested and filed "
           f"in volume {volume} (2015, D10), box B-0099 on A库房/05密集架/1列/1节/1层.")

    t.note("What reaches the end of its retention period this year (a volume of 2015 kept 10 years: 2026-01-01)")
    due = json.loads(t.run("retention", "due", "--before", "2026-12-31", "--json", shown=False).stdout)
    assert [item["key"] for month in due["months"] for item in month["items"]] == [volume]
    t.run("retention", "due", "--before", "2026-12-31")
    assert t.run("retention", "due", user="li", ok=False).returncode == 2

    t.note("The archivist drafts the list; the appraisal group (the department manager) gives its opinion")
    t.run("destruction", "draft", "--before", "2026-12-31", "--reason", "2026年到期档案鉴定")
    list_id = json.loads(t.run("destruction", "list", "--json", shown=False).stdout)["id"]
    t.run("destruction", "list", user="qian")
    t.run("destruction", "appraise", list_id, "--key", volume, "--opinion", "destroy", "--reason", "业务已终结，无保存价值",
          user="qian")
    t.run("destruction", "submit", list_id)
    t.note("Approval: not secret, so the department manager of 销售一部 decides")
    t.run("destruction", "approve", list_id, "--reason", "同意销毁", user="qian")
    t.note("li borrowed the paper volume before it was set apart (her manager approved, the desk scanned it out)")
    loan = json.loads(t.run("loan", "request", "--volume", volume, "--mode", "out", "--purpose", "核对对账单",
                            "--json", user="li").stdout)
    t.run("loan", "approve", loan["id"], "--reason", "同意", user="qian")
    t.run("loan", "checkout", volume)
    t.note("Set apart for six months: recoverable, hidden from reads and search")
    t.run("destruction", "quarantine", list_id, "--reason", "单独存放半年")
    assert t.run("show", statement, user="zhao", ok=False).returncode == 2
    t.run("search", "对账单", "--json", user="wu")
    assert "待销毁" in t.run("locate", volume).stdout
    refused = t.run("destruction", "schedule", list_id, "--at", "2026-09-01T09:00:00+08:00", "--supervisor", "zheng",
                    "--place", "碎纸室", ok=False)
    assert refused.returncode == 2 and "quarantine" in refused.stderr
    t.run("destruction", "schedule", list_id, "--at", "2026-12-08T09:00:00+08:00", "--supervisor", "zheng",
          "--place", "碎纸室")

    t.note("Six months later. Before the named time: refused")
    t.now = NOVEMBER
    assert "not before" in t.run("destruction", "destroy", list_id, "--method", "粉碎", user="zheng", ok=False).stderr
    t.now = DECEMBER
    t.note("A legal hold on the customer stops the destruction until it is released")
    hold = json.loads(t.run("hold", "add", "--kind", "customer", "--subject", "KH-7", "--reason", "合同纠纷诉讼保全",
                            "--json").stdout)
    assert "legal hold" in t.run("destruction", "destroy", list_id, "--method", "粉碎", user="zheng", ok=False).stderr
    t.run("hold", "release", hold["id"], "--reason", "诉讼已结案")
    assert t.run("destruction", "destroy", list_id, "--method", "粉碎", user="zhao", ok=False).returncode == 2
    t.note("The volume is still out on loan (overdue since May): no destruction until the desk has it back")
    t.run("loan", "list", "--overdue")
    on_loan = t.run("destruction", "destroy", list_id, "--method", "粉碎", user="zheng", ok=False)
    assert on_loan.returncode == 2 and "is on loan (借出：li" in on_loan.stderr
    t.run("loan", "return", volume, "--condition", "完好")
    assert "set apart for destruction" in t.run("loan", "request", "--volume", volume, "--mode", "read",
                                                "--purpose", "再看一次", user="li", ok=False).stderr
    t.note("The named supervisor confirms")
    t.run("destruction", "destroy", list_id, "--method", "粉碎", user="zheng")
    assert t.run("show", statement, ok=False).returncode == 2
    assert json.loads(t.run("search", "对账单", "--json", shown=False).stdout)["total"] == 0
    t.note("The permanent register (销毁清册), printable and as a spreadsheet")
    t.run("destruction", "register", user="zhao")
    t.run("destruction", "register", "--pdf", str(tmp_path / "register.pdf"), "--xlsx", str(tmp_path / "register.xlsx"))
    assert (tmp_path / "register.pdf").read_bytes().startswith(b"%PDF")
    assert json.loads(t.run("destruction", "register", "--json", shown=False).stdout)["supervisor"] == "zheng"
    t.note("The next inventory of the shelf (box B-0099 scanned): the volume is accounted for as destroyed, not missing")
    report = t.run("inventory", "-", "--location", "A库房/05密集架/1列/1节/1层", stdin="B-0099\n")
    assert "destroyed B-0099" not in report.stdout and f"destroyed {volume}  destroyed on 2026-12-08" in report.stdout
    assert "missing 0" in report.stdout
    t.note("The same file scanned in again is refused: what was destroyed stays destroyed")
    again = t.run("ingest", str(tmp_path / "in" / "statement.pdf"), "--customer-no", "KH-7", ok=False)
    assert again.returncode != 0 and "destroyed under the destruction register" in again.stdout + again.stderr

    t.note("A wrong scan: deleted on an approved request, restorable for 30 days, then purged")
    wrong = ingest(t, tmp_path / "in2", "wrong.pdf", "错误扫描件", "客户编号：KH-7")
    refused = t.run("record", "delete", wrong, "--approval", "none", "--reason", "错扫", user="li", ok=False)
    assert refused.returncode == 2 and "approved delete request" in refused.stderr
    asked = json.loads(t.run("approval", "request", "--kind", "delete", "--subject", wrong, "--reason", "扫描错误",
                             "--json", user="li").stdout)
    t.run("approval", "approve", asked["id"], "--reason", "同意删除", user="qian")
    t.run("record", "delete", wrong, "--approval", asked["id"], "--reason", "扫描错误", user="li")
    t.run("record", "recycle", user="li")
    assert "restorable until" in t.run("purge", "--record", wrong, ok=False).stderr
    t.now = "2027-01-08T10:00:00+08:00"
    t.run("purge")
    assert t.run("show", wrong, ok=False).returncode == 2
