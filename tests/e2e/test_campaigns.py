"""The short versions of the fault campaign and the load test (`bench/faults.py`, `bench/load.py`): one
`kill -9` of each kind — the API, an ingest batch, a worker, the indexer — each followed by the full check, and
a few seconds of many users at once with no error. The long runs (hundreds of trials, a 10-minute soak) are
the bench's; their figures are in docs/benchmarks.md. Runs on the deployment under test."""

from __future__ import annotations


from bench import faults, load
from tests.conftest import SCALE

DEPLOYMENT = "scale" if SCALE else "embedded"


def test_one_kill_of_each_kind_loses_and_leaves_nothing(capsys):
    code = faults.main(["--trials", "4", "--seed", "1", "--deployment", DEPLOYMENT])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "trials run 4, survived 4" in printed


def test_a_short_load_of_many_users_has_no_error(capsys):
    code = load.main(["--seconds", "8", "--users", "6", "--records", "6", "--deployment", DEPLOYMENT])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "| all |" in printed
