"""Holdings and use of the archive room (馆藏与利用统计) over HTTP, on both deployments: counts by year, category,
retention and confidentiality of what the user may see; accesses from the audit trail by month and category;
the same as XLSX (formula-safe) and PDF (CJK text)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from docarchive.domain.audit import new_event
from docarchive.domain.customers import Customer
from tests.api.customer_files import T0, add_record
from tests.api.signin import as_user
from tests.printing.pages import page_texts

SHELF = "A库房/03密集架/2列/4节/3层"


def add_customer(container, customer_no: str, owner: str, department: str) -> None:
    with container.records.unit_of_work() as uow:
        uow.customers.add(Customer(customer_no=customer_no, name=f"客户{customer_no}", archive_no=f"A-{customer_no}",
                                   owner=owner, department=department, created_at=T0, updated_at=T0))
        uow.commit()


def volume(client, customer_no: str, *, year: int, retention: str, secrecy: str = "none") -> str:
    created = client.post("/api/volumes", json={"reason": "立卷", "customer_no": customer_no, "box": "B-0012",
                                                "year": year, "retention": retention, "secrecy": secrecy})
    assert created.status_code == 201, created.text
    return created.json()["archive_no"]


def file(client, record, archive_no: str) -> None:
    filed = client.put(f"/api/documents/{record.id}/paper", json={"reason": "归档", "archive_no": archive_no})
    assert filed.status_code == 200, filed.text


@pytest.fixture
def archive(client, container):
    """KH-1 (li's, 销售一部): a 2025 D30 volume with a 2-page contract and a 1-page ID copy; KH-2 (wu's,
    销售二部): a 2026 永久 秘密 volume with a 3-page contract, and an unfiled record whose category is hostile."""
    client.post("/api/locations", json={"reason": "新库房", "path": SHELF})
    client.post("/api/boxes", json={"reason": "归档", "code": "B-0012", "location": SHELF})
    add_customer(container, "KH-1", "li", "销售一部")
    add_customer(container, "KH-2", "wu", "销售二部")
    records = {"contract1": add_record(container, "KH-1", title="合同一", category="合同协议", pages=2),
               "id1": add_record(container, "KH-1", title="身份证", category="身份资料", pages=1),
               "contract2": add_record(container, "KH-2", title="合同二", category="合同协议", pages=3),
               "loose": add_record(container, "KH-2", title="杂项", category="=HYPERLINK(\"x\")", pages=1)}
    first = volume(client, "KH-1", year=2025, retention="D30")
    second = volume(client, "KH-2", year=2026, retention="Y", secrecy="秘密")
    file(client, records["contract1"], first)
    file(client, records["id1"], first)
    file(client, records["contract2"], second)
    return records


def test_holdings_count_volumes_items_pages_and_records_by_each_dimension(client, archive):
    report = client.get("/api/reports/holdings").json()
    assert report["totals"] == {"volumes": 2, "items": 3, "pages": 6, "records": 4}
    retention = report["dimensions"]["retention"]
    assert retention["D30"] == {"volumes": 1, "items": 2, "pages": 3, "records": 2}
    assert retention["Y"] == {"volumes": 1, "items": 1, "pages": 3, "records": 1}
    assert retention["unfiled"]["records"] == 1
    assert report["dimensions"]["year"]["2025"]["volumes"] == 1
    assert report["dimensions"]["confidentiality"]["秘密"] == {"volumes": 1, "items": 1, "pages": 3, "records": 1}
    assert report["dimensions"]["category"]["合同协议"] == {"volumes": 2, "items": 2, "pages": 5, "records": 2}


def test_holdings_count_only_what_the_user_may_see(client, archive):
    li = client.get("/api/reports/holdings", headers=as_user(client, "li", ("staff",), "销售一部")).json()
    assert li["totals"] == {"volumes": 1, "items": 2, "pages": 3, "records": 2}
    assert "Y" not in li["dimensions"]["retention"] and "秘密" not in li["dimensions"]["confidentiality"]
    admin = client.get("/api/reports/holdings", headers=as_user(client, "root", ("admin",))).json()
    assert admin["totals"] == {"volumes": 0, "items": 0, "pages": 0, "records": 0}


def test_use_counts_accesses_from_the_audit_trail_by_month_and_category(client, container, archive):
    # Reads stamp the trail with the wall clock; the months here are the controllable clock's.
    for days, record, action in ((0, "contract1", "view"), (1, "contract2", "download"), (2, "contract1", "view"),
                                 (40, "id1", "page_view")):
        container.audit.append(new_event(at=T0 + timedelta(days=days), user="local", action=action, source="cli",
                                         document_id=archive[record].id))
    container.audit.append(new_event(at=T0, user="local", action="view", source="cli", outcome="denied",
                                     document_id=archive["id1"].id))
    container.clock.advance(days=41)
    use = client.get("/api/reports/use").json()["sources"]["access"]
    assert use["by_category"] == {"合同协议": 3, "身份资料": 1} and use["total"] == 4
    assert use["by_month"] == {"2026-05": 3, "2026-06": 1}
    assert use["by_kind"] == {"view": 2, "download": 1, "page_view": 1}
    assert use["by_month_category"]["2026-05"] == {"合同协议": 3}
    since = client.get("/api/reports/use", params={"since": "2026-06-01"}).json()["sources"]["access"]
    assert since["total"] == 1
    staff = client.get("/api/reports/use", headers=as_user(client, "li", ("staff",), "销售一部"))
    assert staff.status_code == 403


def test_a_read_through_the_api_is_counted_as_a_use(client, archive):
    assert client.get(f"/api/documents/{archive['contract1'].id}").status_code == 200
    use = client.get("/api/reports/use", params={"since": "2000-01-01", "until": "2100-01-01"}).json()
    assert use["sources"]["access"]["by_category"] == {"合同协议": 1}


def test_the_holdings_workbook_has_a_sheet_per_dimension_and_runs_no_formula(client, archive):
    response = client.get("/api/reports/holdings.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert [name.split(" ", 1)[1] for name in workbook.sheetnames] == ["按年度", "按类别", "按保管期限", "按密级"]
    categories = [row[0] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(\"x\")" in categories and all(cell.data_type != "f" for row in workbook.worksheets[1].rows
                                                      for cell in row)


def test_the_holdings_and_use_printouts_are_pdfs_with_chinese_text(client, archive):
    holdings = client.get("/api/reports/holdings.pdf")
    assert holdings.status_code == 200 and holdings.headers["content-type"] == "application/pdf"
    text = "".join(page_texts(holdings.content))
    assert "馆藏统计" in text and "按保管期限" in text and "30年" in text
    use = client.get("/api/reports/use.pdf")
    assert use.status_code == 200 and "档案利用统计" in "".join(page_texts(use.content))
    assert client.get("/api/reports/holdings.doc").status_code in (404, 422)
    refused = client.get("/api/reports/use", params={"since": "last week"})
    assert 400 <= refused.status_code < 500 and "not a date" in refused.json()["detail"]
