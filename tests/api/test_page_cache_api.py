"""Page images at any width fill a bounded cache: widths snap to a fixed set, and the least recently viewed
images are removed past the size limit."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from docarchive.adapters.page_cache import PageCache
from docarchive.services.documents import snap_width
from tests.api.uploads import upload
from tests.text_pdfs import complaint


@pytest.fixture
def record(client):
    status, body = upload(client, files={"files": ("complaint.pdf", complaint("KH-2024-00001"), "application/pdf")})
    assert status == 201, body
    return body


def cached_images(client) -> list:
    return sorted((client.app.state.container.settings.cache_path / "pages").rglob("*.png"))


def test_every_width_from_16_to_4000_makes_only_the_configured_sizes(client, record):
    widths = client.app.state.container.settings.page_widths
    for width in range(16, 4001, 133):  # 30 requests, every one a different width
        response = client.get(f"/api/documents/{record['id']}/pages/1.png?width={width}")
        assert response.status_code == 200
        assert Image.open(io.BytesIO(response.content)).width <= snap_width(width, widths)
    names = {path.name for path in cached_images(client)}
    assert names <= {f"1-{w}.png" for w in widths} and len(names) <= len(widths)


def test_past_its_limit_the_cache_removes_the_least_recently_viewed(client, record):
    container = client.app.state.container
    url = f"/api/documents/{record['id']}/pages/1.png"
    client.get(f"{url}?width=1200")
    one = sum(path.stat().st_size for path in cached_images(client))
    container.page_cache = PageCache(container.settings.cache_path, max_bytes=int(one * 2.5))
    for width in (120, 200, 400, 800, 1600, 2400):
        assert client.get(f"{url}?width={width}").status_code == 200
        client.get(f"{url}?width=1200")  # kept in use, so never the one removed
    assert container.page_cache.size() <= one * 2.5
    assert "1-1200.png" in {path.name for path in cached_images(client)}
    assert client.get(f"{url}?width=120").status_code == 200  # an evicted size is made again


def test_a_width_outside_16_to_4000_is_refused(client, record):
    assert client.get(f"/api/documents/{record['id']}/pages/1.png?width=8").status_code == 422
    assert client.get(f"/api/documents/{record['id']}/pages/1.png?width=5000").status_code == 422
