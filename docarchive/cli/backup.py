"""`docarchive backup DEST | backup verify DEST | restore SRC --home NEW`: backup sets of the archive."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from docarchive.maintenance import backup_archive, restore_archive
from docarchive.cli.output import print_json

_KEYS_HELP = "the folder for the keys (default: DEST.keys beside the set; keep it somewhere else than the data)"


def register(sub) -> None:
    backup = sub.add_parser(
        "backup", help="a snapshot of the archive into a backup set (incremental); `backup verify DEST` checks one",
        usage="docarchive backup DEST [--keys DIR] [--json]\n       docarchive backup verify DEST [--keys DIR] [--json]")
    backup.add_argument("words", nargs="+", metavar="DEST", help=argparse.SUPPRESS)
    backup.add_argument("--keys", type=Path, metavar="DIR", help=_KEYS_HELP)
    backup.add_argument("--json", action="store_true")
    backup.set_defaults(handler=run_backup)
    restore = sub.add_parser("restore", help="bring back an archive from a backup set into a new home")
    restore.add_argument("source", type=Path, metavar="SRC")
    restore.add_argument("--home", type=Path, metavar="NEW", help="an empty folder (embedded archives)")
    restore.add_argument("--keys", type=Path, metavar="DIR", help="where the keys were backed up (default SRC.keys)")
    restore.add_argument("--snapshot", help="a snapshot's name (default: the latest)")
    restore.add_argument("--json", action="store_true")
    restore.set_defaults(handler=run_restore)


def run_backup(args) -> int:
    words = args.words
    if len(words) == 2 and words[0] == "verify":
        return _verify(Path(words[1]), args)
    if len(words) != 1:
        print("docarchive: error: give one DEST (`backup DEST`), or `backup verify DEST`", file=sys.stderr)
        return 2
    outcome = backup_archive(Path(words[0]), keys=args.keys)
    if args.json:
        print_json(outcome)
    else:
        print(f"snapshot {outcome['snapshot']} in {outcome['dest']}: {outcome['originals']} originals "
              f"({outcome['originals_copied']} new), {_counts(outcome['counts'])} in {outcome['seconds']} s")
        if outcome.get("keys"):
            print(f"keys in {outcome['keys']}: keep them apart from the data (another medium or place)")
    return 0


def _verify(dest: Path, args) -> int:
    from docarchive.adapters.backup.backup_set import BackupSet, default_keys_folder

    backup = BackupSet(dest)
    failure = next(backup.verify(keys=args.keys or default_keys_folder(dest)), None)
    snapshots = backup.snapshots()
    if args.json:
        print_json({"ok": failure is None, "snapshots": len(snapshots),
                    "failure": None if failure is None else {"where": failure.where, "detail": failure.detail}})
    elif failure is None:
        print(f"intact: {len(snapshots)} snapshots, every object and key present and matching its SHA-256")
    else:
        print(f"damaged: {failure.line()}")
    return 0 if failure is None else 1


def run_restore(args) -> int:
    outcome = restore_archive(args.source, home=args.home, keys=args.keys, snapshot=args.snapshot)
    if args.json:
        print_json(outcome)
    else:
        where = outcome.get("home") or f"MongoDB database {outcome.get('database')}"
        print(f"restored snapshot {outcome['snapshot']} into {where}: {outcome['originals']} originals, "
              f"{_counts(outcome['counts'])}; run `docarchive check` on it")
    return 0


def _counts(counts: dict) -> str:
    return ", ".join(f"{n} {what}" for what, n in counts.items())
