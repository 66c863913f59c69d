"""The statistics over time (/api/stats/trends), on both deployments: records per category per year, ingest
per month and day, and the share of complete customer files at each month end rebuilt from the records'
arrival and link dates; only what the user may see; the same rows in the export, formula-safe."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from docarchive.domain.documents import DocType
from tests.api.customer_files import T0, add_customer, add_record

DAY = 24 * 60  # minutes


def archive(container) -> None:
    """KH-1 (enterprise, opened in March): card and contract in March, licence in April, the legal
    representative's ID in May (complete from May). KH-2 (individual, opened in May): an ID copy and a contract
    from May, and an archive card that arrived in 2025 but was linked to it in May. A recycled record counts
    nowhere."""
    add_customer(container, "KH-1", opened=T0 - timedelta(days=60))
    add_customer(container, "KH-2", kind="individual", opened=T0)
    add_record(container, "KH-1", doc_type=DocType.ARCHIVE_CARD, title="客户档案卡", category="基础资料", minutes=-60 * DAY)
    add_record(container, "KH-1", doc_type=DocType.CONTRACT, title="购销合同", category="合同协议", pages=3,
               minutes=-59 * DAY)
    add_record(container, "KH-1", title="营业执照复印件", category="基础资料", minutes=-30 * DAY)
    add_record(container, "KH-1", doc_type=DocType.ID_CARD, title="法定代表人身份证", category="基础资料")
    add_record(container, "KH-2", doc_type=DocType.ID_CARD, title="身份证复印件", category="基础资料")
    add_record(container, "KH-2", doc_type=DocType.CONTRACT, title="服务合同", category="=HYPERLINK(\"x\")", pages=2)
    add_record(container, "KH-2", doc_type=DocType.ARCHIVE_CARD, title="客户档案卡", category="基础资料",
               minutes=-200 * DAY, link={"customer_no": "KH-2", "how": "manual", "at": T0.isoformat(), "by": "guan"})
    add_record(container, "KH-2", doc_type=DocType.CONTRACT, title="作废合同", category="合同协议", disposal="recycled")


def test_the_trends_count_records_by_year_and_category_and_ingest_by_month(client, container):
    archive(container)
    trends = client.get("/api/stats/trends").json()
    assert trends["records_by_category_year"] == {"2025": {"基础资料": 1},
                                                  "2026": {"基础资料": 4, "=HYPERLINK(\"x\")": 1, "合同协议": 1}}
    assert list(trends["ingest_per_month"]) == [f"2025-{m:02d}" for m in range(10, 13)] + \
        [f"2026-{m:02d}" for m in range(1, 6)]
    assert trends["ingest_per_month"]["2026-03"] == {"records": 2, "pages": 4}
    assert trends["ingest_per_month"]["2026-04"] == {"records": 1, "pages": 1}
    assert trends["ingest_per_month"]["2026-05"] == {"records": 3, "pages": 4}  # the card linked then arrived in 2025
    assert trends["ingest_per_month"]["2025-11"] == {"records": 0, "pages": 0}
    days = trends["ingest_per_day"]
    assert len(days) == 31 and list(days)[-1] == "2026-05-06" and days["2026-05-06"] == {"records": 3, "pages": 4}


def test_completeness_over_time_judges_each_month_end_by_what_had_arrived_and_been_linked(client, container):
    archive(container)
    series = client.get("/api/stats/trends").json()["completeness_per_month"]
    assert list(series) == ["2026-03", "2026-04", "2026-05"]  # from the first file opened
    assert series["2026-03"] == {"complete": 0, "customers": 1, "share": 0.0}
    assert series["2026-04"] == {"complete": 0, "customers": 1, "share": 0.0}
    assert series["2026-05"] == {"complete": 2, "customers": 2, "share": 1.0}


def test_the_trends_are_in_the_export_and_hostile_categories_stay_text(client, container):
    archive(container)
    response = client.get("/api/stats/export", params={"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["records_by_category_year", "2026 / 基础资料", "4"] in rows
    assert ["ingest_per_month", "2026-03 / pages", "4"] in rows
    assert ["completeness_per_month", "2026-05 / share", "1.0"] in rows
    assert ["records_by_category_year", '2026 / =HYPERLINK("x")', "1"] in rows
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert [e.subject for e in container.audit.list(limit=50) if e.action == "export"] == ["statistics"]


def test_an_empty_archive_has_empty_trends(client):
    trends = client.get("/api/stats/trends").json()
    assert trends["records_by_category_year"] == {} and trends["completeness_per_month"] == {}
    assert trends["ingest_per_month"] == {} and sum(d["records"] for d in trends["ingest_per_day"].values()) == 0
