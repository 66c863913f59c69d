"""Which customer-side MongoDB queries scan on FerretDB v1 (it answers only `_id` equality from an index).

    DOCARCHIVE_MONGO_URL=… python -m bench.mongo_queries [--customers 2000] [--records-per-customer 10]

Imports a generated ledger, adds records (completeness kept), opens customer pages and the statistics on the
configured MongoDB-wire server, with pymongo command monitoring on: prints each phase's rate or latency and,
per command shape, how often it was sent and whether its filter is an `_id` equality (else: a scan there).
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections import Counter
from pathlib import Path

from pymongo import monitoring

from bench.customers import ACTOR, HEADER, _bare_store, _settings, add_records, latencies, ledger_rows
from docarchive.adapters.spreadsheet_output import write_xlsx
from docarchive.bootstrap import bootstrap
from docarchive.services.customer_ledger import import_customers
from docarchive.services.customer_profiles import customer_page

FILTER_KEYS = {"find": "filter", "count": "query", "delete": "deletes", "update": "updates",
               "findAndModify": "query", "aggregate": "pipeline"}


class Shapes(monitoring.CommandListener):
    """Counts and server time per command shape (inserts included: they are part of each phase's cost)."""

    def __init__(self):
        self.seen: Counter[tuple[str, str, str]] = Counter()
        self.micros: Counter[tuple[str, str, str]] = Counter()
        self._open: dict[int, tuple[str, str, str]] = {}

    def started(self, event):
        name, command = event.command_name, event.command
        if name in FILTER_KEYS or name == "insert":
            key = (name, str(command.get(name)), _shape(command, name) if name in FILTER_KEYS else "-")
            self.seen[key] += 1
            self._open[event.request_id] = key

    def succeeded(self, event):
        key = self._open.pop(event.request_id, None)
        if key:
            self.micros[key] += event.duration_micros

    def failed(self, event):
        pass

    def report(self, phase: str) -> None:
        for key, n in sorted(self.seen.items(), key=lambda item: -self.micros[item[0]]):
            name, collection, shape = key
            verdict = ("" if name == "insert" else
                       "_id lookup" if "_id" in shape.strip("{}").split(", ") else "SCAN on FerretDB")
            print(f"  {phase:<8} {n:6d}× {self.micros[key] / 1e6:7.2f} s  {name} {collection} {shape}  {verdict}")
        self.seen.clear()
        self.micros.clear()


def _shape(command: dict, name: str) -> str:
    value = command.get(FILTER_KEYS[name])
    if name in ("delete", "update"):
        value = (value or [{}])[0].get("q", {})
    if name == "aggregate":
        return "pipeline"
    # An operator shows beside its field ("_id:$gt"): only a plain `_id` equality is a lookup on FerretDB v1.
    fields = [f"{k}:{'/'.join(v)}" if isinstance(v, dict) else k for k, v in (value or {}).items()]
    return "{" + ", ".join(sorted(fields)) + "}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--records-per-customer", type=int, default=10)
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    shapes = Shapes()
    monitoring.register(shapes)
    print(f"# bench.mongo_queries --customers {args.customers}  (load average {os.getloadavg()[0]:.1f})")
    with tempfile.TemporaryDirectory(prefix="bench-mongo-queries-") as home:
        ledger = Path(home) / "ledger.xlsx"
        write_xlsx(ledger, HEADER, ledger_rows(args.customers), title="客户台账")
        container = bootstrap(_settings(Path(home) / "store", True).model_copy(update={"es_url": None}))
        try:
            _phases(container, ledger, args, shapes)
        finally:
            container.records.db.client.drop_database(container.records.db.name)
            container.close()


def _phases(container, ledger: Path, args, shapes: Shapes) -> None:
    shapes.seen.clear()
    started = time.perf_counter()
    import_customers(container.records, container.profile_context(ACTOR), ledger, background=False)
    print(f"import {args.customers / (time.perf_counter() - started):.1f} rows/s")
    shapes.report("import")
    rate = add_records(_bare_store(container), args.customers, args.records_per_customer)
    print(f"records added at {rate:.0f}/s")
    shapes.report("records")
    rng = random.Random(9)
    page = lambda: customer_page(container.records, ACTOR, f"KH-{rng.randrange(args.customers):07d}")  # noqa
    figures = latencies(page, args.samples)
    print("customer page " + "  ".join(f"{k} {v:.1f} ms" for k, v in figures.items()))
    shapes.report("page")


if __name__ == "__main__":
    main()
