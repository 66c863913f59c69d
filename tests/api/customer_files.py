"""Customer files built straight in the record store (no OCR), for the filing, activity and completeness tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from docarchive.domain.customers import Customer
from docarchive.domain.documents import Document, DocType, Page
from docarchive.domain.ids import new_id
from tests.api.signin import signed_in_client

T0 = datetime(2026, 5, 6, 9, 30, tzinfo=UTC)


@pytest.fixture
def client(container):
    with signed_in_client(container) as test_client:
        yield test_client


def add_customer(container, customer_no: str, *, kind: str | None = "enterprise", name: str = "上海华东机电设备有限公司",
                 opened: datetime = T0) -> Customer:
    customer = Customer(customer_no=customer_no, name=name, archive_no=f"KH-2026-{abs(hash(customer_no)) % 10**6:06d}",
                        profile={"type": kind} if kind else {}, created_at=opened, updated_at=opened)
    with container.records.unit_of_work() as uow:
        uow.customers.add(customer)
        uow.commit()
    return customer


def add_record(container, customer_no: str | None, *, doc_type: DocType = DocType.OTHER, title: str, category: str,
               pages: int = 1, fields: dict | None = None, minutes: int = 0, **more) -> Document:
    document = Document(
        id=new_id(), sha256=new_id().ljust(64, "0")[:64], filename=f"{title}.pdf", media_type="application/pdf",
        size=100, doc_type=doc_type, pages=[Page(n=n, text=f"{title} 第{n}页", confidence=0.9) for n in
                                            range(1, pages + 1)],
        fields=fields or {}, customer_no=customer_no, category=category, title=title,
        created_at=T0 + timedelta(minutes=minutes), **more,
    )
    with container.records.unit_of_work() as uow:
        uow.documents.add(document)
        uow.commit()
    return document
