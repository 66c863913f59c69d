"""Judging a store's final links against a :class:`LinkingFolder`'s truth, through the real CLI.

    state = ingest_and_read(folder.paths(), env)      # `docarchive ingest`, then `list` and `review list`
    verdict = judge(folder, state)                     # correct / wrong / unassigned, with the why
    disagreements(folder, [state_a, state_b])          # files whose customer differs between orders

Used by ``bench.linking`` (figures) and ``tests/e2e/test_linking_folder.py`` (assertions).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docarchive.samples.linking_folder import ANY_REASON, LinkingFolder, LinkTruth

REVIEW_PAGE_SIZE = 100


@dataclass(frozen=True)
class Outcome:
    """Where a record ended up: its customer, or the review reasons it waits with."""

    id: str
    customer_no: str | None
    reasons: tuple[dict[str, Any], ...] = ()

    @property
    def reason_names(self) -> tuple[str, ...]:
        return tuple(r.get("reason", "") for r in self.reasons)


@dataclass
class Verdict:
    records: int = 0
    correct: int = 0
    wrong: list[tuple[LinkTruth, Outcome]] = field(default_factory=list)  # linked to a customer it is not
    right_reason: int = 0  # unassigned, as the truth says, for a reason the truth allows
    unassigned_other: Counter[str] = field(default_factory=Counter)  # "why: kind" → records
    missing: list[str] = field(default_factory=list)  # files no record was made of

    def summary(self) -> str:
        other = sum(self.unassigned_other.values())
        return (f"records {self.records}  correct {self.correct}  WRONG {len(self.wrong)}  "
                f"unassigned-right-reason {self.right_reason}  unassigned-otherwise {other}  "
                f"missing {len(self.missing)}")


def docarchive(*args: str, env: dict[str, str], timeout: float = 3600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docarchive", *args], env=env, capture_output=True, text=True,
                          timeout=timeout)


def ingest_and_read(paths: Sequence[Path], env: dict[str, str], *, jobs: int = 1) -> dict[str, Outcome]:
    """Ingest ``paths`` in this order into the store ``env`` selects, then read every record's final state."""
    ingested = docarchive("ingest", *map(str, paths), "--json", "--jobs", str(jobs), env=env)
    if ingested.returncode not in (0, 1):  # 1: some file failed; judged as missing, not as a crash
        raise RuntimeError(f"ingest exited {ingested.returncode}: {ingested.stderr[-2000:]}")
    return final_state(env, limit=len(paths) + 10)


def final_state(env: dict[str, str], *, limit: int) -> dict[str, Outcome]:
    """filename → Outcome, from `list --json` (links after re-linking) and `review list --json` (reasons)."""
    listed = docarchive("list", "--json", "--limit", str(limit), env=env)
    if listed.returncode:
        raise RuntimeError(f"list exited {listed.returncode}: {listed.stderr[-2000:]}")
    rows = [json.loads(line) for line in listed.stdout.splitlines() if line.strip()]
    reasons = review_reasons(env)
    return {row["filename"]: Outcome(row["id"], row.get("customer_no"), tuple(reasons.get(row["id"], ())))
            for row in rows}


def review_reasons(env: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """Record id → its review reasons, every page of the review queue; {} when there is no review command."""
    found: dict[str, list[dict[str, Any]]] = {}
    page = 1
    while True:
        result = docarchive("review", "list", "--json", "--page", str(page), "--size", str(REVIEW_PAGE_SIZE), env=env)
        if result.returncode:
            return found
        body = json.loads(result.stdout)
        for item in body.get("items", []):
            found[item["id"]] = item.get("reasons", [])
        if not body.get("items") or page * REVIEW_PAGE_SIZE >= body.get("total", 0):
            return found
        page += 1


def judge(folder: LinkingFolder, state: dict[str, Outcome], *, own_names: bool = True) -> Verdict:
    verdict = Verdict(records=len(folder.truth))
    for truth in folder.truth:
        outcome = state.get(truth.filename)
        if outcome is None:
            verdict.missing.append(truth.filename)
            continue
        _judge_one(verdict, truth, outcome, own_names)
    return verdict


def _judge_one(verdict: Verdict, truth: LinkTruth, outcome: Outcome, own_names: bool) -> None:
    expected, reasons = truth.expected(own_names=own_names)
    if outcome.customer_no is not None:
        if outcome.customer_no == expected:
            verdict.correct += 1
        else:
            verdict.wrong.append((truth, outcome))
        return
    if expected is not None:
        why = "scanned, unread (acceptable)" if truth.scanned else f"should link, review {_names(outcome)}"
        verdict.unassigned_other[f"{why}: {truth.kind}"] += 1
    elif _reason_matches(truth, outcome, reasons):
        verdict.right_reason += 1
    else:
        verdict.unassigned_other[f"wanted {'/'.join(reasons)}, review {_names(outcome)}: {truth.kind}"] += 1


def _reason_matches(truth: LinkTruth, outcome: Outcome, reasons: tuple[str, ...]) -> bool:
    if ANY_REASON in reasons:
        return True
    for reason in outcome.reasons:
        if reason.get("reason") not in reasons:
            continue
        if reason["reason"] != "customer_not_on_file" or number_key(reason.get("customer_no", "")) == number_key(
                truth.not_on_file or ""):
            return True
    return False


def _names(outcome: Outcome) -> str:
    return "+".join(outcome.reason_names) or "none"


def number_key(customer_no: str) -> str:
    """KH-2018-00123, ＫＨ－２０１８－００１２３ and KH 2018 00123 are one number to whoever reads the page."""
    return re.sub(r"[^0-9A-Z]", "", customer_no.upper().translate({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}))


def disagreements(folder: LinkingFolder, states: Sequence[dict[str, Outcome]]) -> list[tuple[LinkTruth, list]]:
    """Files whose final customer is not the same in every run, with each run's customer."""
    found = []
    for truth in folder.truth:
        seen = [s[truth.filename].customer_no if truth.filename in s else "<missing>" for s in states]
        if len(set(seen)) > 1:
            found.append((truth, seen))
    return found


def describe_wrong(truth: LinkTruth, outcome: Outcome) -> str:
    """One line a reader can act on: the file, what it is, where it went and where it belongs."""
    want = truth.customer_no or f"unassigned ({'/'.join(truth.reasons)})"
    scan = " [scan]" if truth.scanned else ""
    return (f"{truth.filename}{scan} {truth.kind}: linked to {outcome.customer_no}, belongs {want}; "
            f"page shows {truth.printed}")
