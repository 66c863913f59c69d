"""Backup, verify, restore and the four-property check of an embedded archive of N records, timed.

    python -m bench.backup [--docs 10000] [--original-kib 40] [--workdir /tmp/docarchive-bench]

Records are generated text (bench._corpus, no OCR), each with an original of its own: a one-page PNG of
about --original-kib KiB (incompressible noise, so sizes are honest), stored encrypted as ingest stores it.
Then: a full backup, 1% more records, an incremental backup, `backup verify`, a restore into a new home,
`check` on the restored archive, and the same searches on both.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import time
from dataclasses import replace
from pathlib import Path

from PIL import Image

from bench._corpus import Corpus
from bench.search import PAGES_PER_CUSTOMER, table
from docarchive.adapters.backup.backup_set import BackupSet, default_keys_folder
from docarchive.bootstrap import bootstrap
from docarchive.maintenance import archive_check, backup_archive, restore_archive
from docarchive.config import Settings
from docarchive.domain.customers import format_archive_no
from docarchive.domain.principal import LOCAL_ARCHIVIST
from docarchive.ingest.digests import sm3_hex
from docarchive.search.query import parse_query
from docarchive.services.search import search_records

QUERIES = ["合同", "客户 投诉", "付款", "地址"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--original-kib", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", default="/tmp/docarchive-bench")
    args = parser.parse_args(argv)
    print(f"$ python -m bench.backup {' '.join(sys.argv[1:])}\n# {time.strftime('%Y-%m-%d %H:%M:%S')}; "
          f"{os.cpu_count()} CPUs; load average {_load()}\n", flush=True)
    work = Path(args.workdir) / f"backup-{args.docs}"
    shutil.rmtree(work, ignore_errors=True)
    home, dest, new = work / "home", work / "backup", work / "restored"
    rows, corpus = [], Corpus(args.seed)
    container = bootstrap(Settings(home=home, es_url=None, mongo_url=None))
    timed(rows, f"make {args.docs:,} records with originals", lambda: _fill(container, corpus, 0, args.docs, args))
    full = timed(rows, "backup (full)", lambda: backup_archive(dest, settings=container.settings))
    extra = max(1, args.docs // 100)
    _fill(container, corpus, args.docs, args.docs + extra, args)
    incremental = timed(rows, f"backup (incremental, +{extra} records)",
                        lambda: backup_archive(dest, settings=container.settings))
    failures = timed(rows, "backup verify (2 snapshots)",
                     lambda: list(BackupSet(dest).verify(keys=default_keys_folder(dest))))
    timed(rows, "restore into a new home", lambda: restore_archive(dest, home=new, settings=Settings(home=new)))
    restored = bootstrap(Settings(home=new, es_url=None, mongo_url=None))
    report = timed(rows, "check (四性检测) of the restored archive", lambda: archive_check(restored).run())
    same = all(_hits(container, q) == _hits(restored, q) for q in QUERIES)
    table(["step", "seconds", "load average before"], rows)
    size = sum(p.stat().st_size for p in dest.rglob("*") if p.is_file())
    print(f"\nfull backup: {full['originals_copied']:,} originals + database {full['database_bytes'] / 2**20:.1f} MiB; "
          f"incremental: {incremental['originals_copied']:,} originals copied; set on disk {size / 2**20:,.0f} MiB")
    print(f"verify: {len(failures)} failures; check: ok={report['ok']}, {len(report['failures'])} failures, "
          f"{report['counts']['records']:,} records, {report['counts']['originals_checked']:,} originals opened; "
          f"searches identical on {len(QUERIES)} queries: {same}")
    container.close()
    restored.close()


def timed(rows: list, label: str, step):
    load, started = _load(), time.perf_counter()
    result = step()
    rows.append([label, f"{time.perf_counter() - started:.1f}", load])
    return result


def _fill(container, corpus: Corpus, low: int, high: int, args) -> None:
    for start in range(low, high, 500):
        pages = [corpus.page(i) for i in range(start, min(start + 500, high))]
        with container.records.unit_of_work() as uow:
            for page in pages:
                if page.index % PAGES_PER_CUSTOMER == 0:  # numbered by the archive's rule, as ingest numbers them
                    seq = page.index // PAGES_PER_CUSTOMER + 1
                    number = format_archive_no(container.settings.archive_no_format, 2024, seq)
                    uow.customers.add(replace(page.customer, archive_no=number))
                uow.documents.add(_with_original(container, page.document, page.index, args.original_kib))
            uow.commit()


def _with_original(container, document, index: int, kib: int):
    data = _png(index, kib)
    sha = container.blobs.put(data)
    pages = [replace(document.pages[0], n=1)]
    return replace(document, sha256=sha, sm3=sm3_hex(data), size=len(data), media_type="image/png", pages=pages)


def _png(index: int, kib: int) -> bytes:
    side = max(16, int((kib * 1024 / 3) ** 0.5))
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=0)
    return out.getvalue()


def _hits(container, text: str) -> list[str]:
    return [hit["id"] for hit in search_records(index=container.index, records=container.records,
                                                hasher=container.hasher, principal=LOCAL_ARCHIVIST,
                                                query=parse_query(text), size=50)["hits"]]


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
