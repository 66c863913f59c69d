"""Keys an installation makes for itself, and an embedded store only its owner can read."""

from __future__ import annotations

import stat

import pytest

from docarchive.adapters.keys import installation_key
from docarchive.bootstrap import bootstrap
from docarchive.config import Settings
from docarchive.domain.errors import InvalidInput


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_key_is_made_once_per_installation_and_kept_owner_only(tmp_path):
    first = installation_key(tmp_path, "id-hash")
    assert len(first) == 64 and installation_key(tmp_path, "id-hash") == first
    assert installation_key(tmp_path / "other", "id-hash") != first
    assert mode(tmp_path / "keys") == 0o700 and mode(tmp_path / "keys" / "id-hash.key") == 0o600


def test_a_truncated_key_file_is_refused_not_used(tmp_path):
    installation_key(tmp_path, "id-hash")
    (tmp_path / "keys" / "id-hash.key").write_text("short")
    with pytest.raises(InvalidInput, match="too short"):
        installation_key(tmp_path, "id-hash")


def test_the_embedded_store_hashes_id_numbers_with_its_own_key_and_no_built_in_one(tmp_path, monkeypatch):
    monkeypatch.delenv("DOCARCHIVE_ID_HASH_KEY", raising=False)
    one = bootstrap(Settings(home=tmp_path / "a", es_url=None, mongo_url=None))
    two = bootstrap(Settings(home=tmp_path / "b", es_url=None, mongo_url=None))
    try:
        assert one.hasher.key_for("110105194912310021") != two.hasher.key_for("110105194912310021")
    finally:
        one.close(), two.close()


def test_a_mongodb_deployment_without_its_key_refuses_to_start(tmp_path, monkeypatch):
    monkeypatch.delenv("DOCARCHIVE_ID_HASH_KEY", raising=False)
    with pytest.raises(InvalidInput, match="DOCARCHIVE_ID_HASH_KEY"):
        bootstrap(Settings(home=tmp_path, mongo_url="mongodb://127.0.0.1:1/", es_url=None))


def test_everything_the_embedded_store_writes_is_its_owners_alone(container, tmp_path):
    from docarchive.ingest.context import IngestRequest
    from tests.text_pdfs import complaint

    container.ingest.ingest_one(IngestRequest(filename="c.pdf", data=complaint("KH-2024-00001")))
    home = container.settings.home
    assert mode(home) == 0o700
    exposed = [p for p in home.rglob("*") if mode(p) & 0o077]
    assert exposed == []
