"""`docarchive audit list | verify | export` as an auditor runs them, on either deployment."""

from __future__ import annotations

import csv
import json
import sqlite3

from tests.conftest import SCALE, deployment_env
from tests.e2e.test_cli import docarchive


def searched(home, *queries: str) -> None:
    for query in queries:
        result = docarchive("search", query, "--json", home=home)
        assert result.returncode == 0, result.stderr


def test_list_json_shows_cli_searches_with_their_query_and_user(tmp_path):
    home = tmp_path / "home"
    searched(home, "合同", "发票")
    listing = json.loads(docarchive("audit", "list", "--action", "search", "--json", home=home).stdout)
    assert listing["total"] == 2
    newest = listing["events"][0]
    assert (newest["detail"]["query"], newest["source"], newest["seq"]) == ("发票", "cli", 2)


def test_verify_exits_0_with_a_summary_when_intact(tmp_path):
    home = tmp_path / "home"
    searched(home, "合同", "发票")
    result = docarchive("audit", "verify", home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("audit chain intact: 2 events, last seq 2")


def test_verify_exits_1_naming_the_first_edited_event(tmp_path):
    home = tmp_path / "home"
    searched(home, "合同", "发票", "贷款")
    edit_stored_user(home, seq=2, user="someone else")
    result = docarchive("audit", "verify", home=home)
    assert result.returncode == 1
    assert result.stdout.strip() == "audit chain broken at event 2: edited: its content does not match its hash"


def test_export_writes_a_csv_of_the_matching_events(tmp_path):
    home = tmp_path / "home"
    searched(home, "合同")
    out = tmp_path / "audit.csv"
    result = docarchive("audit", "export", "--action", "search", "--out", str(out), home=home)
    assert result.returncode == 0 and "1 events" in result.stdout
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert len(rows) == 2 and rows[1][3] == "search"


def edit_stored_user(home, *, seq: int, user: str) -> None:
    """What someone with access to the database could do behind the application's back."""
    if not SCALE:
        conn = sqlite3.connect(home / "docarchive.sqlite3", isolation_level=None)
        conn.execute("DROP TRIGGER audit_events_no_update")
        conn.execute("UPDATE audit_events SET user = ? WHERE seq = ?", (user, seq))
        conn.close()
        return
    import pymongo

    env = deployment_env(home)
    client = pymongo.MongoClient(env["DOCARCHIVE_MONGO_URL"])
    client[env["DOCARCHIVE_MONGO_DATABASE"]]["audit_events"].update_one({"_id": seq}, {"$set": {"user": user}})
    client.close()
