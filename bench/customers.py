"""Customer benchmark: Excel import rate, customer-page and statistics latency at scale.

    python -m bench.customers [--customers 100000] [--records-per-customer 10] [--mongo] [--samples 300]

1. Writes a generated ledger of `--customers` rows (valid and varied: phones, USCC codes, regions, grades,
   dates, 万元 capital) and imports it with `import_customers` into a fresh store built by `bootstrap` — the
   real default: SQLite with its FTS5 listener (or, with --mongo, the configured MongoDB/FerretDB with
   Elasticsearch when DOCARCHIVE_ES_URL is set). Prints rows/s, then the rate of re-importing the same file
   (every row unchanged: nothing written).
2. Adds `--records-per-customer` records to every customer straight through the record store's unit of work
   (small one-page records in the six categories; the search index is not fed: bench/search.py measures it).
   Completeness is kept as they are added (the store's completeness listener is on).
3. Times `customer_page` (GET /api/customers/{no} without HTTP) for random customers, and
   `customer_statistics` (GET /api/stats, completeness rate included), and prints p50/p95/p99 in milliseconds;
   then the statistics over time (GET /api/stats/trends: every record read), the completeness report across
   customers, and the one-off refresh after a rule change.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from docarchive.adapters.spreadsheet_output import write_xlsx
from docarchive.bootstrap import bootstrap
from docarchive.config import Settings
from docarchive.domain import uscc
from docarchive.domain.categories import CATEGORIES
from docarchive.domain.documents import Document, DocType, Page
from docarchive.domain.events import INDEXED
from docarchive.domain.ids import new_id
from docarchive.domain.principal import Principal
from docarchive.services.completeness import completeness_rate, completeness_report
from docarchive.services.completeness_tracking import CompletenessTracking
from docarchive.services.customer_ledger import import_customers
from docarchive.services.customer_profiles import customer_page
from docarchive.services.events import EventDispatcher
from docarchive.services.stats import customer_statistics
from docarchive.services.stats_trends import trend_statistics

HEADER = ["客户编号", "客户名称", "客户类型", "所属行业", "地区", "联系人", "联系电话", "统一社会信用代码",
          "注册资本（万元）", "成立日期", "客户等级", "客户状态", "客户经理"]
REGIONS = ["浙江省杭州市西湖区", "浙江省宁波市鄞州区", "江苏省南京市鼓楼区", "江苏省苏州市工业园区", "上海市/浦东新区",
           "北京市/海淀区", "广东省广州市天河区", "广东省深圳市南山区", "四川省成都市武侯区", "湖北省武汉市洪山区"]
INDUSTRIES = ["制造业", "批发和零售业", "建筑业", "信息技术", "交通运输", "金融业", "房地产业", "农业", "医药", "教育"]
SURNAMES, GIVEN = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
ACTOR = Principal("bench", ("archivist",))


def ledger_rows(count: int, seed: int = 5):
    rng = random.Random(seed)
    for n in range(count):
        head = f"91{rng.choice('13456')}{rng.randint(10000, 99999):05d}" + "".join(
            rng.choice(uscc.ALPHABET) for _ in range(9))
        yield [f"KH-{n:07d}", f"{rng.choice(REGIONS)[:2]}{rng.choice(GIVEN)}{rng.choice(GIVEN)}贸易有限公司{n}",
               rng.choice(["企业", "企业", "企业", "个人", "政府", "合作伙伴"]), rng.choice(INDUSTRIES),
               rng.choice(REGIONS), rng.choice(SURNAMES) + rng.choice(GIVEN),
               f"1{rng.choice('3456789')}{rng.randint(0, 999_999_999):09d}", head + uscc.check_char(head),
               rng.choice([50, 100, 500, 1000, 5000]), date(2000, 1, 1) + timedelta(days=rng.randint(0, 9000)),
               rng.choice("AABBBCCCDE"), rng.choice(["潜在", "合作中", "合作中", "已终止"]), rng.choice(GIVEN) + "经理"]


def add_records(records, customers: int, per_customer: int) -> float:
    started, batch = time.perf_counter(), 5000
    now = datetime(2026, 1, 1, tzinfo=UTC)
    total = customers * per_customer
    try:
        for first in range(0, total, batch):
            with records.unit_of_work() as uow:
                for i in range(first, min(first + batch, total)):
                    uow.documents.add(_record(i, i // per_customer, i % per_customer, now))
                uow.commit()
    finally:
        records.close()
    return total / (time.perf_counter() - started)


def _bare_store(container):
    """The same records without the search handlers, so adding them does not feed the search index; the
    completeness handler stays (its cost is part of adding records)."""
    settings = container.settings
    if settings.mongo_url:
        from docarchive.adapters.records.mongo import MongoRecordStore

        store = MongoRecordStore(settings.mongo_url, database=settings.mongo_database)
    else:
        from docarchive.adapters.records.sqlite import SqliteRecordStore

        store = SqliteRecordStore(settings.database_path)
    events = EventDispatcher()
    events.handle_in_transaction(CompletenessTracking(container.completeness_rules), *INDEXED)
    store.publish_to(events)
    return store


# The first records of a file: an archive card, a licence copy and (in two files of three) the legal
# representative's ID copy, so that the completeness rate is neither 0 nor 1.
FIRST_RECORDS = [(DocType.ARCHIVE_CARD, "客户档案卡"), (DocType.OTHER, "营业执照复印件"),
                 (DocType.ID_CARD, "法定代表人身份证复印件")]


def _record(i: int, customer: int, nth: int, now: datetime) -> Document:
    category = CATEGORIES[i % len(CATEGORIES)]
    text = f"{category} 第{i}号 客户KH-{customer:07d} 往来记录"
    doc_type, title = DocType.CONTRACT if category == "合同协议" else DocType.OTHER, text[:20]
    if nth < len(FIRST_RECORDS) and not (nth == 2 and customer % 3 == 0):
        doc_type, title = FIRST_RECORDS[nth]
    return Document(id=new_id(), sha256=f"{i:064x}", filename=f"r{i}.pdf", media_type="application/pdf", size=1000,
                    doc_type=doc_type, pages=[Page(n=1, text=text, confidence=0.95)],
                    customer_no=f"KH-{customer:07d}", category=category, title=title,
                    created_at=now + timedelta(seconds=i))


def _cpu_seconds() -> tuple[float, float]:
    """CPU used by this process, and by its finished children (the ledger reader): on a shared machine wall
    time alone says little, and on an idle one the import takes about the larger of the two."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def latencies(call, samples: int) -> dict[str, float]:
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]  # noqa: E731
    return {"p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99), "mean": statistics.fmean(times)}


def _settings(home: Path, mongo: bool) -> Settings:
    base = Settings(home=home, es_url=None, mongo_url=None)
    if not mongo:
        return base
    return base.model_copy(update={"mongo_url": os.environ["DOCARCHIVE_MONGO_URL"],
                                   "id_hash_key": "bench-" + "0123456789abcdef" * 2,
                                   "mongo_database": f"bench_customers_{os.getpid()}",
                                   "es_url": os.environ.get("DOCARCHIVE_ES_URL"),
                                   "es_index_prefix": f"bench-customers-{os.getpid()}"})


def _report(name: str, figures: dict[str, float]) -> None:
    print(f"{name:<28} " + "  ".join(f"{k} {v:8.2f} ms" for k, v in figures.items()))


def run(args, home: Path) -> None:
    ledger = home / "ledger.xlsx"
    started = time.perf_counter()
    write_xlsx(ledger, HEADER, ledger_rows(args.customers), title="客户台账")
    print(f"ledger: {args.customers} rows, {ledger.stat().st_size / 1e6:.1f} MB, "
          f"written in {time.perf_counter() - started:.1f} s")
    container = bootstrap(_settings(home / "store", args.mongo))
    try:
        context = container.profile_context(ACTOR)
        for label in ("import (new rows)", "re-import (unchanged)"):
            started, (own, reader) = time.perf_counter(), _cpu_seconds()
            report = import_customers(container.records, context, ledger)
            elapsed = time.perf_counter() - started
            own, reader = (after - before for after, before in zip(_cpu_seconds(), (own, reader)))
            print(f"{label:<28} {args.customers / elapsed:9.0f} rows/s  ({elapsed:.1f} s wall; CPU {own:.1f} s "
                  f"writing + {reader:.1f} s in the reader process; created {report.created}, "
                  f"unchanged {report.unchanged}, rejected {len(report.rejected)})")
        rate = add_records(_bare_store(container), args.customers, args.records_per_customer)
        print(f"records added               {args.customers * args.records_per_customer} at {rate:.0f}/s")
        rng = random.Random(9)
        page = lambda: customer_page(container.records, ACTOR, f"KH-{rng.randrange(args.customers):07d}")  # noqa
        _report("customer page", latencies(page, args.samples))
        stats = lambda: customer_statistics(container.records, ACTOR,  # noqa: E731
                                            completeness_rate=container.completeness_rate)
        _report("stats (with completeness)", latencies(stats, max(5, args.samples // 20)))
        print(f"completeness rate           {stats()['completeness_rate']}")
        _time_trends(container)
        _time_completeness(container)
    finally:
        if args.mongo:
            container.records.db.client.drop_database(container.records.db.name)
            if container.settings.es_url:
                container.index.drop()
        container.close()


def _time_trends(container) -> None:
    """The statistics over time read every record (services/stats_trends.py): one timing, with peak memory."""
    started = time.perf_counter()
    trends = trend_statistics(container.records, ACTOR, rules=container.completeness_rules, clock=container.clock)
    last = list(trends["completeness_per_month"].values())[-1:] or [{}]
    print(f"stats trends                 {(time.perf_counter() - started) * 1000:8.0f} ms  (every record read; "
          f"{len(trends['completeness_per_month'])} months, last {last[0]}; peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


def _time_completeness(container) -> None:
    rules = container.completeness_rules
    started = time.perf_counter()
    report = completeness_report(container.records, principal=ACTOR, rules=rules, only_incomplete=True)
    print(f"completeness report          {(time.perf_counter() - started) * 1000:8.0f} ms  "
          f"({report['customers']} files, {len(report['files'])} incomplete listed)")
    stricter = {**rules, "individual": rules["individual"] + rules["default"][:1]}  # a rule change
    started = time.perf_counter()
    rate = completeness_rate(container.records, principal=ACTOR, rules=stricter)
    print(f"first rate after rule change {(time.perf_counter() - started) * 1000:8.0f} ms  (every file "
          f"rechecked; rate {rate})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--records-per-customer", type=int, default=10)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--mongo", action="store_true", help="use DOCARCHIVE_MONGO_URL (and DOCARCHIVE_ES_URL)")
    args = parser.parse_args()
    print(f"# {' '.join(sys.argv)}  ({'MongoDB-wire server' if args.mongo else 'embedded SQLite + FTS5'}; "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})")
    with tempfile.TemporaryDirectory(prefix="bench-customers-") as home:
        run(args, Path(home))


if __name__ == "__main__":
    main()
