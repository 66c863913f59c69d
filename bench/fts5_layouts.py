"""What FTS5 costs to load per index layout: the same generated pages inserted into bare FTS5 tables.

    python -m bench.fts5_layouts [--docs 20000] [--buckets 1024,4096,65536]

Layouts: ours (bigrams, characters and words for the fields and the body); characters and words only (no
bigrams); and the body's bigrams hashed into N buckets (`h` + bucket number), the cheapest bigram filter FTS5
could hold. Only the inserts are timed, in CPU seconds (other processes on a shared machine inflate those
less than wall time), in one transaction with the 16 MB postings buffer the product uses. The bucketed
layouts do not answer queries by themselves: a bucket mixes many bigrams, so every word would also need a
phrase over the characters, over doclists of most pages.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time

from bench._corpus import Corpus
from docarchive.adapters.search.fts5 import FTS_TOKENIZER, WRITE_BUFFER_BYTES

COLUMNS = ("fb", "fc", "fw", "bb", "bc", "bw")


def bucketed(bigrams: str, buckets: int) -> str:
    """Each Han bigram as its bucket's token; the run separators stay as they are."""
    return " ".join(f"h{(ord(t[0]) * 40503 + ord(t[1])) % buckets:x}" if len(t) == 2 else t for t in bigrams.split())


def layouts(entries, buckets: list[int]) -> dict[str, list[tuple[str, ...]]]:
    rows = [(e.fields_text, e.body_text) for e in entries]
    found = {"ours: bigrams + characters + words": [(f.bigrams, f.chars, f.words, b.bigrams, b.chars, b.words)
                                                    for f, b in rows],
             "characters + words (no bigrams)": [("", f.chars, f.words, "", b.chars, b.words) for f, b in rows]}
    for n in buckets:
        found[f"bigrams in {n:,} buckets + characters + words"] = [
            (bucketed(f.bigrams, n), f.chars, f.words, bucketed(b.bigrams, n), b.chars, b.words) for f, b in rows]
    return found


def load(rows: list[tuple[str, ...]]) -> tuple[float, int]:
    """CPU seconds to insert `rows`, and the database's size."""
    with tempfile.TemporaryDirectory() as workdir:
        path = os.path.join(workdir, "layout.sqlite3")
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute(f"CREATE VIRTUAL TABLE t USING fts5({', '.join(COLUMNS)}, {FTS_TOKENIZER})")
        conn.execute(f"INSERT INTO t(t, rank) VALUES ('hashsize', {WRITE_BUFFER_BYTES})")
        conn.execute("BEGIN")
        started = time.process_time()
        for rowid, row in enumerate(rows, 1):
            conn.execute(f"INSERT INTO t(rowid, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)", (rowid, *row))
        conn.execute("COMMIT")
        cpu = time.process_time() - started
        conn.close()
        return cpu, os.path.getsize(path)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--buckets", default="1024,4096,65536")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    entries = [e for batch in Corpus(args.seed).entry_batches(0, args.docs, batch=2000, jobs=os.cpu_count() or 2)
               for e in batch]
    print(f"{args.docs:,} pages; CPU seconds of the inserts alone\n")
    print("| layout | CPU s | pages per CPU-second | size |\n| --- | --- | --- | --- |")
    for name, rows in layouts(entries, [int(n) for n in args.buckets.split(",")]).items():
        cpu, size = load(rows)
        print(f"| {name} | {cpu:.2f} | {len(rows) / cpu:,.0f} | {size / 2**20:,.0f} MiB |", flush=True)


if __name__ == "__main__":
    main()
