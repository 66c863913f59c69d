"""Customer-linking benchmark: one judged folder, ingested in several random orders, on each deployment.

    python -m bench.linking [--records 300] [--images 12] [--orders 3] [--deployments embedded,scale]
        [--seed S] [--jobs2] [--no-own-names] [--keep DIR]

Writes a :mod:`docarchive.samples.linking_folder` once, then per deployment ingests it ``--orders`` times
through the real CLI (fresh store each time; a shuffle, its reverse, more shuffles; ``--jobs 1`` so the
list is the commit order; ``--jobs2`` adds one run with two workers), reads the final state (`list
--json`, `review list --json`) and prints per run: correct links, WRONG links (target 0), unassigned
with the reason the rules give, unassigned otherwise (broken down), seconds; then whether every run put
every file with the same customer (target: identical). The scale deployment uses DOCARCHIVE_MONGO_URL /
DOCARCHIVE_ES_URL (or asks scripts/ferretdb.sh and scripts/elasticsearch.sh) with a database and index
prefix of its own per run, dropped afterwards. Figures only: this is not a timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import tempfile
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from docarchive.samples.linking_folder import OWN_NAMES, LinkingFolder, write_linking_folder
from docarchive.samples.linking_judge import describe_wrong, disagreements, ingest_and_read, ingest_orders, judge

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="linkbench-") as tmp:
        base = Path(args.keep or tmp)
        started = time.perf_counter()
        folder = write_linking_folder(base / "folder", records=args.records, images=args.images, seed=args.seed)
        print(f"# judged folder: {_contents(folder)} [seed {args.seed}], written in "
              f"{time.perf_counter() - started:.1f}s")
        print(f"# DOCARCHIVE_OWN_NAMES {'unset' if args.no_own_names else json.dumps(OWN_NAMES, ensure_ascii=False)}")
        runs = _runs(args, folder)
        for deployment in args.deployments.split(","):
            _bench_deployment(deployment, folder, runs, base, own_names=not args.no_own_names)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.linking", description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=300)
    parser.add_argument("--images", type=int, default=12, help="records written as PNG/JPEG scans (OCR'd)")
    parser.add_argument("--orders", type=int, default=3, help="random ingest orders per deployment")
    parser.add_argument("--deployments", default="embedded,scale")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs2", action="store_true", help="one more run with --jobs 2")
    parser.add_argument("--no-own-names", action="store_true", help="run without DOCARCHIVE_OWN_NAMES")
    parser.add_argument("--keep", help="write the folder and stores here instead of a temporary directory")
    return parser


def _contents(folder: LinkingFolder) -> str:
    kinds = Counter(t.kind for t in folder.truth)
    scans = sum(t.scanned for t in folder.truth)
    listed = ", ".join(f"{n} {k}" for k, n in kinds.most_common())
    return f"{len(folder.truth)} records ({scans} scans): {listed}"


def _runs(args, folder: LinkingFolder) -> list[tuple[str, list[Path], int]]:
    """(label, file order, jobs): the same orders on every deployment, so their figures compare."""
    orders = ingest_orders(folder.paths(), args.orders, args.seed)
    runs = [("order 1 reversed" if n == 1 else f"order {n + 1}", order, 1) for n, order in enumerate(orders)]
    return runs + ([("order 1, --jobs 2", orders[0], 2)] if args.jobs2 else [])


def _bench_deployment(deployment: str, folder: LinkingFolder, runs, base: Path, *, own_names: bool) -> None:
    print(f"\n## {deployment}")
    states = []
    for label, paths, jobs in runs:
        with _deployment_env(deployment, base / f"{deployment}-{len(states)}", own_names) as env:
            started = time.perf_counter()
            state = ingest_and_read(paths, env, jobs=jobs)
            seconds = time.perf_counter() - started
        states.append(state)
        _print_run(label, folder, state, seconds, own_names)
    _print_agreement(folder, states)


def _print_run(label: str, folder: LinkingFolder, state, seconds: float, own_names: bool) -> None:
    verdict = judge(folder, state, own_names=own_names)
    print(f"{label:<18} {verdict.summary()}  {seconds:.1f}s")
    for why, count in sorted(verdict.unassigned_other.items()):
        print(f"{'':<18}   unassigned: {count:>3}  {why}")
    for truth, outcome in verdict.wrong:
        print(f"{'':<18}   WRONG: {describe_wrong(truth, outcome)}")
    for name in verdict.missing:
        print(f"{'':<18}   missing: {name}")


def _print_agreement(folder: LinkingFolder, states) -> None:
    differing = disagreements(folder, states)
    print(f"orders agree: {'identical' if not differing else f'NO, {len(differing)} files differ'}")
    for truth, seen in differing:
        print(f"   {truth.filename} {truth.kind} (belongs {truth.customer_no}): {' | '.join(map(str, seen))}")


@contextmanager
def _deployment_env(deployment: str, home: Path, own_names: bool):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCARCHIVE_")}
    env |= {"DOCARCHIVE_HOME": str(home), "DOCARCHIVE_JOBS": "1"}
    if own_names:
        env["DOCARCHIVE_OWN_NAMES"] = json.dumps(OWN_NAMES, ensure_ascii=False)
    if deployment == "embedded":
        yield env
        return
    if deployment != "scale":
        raise SystemExit(f"unknown deployment {deployment!r}: embedded or scale")
    tag = uuid.uuid4().hex[:8]
    mongo_url = _server_url("DOCARCHIVE_MONGO_URL", "ferretdb")
    es_url = _server_url("DOCARCHIVE_ES_URL", "elasticsearch")
    env |= {"DOCARCHIVE_MONGO_URL": mongo_url, "DOCARCHIVE_MONGO_DATABASE": f"linkbench_{tag}",
            "DOCARCHIVE_ID_HASH_KEY": "bench-" + "0123456789abcdef" * 2,
            "DOCARCHIVE_ES_URL": es_url, "DOCARCHIVE_ES_INDEX_PREFIX": f"linkbench-{tag}"}
    try:
        yield env
    finally:
        _drop(mongo_url, f"linkbench_{tag}", es_url, f"linkbench-{tag}")


def _server_url(variable: str, script: str) -> str:
    if os.environ.get(variable):
        return os.environ[variable]
    found = subprocess.run(["bash", str(ROOT / "scripts" / f"{script}.sh"), "url"], capture_output=True, text=True)
    if found.returncode or not found.stdout.strip():
        raise SystemExit(f"no {variable} and scripts/{script}.sh url gave none: start it with "
                         f"bash scripts/{script}.sh start")
    return found.stdout.strip()


def _drop(mongo_url: str, database: str, es_url: str, prefix: str) -> None:
    """A run's own database and indices only; the servers are shared."""
    import pymongo
    from elasticsearch import Elasticsearch

    with pymongo.MongoClient(mongo_url, serverSelectionTimeoutMS=3000) as client:
        client.drop_database(database)
    es = Elasticsearch(es_url)
    names = list(es.indices.get_alias(index=f"{prefix}*", ignore_unavailable=True))
    if names:
        es.indices.delete(index=",".join(names), ignore_unavailable=True)


if __name__ == "__main__":
    raise SystemExit(main())
