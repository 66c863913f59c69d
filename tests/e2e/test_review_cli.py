"""`docarchive review` and what folder ingest passes over, as a user runs them."""

from __future__ import annotations

import json
import os

from tests.e2e.test_cli import docarchive
from tests.text_pdfs import archive_card, complaint


def ingest_json(home, *paths) -> list[dict]:
    result = docarchive("ingest", *map(str, paths), "--json", "--jobs", "1", home=home)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_review_lists_link_and_dismiss_from_the_command_line(tmp_path):
    home = tmp_path / "home"
    (tmp_path / "complaint.pdf").write_bytes(complaint("KH-2024-00321"))
    (tmp_path / "card.pdf").write_bytes(archive_card("KH-2024-00001", "杭州西湖电子有限公司"))
    (record,) = ingest_json(home, tmp_path / "complaint.pdf")
    assert record["review"][0] == "customer_not_on_file" and record["link"] is None
    ingest_json(home, tmp_path / "card.pdf")

    queue = json.loads(docarchive("review", "list", "--reason", "customer_not_on_file", "--json", home=home).stdout)
    assert queue["total"] == 1 and queue["items"][0]["reasons"][0]["customer_no"] == "KH-2024-00321"
    linked = docarchive("review", "link", record["id"], "--customer-no", "KH-2024-00001", "--reason",
                        "number misprinted", "--json", home=home)
    assert linked.returncode == 0, linked.stderr
    assert json.loads(linked.stdout)["link"]["how"] == "manual"
    shown = json.loads(docarchive("show", record["id"], "--json", home=home).stdout)
    assert shown["customer_no"] == "KH-2024-00001" and shown["link"]["evidence"] == "number misprinted"

    dismissed = docarchive("review", "dismiss", record["id"], "--reason-code", "not_filed", "--reason",
                           "no paper original", home=home)
    assert dismissed.returncode == 0 and "not_filed cleared" in dismissed.stdout
    again = docarchive("review", "dismiss", record["id"], "--reason-code", "not_filed", "--reason", "x", home=home)
    assert again.returncode == 2 and again.stderr.count("\n") == 1 and "not waiting for not_filed" in again.stderr
    human = docarchive("review", "list", home=home)
    assert "need a person" in human.stdout


def test_folder_ingest_lists_what_it_skips_and_why(tmp_path):
    folder = tmp_path / "scans"
    (folder / "sub" / ".cache").mkdir(parents=True)
    (folder / "a.pdf").write_bytes(complaint("KH-2024-00001"))
    (folder / ".hidden.pdf").write_bytes(complaint("KH-2024-00002"))
    (folder / "notes.txt").write_text("scanner log")
    (folder / "sub" / ".cache" / "b.pdf").write_bytes(complaint("KH-2024-00003"))
    os.symlink(folder, folder / "sub" / "loop")
    explicit = tmp_path / "named.txt"
    explicit.write_bytes(complaint("KH-2024-00004"))  # named explicitly: tried whatever its suffix

    result = docarchive("ingest", str(folder), str(explicit), "--json", home=tmp_path / "home")
    outcomes = {o["path"]: o for o in map(json.loads, result.stdout.splitlines())}
    skipped = {path.removeprefix(str(folder) + "/"): o["reason"] for path, o in outcomes.items()
               if o["status"] == "skipped"}
    assert skipped == {".hidden.pdf": "hidden", "notes.txt": "unsupported suffix", "sub/.cache": "hidden",
                       "sub/loop": "symlink loop"}
    assert outcomes[str(folder / "a.pdf")]["status"] == "ingested"
    assert outcomes[str(explicit)]["status"] == "ingested"
    summary = json.loads(result.stderr.splitlines()[-1])["summary"]
    assert (summary["ingested"], summary["skipped"]) == (2, 4)
    assert result.returncode == 0

    human = docarchive("ingest", str(folder), home=tmp_path / "home2")
    assert "skipped    " + str(folder / "notes.txt") + ": unsupported suffix" in human.stdout
    assert "skipped 4" in human.stderr
