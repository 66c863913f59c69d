"""Electronic lending on both deployments: a record outside one's sight is read under an approved, time-boxed
grant; while it lasts its page images carry a visible watermark with the viewer's name and time; it ends by
itself."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from PIL import Image

from docarchive.domain.documents import Confidentiality, Document, DocType, Page
from docarchive.domain.ids import new_id
from docarchive.printing.watermark import watermark_text
from tests.api.customer_files import T0, add_customer
from tests.api.signin import as_user

STAFF = ("li", ("staff",), "销售一部")
DIRECTOR = ("zhao", ("director",), "总经办")


@pytest.fixture
def secret_scan(container):
    """A 秘密 one-page scan (a white PNG) in li's own customer file: li sees that it exists, not its pages."""
    add_customer(container, "KH-A", name="甲公司")
    png = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(png, "PNG")
    sha = container.blobs.put(png.getvalue())
    document = Document(id=new_id(), sha256=sha, filename="合同.png", media_type="image/png", size=len(png.getvalue()),
                        doc_type=DocType.OTHER, pages=[Page(n=1, text="采购合同", confidence=0.9)],
                        customer_no="KH-A", category="合同协议", title="采购合同", created_at=T0,
                        confidentiality=Confidentiality.SECRET)
    with container.records.unit_of_work() as uow:
        uow.documents.add(document)
        customer = uow.customers.get("KH-A")
        customer.owner, customer.department = "li", "销售一部"
        uow.customers.update(customer)
        uow.commit()
    return document


def red_pixels(png: bytes) -> int:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(1 for r, g, b in image.getdata() if r > 200 and g < 190 and b < 190)


def test_a_granted_reading_is_watermarked_with_the_viewer_and_time_and_ends_by_itself(client, container,
                                                                                      secret_scan):
    page = f"/api/documents/{secret_scan.id}/pages/1.png"
    assert client.get(page, headers=as_user(client, *STAFF)).status_code == 403  # 秘密: metadata only
    clean = client.get(page)  # the archivist reads it by role: no loan, no watermark
    assert clean.status_code == 200 and red_pixels(clean.content) == 0
    asked = client.post("/api/approvals", json={"kind": "read_record", "subject": secret_scan.id,
                                                "reason": "核对合同条款"}, headers=as_user(client, *STAFF)).json()
    assert client.post(f"/api/approvals/{asked['id']}/approve", json={"reason": "同意"},
                       headers=as_user(client, *DIRECTOR)).status_code == 200

    lent = client.get(page, headers=as_user(client, *STAFF))
    assert lent.status_code == 200 and red_pixels(lent.content) > 1000
    assert lent.headers["cache-control"] == "private, no-store"
    assert red_pixels(client.get(page).content) == 0  # the clean image is what the cache kept
    assert watermark_text("li", container.clock.now(), container.clock.now().replace(hour=13)) == \
        "借阅 li 2026-05-06 17:30 至 21:30"
    events = client.get("/api/audit", params={"action": "page_view", "user": "li"},
                        headers=as_user(client, "shen", ("auditor",))).json()
    assert any(event["detail"].get("watermark") for event in events["events"])

    container.clock.advance(hours=4)  # the grant ends by itself
    assert client.get(page, headers=as_user(client, *STAFF)).status_code == 403


def test_a_reading_within_ones_own_sight_carries_no_watermark(client, container, secret_scan):
    with container.records.unit_of_work() as uow:
        uow.documents.update(replace(uow.documents.get(secret_scan.id), confidentiality=Confidentiality.NONE))
        uow.commit()
    own = client.get(f"/api/documents/{secret_scan.id}/pages/1.png", headers=as_user(client, *STAFF))
    assert own.status_code == 200 and red_pixels(own.content) == 0
