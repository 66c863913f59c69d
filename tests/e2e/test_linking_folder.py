"""A judged folder through the real CLI, in three orders: no wrong link, the right reasons, one outcome.

The folder (docarchive.samples.linking_folder) holds cards that arrive after their customers' papers,
contracts whose counterparty is another customer on file, numbers never opened, conflicting evidence,
ID copies, name-only contracts and namesakes; ``bench.linking`` runs the same at 300 records with scans.
"""

from __future__ import annotations

import json
import random

import pytest

from docarchive.samples.linking_folder import OWN_NAMES, write_linking_folder
from docarchive.samples.linking_judge import describe_wrong, disagreements, ingest_and_read, judge
from tests.conftest import deployment_env

ORDERS = 3
SEED = 11


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_linking_folder(tmp_path_factory.mktemp("linking"), records=40, images=0, seed=SEED)


@pytest.fixture(scope="module")
def states(folder, tmp_path_factory):
    """The final state after ingesting the folder in each of three shuffled orders, each into a fresh store."""
    found = []
    for n in range(ORDERS):
        paths = folder.paths()
        random.Random(SEED * 100 + n).shuffle(paths)
        home = tmp_path_factory.mktemp(f"order{n}") / "home"
        env = deployment_env(home, DOCARCHIVE_OWN_NAMES=json.dumps(OWN_NAMES, ensure_ascii=False), DOCARCHIVE_JOBS="1")
        found.append(ingest_and_read(paths, env))
    return found


def test_every_file_becomes_a_record(folder, states):
    for state in states:
        assert not judge(folder, state).missing


def test_no_record_is_linked_to_a_customer_it_does_not_belong_to(folder, states):
    wrong = [describe_wrong(t, o) for state in states for t, o in judge(folder, state).wrong]
    assert not wrong, "\n".join(wrong)


def test_every_record_naming_a_customer_on_file_is_linked_to_it(folder, states):
    for state in states:
        verdict = judge(folder, state)
        should_link = [why for why in verdict.unassigned_other if why.startswith("should link")]
        assert not should_link, verdict.unassigned_other


def test_records_that_must_stay_unassigned_wait_for_review_with_the_reason_the_rules_give(folder, states):
    must_wait = sum(t.customer_no is None for t in folder.truth)
    for state in states:
        verdict = judge(folder, state)
        assert verdict.right_reason == must_wait, verdict.unassigned_other


def test_the_order_of_ingest_does_not_change_any_link(folder, states):
    differing = disagreements(folder, states)
    assert not differing, "\n".join(f"{t.filename} {t.kind} belongs {t.customer_no}: {seen}" for t, seen in differing)
