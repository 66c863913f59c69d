"""Retention benchmark on the embedded default: `retention due` over a given number of records and volumes.

    python -m bench.retention_due [--records 20000] [--volumes 2000]

Builds synthetic records (one page each, a fifth in a category with its own 5-year period) and volumes of
2010–2020 kept 10 or 30 years straight in a fresh SQLite store with its FTS5 index (no OCR), then prints how
long listing what is due takes: it reads every volume and every record once, in batches.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from docarchive.bootstrap import bootstrap
from docarchive.config import Settings
from docarchive.domain.customers import Customer
from docarchive.domain.documents import Document, DocType, Page
from docarchive.domain.ids import new_id
from docarchive.domain.paper.model import Box, Retention, Volume
from docarchive.domain.principal import LOCAL_ARCHIVIST
from docarchive.services.retention import due

BATCH = 500


def build(container, records: int, volumes: int) -> None:
    with container.records.unit_of_work() as uow:
        uow.customers.add(Customer(customer_no="KH-1", name="华东机电", archive_no="A-1",
                                   profile={"status": "former", "former_since": "2019-06-30"}))
        uow.boxes.add(Box(code="B-1", location_code=None))
        uow.commit()
    for start in range(0, records, BATCH):
        with container.records.unit_of_work() as uow:
            for n in range(start, min(start + BATCH, records)):
                uow.documents.add(Document(
                    id=new_id(), sha256=f"{n:064d}", filename=f"{n}.pdf", media_type="application/pdf", size=1,
                    doc_type=DocType.OTHER, pages=[Page(n=1, text=f"记录 {n}", confidence=0.9)], customer_no="KH-1",
                    category="沟通记录" if n % 5 == 0 else "财务往来", title=f"记录 {n}",
                    created_at=datetime(2010 + n % 11, 3, 1, tzinfo=UTC)))
            uow.commit()
    for start in range(0, volumes, BATCH):
        with container.records.unit_of_work() as uow:
            for n in range(start, min(start + BATCH, volumes)):
                uow.volumes.add(Volume(archive_no=f"Z001-KH·{2010 + n % 11}-D10-DAS-{n:04d}", customer_no="KH-1",
                                       box_code="B-1", year=2010 + n % 11,
                                       retention=Retention.YEARS_10 if n % 2 else Retention.YEARS_30))
            uow.commit()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--volumes", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        settings = Settings(home=Path(home), es_url=None, mongo_url=None,
                            retention_by_category={"沟通记录": "5:customer_former"})
        container = bootstrap(settings)
        started = time.perf_counter()
        build(container, args.records, args.volumes)
        print(f"built {args.records} records and {args.volumes} volumes in {time.perf_counter() - started:.1f} s")
        desk = container.disposal_desk
        for before in (date(2026, 12, 31), date(2040, 12, 31)):
            started = time.perf_counter()
            found = due(desk.records, desk.store, desk.retention, principal=LOCAL_ARCHIVIST, before=before)
            took = time.perf_counter() - started
            print(f"retention due --before {before}: {len(found)} items in {took:.2f} s "
                  f"({(args.records + args.volumes) / took:,.0f} volumes+records/s)")
        container.close()


if __name__ == "__main__":
    main()
