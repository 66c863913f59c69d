"""Key rotation as a use case: re-encrypt everything stored under the current data key, then say which older
keys nothing needs any more. Choosing and retiring the key files is the CLI's (adapters/keys.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from docarchive.ports.blobs import BlobStore
from docarchive.ports.crypto import FieldCipher
from docarchive.ports.records import RecordStore


def reseal_everything(records: RecordStore, blobs: BlobStore, *, cache_dir: Path | None = None,
                      dry_run: bool = False) -> dict[str, int]:
    """Records, customers, history and originals under the current key; page images are derived, so the
    cache is emptied rather than re-encrypted (pages are made again when next viewed)."""
    counts = records.reseal_personal_data(dry_run=dry_run)
    counts["originals"] = _reseal_blobs(blobs, dry_run)
    if cache_dir is not None and not dry_run and (cache_dir / "pages").exists():
        shutil.rmtree(cache_dir / "pages")
    return counts


def key_status(cipher: FieldCipher, records: RecordStore, blobs: BlobStore) -> dict:
    waiting = reseal_everything(records, blobs, dry_run=True)
    return {"current": cipher.current_key_id, "keys": list(cipher.key_ids), "not_current": waiting,
            "rotation_done": not any(waiting.values())}


def _reseal_blobs(blobs: BlobStore, dry_run: bool) -> int:
    if dry_run:
        return sum(not blobs.is_current(sha256) for sha256 in blobs.keys())
    return sum(blobs.reseal(sha256) for sha256 in list(blobs.keys()))
