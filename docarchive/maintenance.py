"""The whole-archive maintenance commands — keys rotate, backup, restore, the four-property check. Like
bootstrap (the only other place that does), they choose adapters by the deployment the settings name."""

from __future__ import annotations

from pathlib import Path

from docarchive.adapters.keys import data_keys, own_only, retire_data_keys, start_rotation
from docarchive.bootstrap import Container, _cipher, bootstrap
from docarchive.config import Settings
from docarchive.domain.errors import InvalidInput
from docarchive.services.keys import reseal_everything


def rotate_data_keys(settings: Settings | None = None) -> dict:
    """`docarchive keys rotate`. Embedded, with its own key files: a new key becomes current (unless a rotation
    that stopped half-way is still to finish), everything is re-encrypted with it, then the older keys are
    deleted. With given keys (DOCARCHIVE_DATA_KEYS, as on MongoDB) the operator lists the new key first on every
    host; this re-encrypts with it and names the older keys that can then be taken out of the setting."""
    settings = settings or Settings()
    own_files = not settings.data_keys and not settings.mongo_url
    started = None
    if own_files:
        own_only(settings.home)
        held, _ = data_keys(settings.home)
        started = start_rotation(settings.home) if len(held) == 1 else None
    container = bootstrap(settings)
    try:
        cache = settings.cache_path if not settings.mongo_url else None
        rewritten = reseal_everything(container.records, container.blobs, cache_dir=cache)
        current = container.cipher.current_key_id
        older = [key_id for key_id in container.cipher.key_ids if key_id != current]
        retired = retire_data_keys(settings.home, keep=current) if own_files else []
    finally:
        container.close()
    return {"started": started, "current": current, "rewritten": rewritten, "retired": retired,
            "removable": [] if own_files else older}


def backup_archive(dest: Path, *, keys: Path | None = None, settings: Settings | None = None) -> dict:
    """`docarchive backup DEST`: a snapshot of the archive into the backup set DEST (the keys to `keys`)."""
    from docarchive.adapters.backup.backup_set import BackupSet, default_keys_folder

    settings = settings or Settings()
    if settings.mongo_url:
        from docarchive.adapters.backup.mongo_export import export_mongo

        return export_mongo(settings.mongo_url, settings.mongo_database, BackupSet(dest))
    from docarchive.adapters.backup.embedded import backup_embedded

    own_only(settings.home)
    return backup_embedded(settings.home, BackupSet(dest), keys or default_keys_folder(dest))


def restore_archive(source: Path, *, home: Path | None, keys: Path | None = None, snapshot: str | None = None,
                    settings: Settings | None = None) -> dict:
    """`docarchive restore SRC --home NEW`: the snapshot (the latest unless named), verified first, into an
    empty home (embedded) or the empty MongoDB database the settings name (a MongoDB export)."""
    from docarchive.adapters.backup.backup_set import BackupSet, default_keys_folder

    settings, backup = settings or Settings(), BackupSet(source)
    keys = keys or default_keys_folder(source)
    names = backup.snapshots()
    if not names:
        raise InvalidInput(f"{source} holds no backup snapshot")
    name = snapshot or names[-1]
    manifest = backup.manifest(name)
    failure = next(backup.verify(keys=keys if manifest["kind"] == "embedded" else None, only=name), None)
    if failure is not None:
        raise InvalidInput(f"the backup is not intact: {failure.line()}")
    if manifest["kind"] == "mongo":
        if not settings.mongo_url:
            raise InvalidInput("this is a MongoDB export: set DOCARCHIVE_MONGO_URL and DOCARCHIVE_MONGO_DATABASE "
                               "(a new, empty database) and DOCARCHIVE_DATA_KEYS to restore it")
        from docarchive.adapters.backup.mongo_export import restore_mongo

        outcome = restore_mongo(backup, manifest, settings.mongo_url, settings.mongo_database,
                                cipher=_cipher(settings))
    else:
        if home is None:
            raise InvalidInput("give --home NEW: the empty folder to restore the archive into")
        from docarchive.adapters.backup.embedded import restore_embedded

        outcome = restore_embedded(backup, manifest, home, keys)
    return {"snapshot": name, **outcome}


def check_archive(settings: Settings | None = None) -> dict:
    """`docarchive check`: the four-property check (四性检测) of the whole archive."""
    settings = settings or Settings()
    container = bootstrap(settings)
    try:
        return archive_check(container).run()
    finally:
        container.close()


def archive_check(container: Container):
    from docarchive.adapters.home_files import loose_permissions
    from docarchive.services.archive_check import ArchiveCheck

    settings = container.settings
    embedded = not settings.mongo_url
    return ArchiveCheck(
        records=container.records, blobs=container.blobs, index=container.index, audit=container.audit,
        cipher=container.cipher, customer_archive_no_format=settings.archive_no_format,
        volume_archive_no_format=settings.volume_archive_no_format,
        queued_sha256s=container.jobs.pending_sha256s if container.jobs else set,
        file_problems=(lambda: loose_permissions(settings.home)) if embedded else tuple)
