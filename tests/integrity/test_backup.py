"""`docarchive backup DEST`, `backup verify DEST` and `restore SRC --home NEW` on each deployment: the restored
archive passes `check` and answers searches exactly as the original did. The commands run as a user runs them
where their output is the point; the rest in-process (a cold `docarchive` start costs seconds on a busy CI)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

from docarchive.bootstrap import bootstrap
from docarchive.maintenance import archive_check, backup_archive, restore_archive
from docarchive.domain.errors import InvalidInput
from docarchive.domain.principal import LOCAL_ARCHIVIST
from docarchive.ingest.context import IngestRequest
from docarchive.search.query import parse_query
from docarchive.services.search import reindex, search_records
from tests.integrity.archives import archive, deployment_settings, fill  # noqa: F401 — fixture
from tests.text_pdfs import complaint

QUERIES = ["客户", "投诉", "KH-2024-00001", "处理结果 回访"]


def cli(settings, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCARCHIVE_")}
    env |= {"DOCARCHIVE_HOME": str(settings.home), "DOCARCHIVE_AUDIT_FLUSH_MS": "0",
            "DOCARCHIVE_ID_HASH_KEY": os.environ["DOCARCHIVE_ID_HASH_KEY"]}  # as the tests' own processes
    if settings.mongo_url:
        env |= {"DOCARCHIVE_MONGO_URL": settings.mongo_url, "DOCARCHIVE_MONGO_DATABASE": settings.mongo_database,
                "DOCARCHIVE_ES_URL": settings.es_url, "DOCARCHIVE_ES_INDEX_PREFIX": settings.es_index_prefix,
                "DOCARCHIVE_DATA_KEYS": json.dumps(settings.data_keys)}
    result = subprocess.run([sys.executable, "-m", "docarchive", *args], env=env, capture_output=True, text=True,
                            timeout=600)
    if check:
        assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


def answers(container, *, ordered: bool) -> list:
    """Each query's hits by date, and by relevance: in order on FTS5; as a set on a rebuilt Elasticsearch
    index, whose scores for equally good hits depend on its segment history (a restored snapshot keeps them)."""
    def hits(text: str, sort: str) -> list[str]:
        return [hit["id"] for hit in search_records(index=container.index, records=container.records,
                                                    hasher=container.hasher, principal=LOCAL_ARCHIVIST,
                                                    query=parse_query(text), size=50, sort=sort)["hits"]]
    return [(hits(text, "date"), hits(text, "relevance") if ordered else set(hits(text, "relevance")))
            for text in QUERIES]


def test_a_backup_restores_to_an_archive_that_passes_check_and_searches_alike(archive, tmp_path):
    fill(archive, complaints=4)
    settings, dest = archive.settings, tmp_path / "backup"
    first = json.loads(cli(settings, "backup", str(dest), "--json").stdout)
    assert first["counts"]["documents"] == 6 and first["originals_copied"] == 6
    archive.ingest.ingest_one(IngestRequest(filename="later.pdf", data=complaint("KH-2024-00002", "后来的")))
    second = backup_archive(dest, settings=settings)
    assert second["originals"] == 7 and second["originals_copied"] == 1  # incremental: only the new original
    assert cli(settings, "backup", "verify", str(dest)).stdout.startswith("intact: 2 snapshots")

    restored = deployment_settings("scale" if settings.mongo_url else "embedded", tmp_path / "restored")
    if settings.mongo_url:
        restore_archive(dest, home=None, settings=restored)
    else:
        printed = cli(restored, "restore", str(dest), "--home", str(restored.home)).stdout
        assert "restored snapshot" in printed and "7 documents" in printed
        assert not (dest / "keys").exists() and any((tmp_path / "backup.keys" / "data").glob("*.key"))
    again = bootstrap(restored)
    try:
        if settings.mongo_url:  # Elasticsearch is rebuilt from the restored records (`docarchive reindex`)
            reindex(index=again.index, records=again.records, hasher=again.hasher)
        report = archive_check(again).run()
        assert report["ok"], report["failures"]
        assert report["counts"]["records"] == 7
        ordered = not settings.mongo_url
        assert answers(again, ordered=ordered) == answers(archive, ordered=ordered)
        assert answers(archive, ordered=ordered)[0][0]
    finally:
        again.close()


def test_verify_locates_a_damaged_or_missing_object_and_restore_refuses_it(archive, tmp_path):
    fill(archive, complaints=1)
    dest = tmp_path / "backup"
    backup_archive(dest, settings=archive.settings)
    damaged = next(path for path in sorted((dest / "objects").rglob("*")) if path.is_file())
    damaged.write_bytes(damaged.read_bytes()[:-1] + b"!")
    result = cli(archive.settings, "backup", "verify", str(dest), "--json", check=False)
    assert result.returncode == 1
    failure = json.loads(result.stdout)["failure"]
    assert damaged.name in failure["detail"] and "damaged" in failure["detail"] and failure["where"]
    damaged.unlink()
    try:
        restore_archive(dest, home=tmp_path / "new", settings=deployment_settings("embedded", tmp_path / "new"))
        raise AssertionError("a damaged set was restored")
    except InvalidInput as refused:
        assert "not intact" in str(refused) and "is missing" in str(refused)


def test_an_embedded_backup_taken_while_ingest_writes_is_consistent(tmp_path):
    settings = deployment_settings("embedded", tmp_path / "home")
    container = bootstrap(settings)
    try:
        fill(container, complaints=1)
        stop, written = threading.Event(), []

        def keep_writing():
            while not stop.is_set():
                n = len(written) + 1
                ctx = container.ingest.ingest_one(IngestRequest(filename=f"w{n}.pdf", data=complaint("KH-2024-00001",
                                                                                                   f"写入{n}")))
                written.append(ctx.document_id)

        writer = threading.Thread(target=keep_writing)
        writer.start()
        try:
            snapshots = [backup_archive(tmp_path / "backup", settings=settings) for _ in range(3)]
        finally:
            stop.set()
            writer.join()
    finally:
        container.close()
    assert written and snapshots[-1]["counts"]["documents"] >= 3
    restored = deployment_settings("embedded", tmp_path / "restored")
    restore_archive(tmp_path / "backup", home=restored.home, settings=restored)
    again = bootstrap(restored)
    try:
        report = archive_check(again).run()
    finally:
        again.close()
    assert report["ok"], report["failures"]
    assert report["counts"]["records"] == snapshots[-1]["counts"]["documents"]


def test_restore_refuses_a_home_that_is_not_empty_and_a_set_without_its_keys(tmp_path):
    settings = deployment_settings("embedded", tmp_path / "home")
    container = bootstrap(settings)
    fill(container, complaints=1)
    container.close()
    backup_archive(tmp_path / "b", settings=settings)
    for home, message in ((settings.home, "not empty"), (tmp_path / "new", "keys folder")):
        if message == "keys folder":
            (tmp_path / "b.keys").rename(tmp_path / "elsewhere")
        try:
            restore_archive(tmp_path / "b", home=home, settings=settings)
            raise AssertionError(f"restored into {home}")
        except InvalidInput as refused:
            assert message in str(refused)
    restore_archive(tmp_path / "b", home=tmp_path / "new", keys=tmp_path / "elsewhere", settings=settings)
