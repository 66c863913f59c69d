"""`check` (四性检测) finds every kind of damage, located, on each deployment (SQLite + FTS5 + files; MongoDB +
Elasticsearch + GridFS): an archive is damaged behind docarchive's back in every way at once, each on its
own record, customer file, volume or file, and every damage must be in the report where it was done."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

from docarchive.maintenance import archive_check
from docarchive.search.entries import search_entry
from docarchive.services.erasure import Erasure, erase, set_disposal
from docarchive.domain.documents import Page
from docarchive.ingest.context import IngestRequest
from docarchive.ingest.digests import sm3_hex
from tests.integrity.archives import Tamper, archive, change_record, fill, record  # noqa: F401 — fixture
from tests.text_pdfs import complaint

PLAIN_ID = "110105199003077777"


def test_an_undamaged_archive_passes_every_property(archive):
    fill(archive, complaints=3)
    report = archive_check(archive).run()
    assert report["ok"], report["failures"]
    counts = report["counts"]
    assert counts["records"] == counts["indexed"] == counts["originals"] == counts["sm3_checked"] == 5
    assert counts["customers"] == 2 and counts["volume_items"] == 2 and counts["audit_events"] > 0
    assert counts["failures"] == {"authenticity": 0, "integrity": 0, "usability": 0, "safety": 0}


def test_records_lawfully_set_apart_or_erased_leave_the_archive_passing_and_their_damage_is_found(archive):
    """The recycle area and a destruction list's quarantine keep a record whole but out of the index; purge
    and destruction leave a tombstone whose content must be gone. None of that is damage (a monthly `check`
    after a destruction must pass); an erased record's original still stored, or a set-apart one still
    searchable, is."""
    ids = fill(archive, complaints=3)["records"]
    apart, purged, destroyed = ids[2], ids[3], ids[4]
    original = archive.blobs.get(record(archive, purged).sha256)
    when = archive.clock.now()
    set_disposal(archive.records, [apart], "quarantined", by="档案员", at=when, reason="列入销毁清册")
    erasure = Erasure(archive.records, archive.blobs, None)
    erase(erasure, [purged], "purged", by="档案员", at=when, reason="回收站满 30 日")
    erase(erasure, [destroyed], "destroyed", by="档案员", at=when, reason="监销人确认销毁")

    report = archive_check(archive).run()
    assert report["ok"], report["failures"]
    counts = report["counts"]
    assert (counts["records"], counts["set_apart"], counts["erased"], counts["indexed"]) == (5, 1, 2, 2)

    archive.blobs.put(original)  # what a purge interrupted before the files went would leave
    with archive.records.unit_of_work(readonly=True) as uow:
        document = uow.documents.get(apart)
        archive.index.upsert([search_entry(document, uow.customers.find(document.customer_no), archive.hasher)])
    found = {(f["property"], f["kind"], f["where"]) for f in archive_check(archive).run()["failures"]}
    assert found == {("safety", "erased_content_remains", f"record {purged} original {record(archive, purged).sha256}"),
                     ("safety", "disposed_still_indexed", f"index entry {apart}")}


def test_every_kind_of_damage_is_found_where_it_was_done(archive):
    made = fill(archive, customers=3)
    ids, volume = made["records"], made["volume"][0]
    expected = damage(archive, ids, volume)
    report = archive_check(archive).run()
    found = {(f["property"], f["kind"], f["where"]) for f in report["failures"]}
    missed = [e for e in expected if not any(f[:2] == e[:2] and e[2] in f[2] for f in found)]
    assert not missed, (missed, sorted(found))
    assert not report["ok"]
    print(f"\n{archive.settings.mongo_url and 'scale' or 'embedded'}: {len(expected)} corruptions injected, "
          f"{len(expected) - len(missed)} found ({len(report['failures'])} failures reported)")


def damage(archive, ids: list[str], volume: str) -> list[tuple[str, str, str]]:
    """Damage the archive in every way the check knows; return (property, kind, where) it must report."""
    tamper, expected = Tamper(archive), []
    try:
        _, _, _, *r = ids
        doc = {i: record(archive, i) for i in r}

        tamper.replace_original(doc[r[0]].sha256, complaint("KH-2024-00009", "改过"))
        expected.append(("authenticity", "hash_mismatch", f"record {r[0]}"))
        change_record(archive, r[1], sm3="0" * 64)
        expected.append(("authenticity", "sm3_mismatch", f"record {r[1]}"))
        change_record(archive, r[2], size=doc[r[2]].size + 1)
        expected.append(("authenticity", "size_mismatch", f"record {r[2]}"))
        change_record(archive, r[3], media_type="image/png")
        expected.append(("authenticity", "format_mismatch", f"record {r[3]}"))
        change_record(archive, r[4], pages=[*doc[r[4]].pages, Page(n=2, text="多出的一页", confidence=0.9)])
        expected.append(("authenticity", "page_count_mismatch", f"record {r[4]}"))
        change_record(archive, r[5], filename="")
        expected.append(("integrity", "metadata_missing", f"record {r[5]}"))
        change_record(archive, r[6], pages=[replace(doc[r[6]].pages[0], n=2)])
        expected.append(("integrity", "page_gap", f"record {r[6]}"))
        archive.blobs.delete(doc[r[7]].sha256)
        expected.append(("integrity", "original_missing", f"record {r[7]}"))
        archive.index.delete([r[8]])
        expected.append(("integrity", "not_indexed", f"record {r[8]}"))
        tamper.delete_record(r[9])
        expected.append(("integrity", "index_orphan", f"index entry {r[9]}"))
        tamper.age_original(doc[r[9]].sha256)  # its record is gone: an original nothing refers to
        expected.append(("integrity", "orphan_original", f"original {doc[r[9]].sha256}"))
        change_record(archive, r[1], media_type="application/zip")
        expected.append(("usability", "format_not_allowed", f"record {r[1]}"))
        expected.append(unreadable_original(archive))
        tamper.overwrite_original(doc[r[2]].sha256, archive.blobs.get(doc[r[2]].sha256))
        expected.append(("safety", "original_not_encrypted", f"record {r[2]}"))
        expected.append(("safety", "unexpected_file", tamper.stray_entry()))
        tamper.plain_id_number(r[3], PLAIN_ID)
        expected.append(("safety", "personal_data_not_sealed", "documents"))
        tamper.edit_audit_event(1)
        expected.append(("safety", "audit_chain_broken", "audit event 1"))
        tamper.set_customer_archive_no("KH-2024-00001", "乱写的档号")
        expected.append(("authenticity", "archive_no_invalid", "customer KH-2024-00001"))
        with archive.records.unit_of_work(readonly=True) as uow:
            second = uow.customers.get("KH-2024-00002").archive_no
        tamper.set_customer_archive_no("KH-2024-00003", second)
        expected.append(("authenticity", "archive_no_duplicate", "customer KH-2024-00003"))
        expected += volume_damage(archive, volume)
        if tamper.embedded:
            (archive.settings.blobs_path / "tmp").chmod(0o755)
            expected.append(("safety", "permissions", str(archive.settings.blobs_path / "tmp")))
    finally:
        tamper.close()
    return expected


def volume_damage(archive, archive_no: str) -> list[tuple[str, str, str]]:
    """Item 2 renumbered 3 (a gap), item 1 moved to page 2 (a page gap), item 2 naming a record that is not."""
    with archive.records.unit_of_work() as uow:
        volume = uow.volumes.get(archive_no)
        first, second = sorted(volume.items, key=lambda item: item.n)
        last = second.last_page - second.first_page
        items = [replace(first, first_page=first.first_page + 1, last_page=first.last_page + 1),
                 replace(second, n=3, document_id="01NOSUCHRECORD0000000000000",
                         first_page=first.last_page + 2, last_page=first.last_page + 2 + last)]
        uow.volumes.update(replace(volume, items=items))
        uow.commit()
    return [("integrity", "item_gap", f"volume {archive_no}"), ("integrity", "page_gap", f"volume {archive_no} item 1"),
            ("integrity", "item_record_missing", f"volume {archive_no} item 3")]


def unreadable_original(archive) -> tuple[str, str, str]:
    """A record whose original is a truncated PDF, stored under its own (matching) hashes."""
    whole = complaint("KH-2024-00001", "截断")
    ctx = archive.ingest.ingest_one(IngestRequest(filename="truncated.pdf", data=whole))
    cut = whole[: len(whole) // 3]
    sha = archive.blobs.put(cut)
    import hashlib

    assert sha == hashlib.sha256(cut).hexdigest()
    Tamper(archive).delete_record(ctx.document_id)
    document = replace(record_of(ctx), sha256=sha, sm3=sm3_hex(cut), size=len(cut))
    with archive.records.unit_of_work() as uow:
        uow.documents.add(document)
        uow.commit()
    return ("usability", "unreadable", f"record {document.id}")


def record_of(ctx):
    from docarchive.domain.ids import new_id

    return replace(ctx.document, id=new_id())
