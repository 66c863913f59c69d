"""Customer-file benchmark on the embedded default: catalogue, completeness and review-due at a given size.

    python -m bench.customer_files [--customers 10000] [--records-per-customer 10] [--activities 20000]

Builds synthetic files straight in a fresh SQLite store with its FTS5 index (no OCR), then prints the build
rates and the latency of one customer's catalogue (JSON and PDF), one file's completeness, the completeness
report and rate across every file, and the review-due list.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from docarchive.bootstrap import bootstrap
from docarchive.config import Settings
from docarchive.domain.activities import Activity, ActivityKind
from docarchive.domain.customers import Customer
from docarchive.domain.documents import Document, DocType, Page
from docarchive.domain.ids import new_id
from docarchive.domain.principal import LOCAL_ARCHIVIST
from docarchive.printing.catalogue import catalogue_pdf
from docarchive.services.completeness import completeness_rate, completeness_report, customer_completeness, review_due
from docarchive.services.filing import customer_catalogues

T0 = datetime(2024, 1, 1, tzinfo=UTC)
BATCH = 500
KINDS = [(DocType.ARCHIVE_CARD, "客户档案卡", "基础资料"), (DocType.OTHER, "营业执照", "基础资料"),
         (DocType.ID_CARD, "居民身份证复印件", "基础资料"), (DocType.CONTRACT, "设备采购合同", "合同协议"),
         (DocType.OTHER, "客户沟通记录", "沟通记录"), (DocType.OTHER, "收款凭证", "财务往来")]


def customer_no(n: int) -> str:
    return f"KH-{n:07d}"


def build(container, customers: int, per_customer: int, activities: int) -> None:
    timed("customers", customers, lambda: _write(container, customers, _customer))
    timed("records", customers * per_customer,
          lambda: _write(container, customers * per_customer, lambda n: _record(n, customers, per_customer)))
    timed("activity entries (FTS5-indexed)", activities,
          lambda: _write(container, activities, lambda n: _activity(n, customers)))


def _write(container, count: int, make) -> None:
    for start in range(0, count, BATCH):
        with container.records.unit_of_work() as uow:
            for n in range(start, min(count, start + BATCH)):
                item = make(n)
                repo = {Customer: uow.customers, Document: uow.documents, Activity: uow.activities}[type(item)]
                repo.add(item)
            uow.commit()


def _customer(n: int) -> Customer:
    kind = ("enterprise", "individual", "government", None)[n % 4]
    return Customer(customer_no=customer_no(n), name=f"客户{n}", archive_no=f"KH-2024-{n:07d}",
                    profile={"type": kind} if kind else {}, created_at=T0 - timedelta(days=n % 900))


def _record(n: int, customers: int, per_customer: int) -> Document:
    doc_type, title, category = KINDS[(n // customers) % len(KINDS)]
    if title == "营业执照" and (n % customers) % 5 == 0:  # every fifth file lacks its licence copy
        doc_type, title, category = KINDS[-1]
    return Document(id=new_id(), sha256=uuid.uuid4().hex * 2, filename=f"{n}.pdf", media_type="application/pdf",
                    size=1000, doc_type=doc_type, pages=[Page(n=1, text=f"{title} {n}", confidence=0.95)],
                    fields={"sign_date": f"20{10 + n % 14}-0{1 + n % 9}-1{n % 10}"}, customer_no=customer_no(
                        n % customers), category=category, title=f"{title} {n}", created_at=T0)


def _activity(n: int, customers: int) -> Activity:
    kind = ActivityKind.REVIEW if n % 3 == 0 else ActivityKind.COMMUNICATION
    details = {"note": "回访"} if kind == ActivityKind.REVIEW else {"channel": "电话", "contact": "张", "summary":
                                                                    f"确认交货时间 {n}"}
    return Activity(id=new_id(), customer_no=customer_no(n % customers), kind=kind,
                    occurred_at=T0 + timedelta(days=n % 700), details=details, created_at=T0)


def timed(label: str, count: int | None, work):
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    rate = f"  ({count / seconds:,.0f}/s)" if count else ""
    print(f"{label:<44} {seconds * 1000:>10,.1f} ms{rate}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--records-per-customer", type=int, default=10)
    parser.add_argument("--activities", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        container = bootstrap(Settings(home=Path(home), es_url=None, mongo_url=None))
        print(f"{args.customers:,} customers, {args.customers * args.records_per_customer:,} records, "
              f"{args.activities:,} activity entries (SQLite + FTS5)")
        build(container, args.customers, args.records_per_customer, args.activities)
        measure(container, customer_no(args.customers // 2))
        container.close()


def measure(container, one: str) -> None:
    scheme, rules, who = container.categories, container.completeness_rules, LOCAL_ARCHIVIST
    catalogues = timed("catalogue of one customer, all categories", None, lambda: customer_catalogues(
        container.records, principal=who, scheme=scheme, customer_no=one))
    timed("  as an A4 PDF", None, lambda: catalogue_pdf(catalogues))
    timed("completeness of one customer", None, lambda: customer_completeness(
        container.records, principal=who, rules=rules, customer_no=one))
    report = timed("completeness report, every customer", None, lambda: completeness_report(
        container.records, principal=who, rules=rules, only_incomplete=True))
    rate = timed("completeness_rate (for the statistics)", None, lambda: completeness_rate(
        container.records, principal=who, rules=rules))
    clock = type("Clock", (), {"now": staticmethod(lambda: T0 + timedelta(days=800))})()
    due = timed("review-due list", None, lambda: review_due(
        container.records, principal=who, clock=clock, interval_months=12))
    print(f"complete files {report['complete']:,} of {report['customers']:,} (rate {rate:.1%}); "
          f"due for review {len(due):,}")


if __name__ == "__main__":
    main()
