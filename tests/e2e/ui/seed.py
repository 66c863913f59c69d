"""A small archive for the browser tests, made through the CLI as an archivist would: two customers, born-digital
records (no OCR, so seeding takes seconds), one filed on a shelf, one 机密, one whose text is hostile HTML."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.text_pdfs import archive_card, complaint, text_pdf

PASSWORD = "ui-test-2026"
SHELF = "A库房/03密集架/2列4节/3层"
HOSTILE = "<script>window.pwned=1</script><img src=x onerror=window.pwned=2>"


@dataclass
class Seeded:
    complaint: str  # filed on the shelf
    card: str
    secret: str  # 机密: read in the room only
    hostile: str  # its OCR text carries markup that must stay text


def docarchive(*args: str, env: dict, stdin: str | None = None) -> str:
    done = subprocess.run([sys.executable, "-m", "docarchive", *args], env=env, input=stdin, text=True,
                          capture_output=True)
    assert done.returncode == 0, (args, done.stderr)
    return done.stdout


def seed(env: dict, folder: Path) -> Seeded:
    for name, role in (("wang", "archivist"), ("li", "staff"), ("zhao", "auditor"), ("sun", "admin")):
        docarchive("user", "add", name, "--role", role, "--department", "营业部", "--password-stdin",
                   env=env, stdin=PASSWORD + "\n")
    docarchive("user", "add", "qian", "--role", "manager", "--department", "营业部", "--password-stdin", env=env,
               stdin=PASSWORD + "\n")  # the lending desk's approver for 营业部
    docarchive("customer", "add", "KH-2024-00001", "--name", "华东机电有限公司", "--owner", "li",
               "--department", "营业部", "--set", "industry=制造业", "--reason", "建档", env=env)
    docarchive("customer", "add", "KH-2024-00002", "--name", "杭州丝绸贸易公司", "--owner", "li",
               "--department", "营业部", "--reason", "建档", env=env)
    files = {"complaint": complaint("KH-2024-00001", "，客户满意"),
             "card": archive_card("KH-2024-00001", "华东机电有限公司"),
             "secret": text_pdf("客户财务报表", "客户编号：KH-2024-00002", "年度营业收入：保密"),
             "hostile": text_pdf("客户投诉处理记录", "客户编号：KH-2024-00002", f"备注：{HOSTILE}")}
    for key, data in files.items():
        (folder / f"{key}.pdf").write_bytes(data)
    ingested = [json.loads(line) for line in docarchive("ingest", *(str(folder / f"{key}.pdf") for key in files),
                                                        "--json", "--jobs", "1", env=env).splitlines()]
    seeded = Seeded(**{Path(r["path"]).stem: r["id"] for r in ingested if "id" in r})
    docarchive("level", "set", "--document", seeded.secret, "机密", "--reason", "含客户财务资料", env=env)
    _file_on_shelf(seeded.complaint, env)
    return seeded


def _file_on_shelf(document_id: str, env: dict) -> None:
    docarchive("location", "add", "--reason", "归档", SHELF, env=env)
    docarchive("box", "add", "--reason", "归档", "B-0012", "--location", SHELF, env=env)
    volume = json.loads(docarchive("volume", "add", "--reason", "归档", "--customer-no", "KH-2024-00001", "--box",
                                   "B-0012", "--title", "华东机电", "--year", "2024", "--retention", "D10", "--json",
                                   env=env))["archive_no"]
    docarchive("file", "--reason", "归档", document_id, "--volume", volume, env=env)


if __name__ == "__main__":  # a home to develop the UI against: python -m tests.e2e.ui.seed HOME
    home = Path(sys.argv[1])
    home.mkdir(parents=True, exist_ok=True)
    print(seed({**os.environ, "DOCARCHIVE_HOME": str(home / "home")}, home))
