"""`docarchive level set`: a record's or a volume's confidentiality level (密级), with the reason."""

from __future__ import annotations

from contextlib import closing

from docarchive.bootstrap import bootstrap
from docarchive.cli.output import print_json
from docarchive.cli.principal import acting_principal
from docarchive.services.confidentiality import set_record_level, set_volume_level


def register(sub) -> None:
    level = sub.add_parser("level", help="confidentiality levels (密级) of records and volumes")
    commands = level.add_subparsers(dest="level_command", required=True, metavar="ACTION")
    setting = commands.add_parser("set", help="set a record's or a volume's level")
    target = setting.add_mutually_exclusive_group(required=True)
    target.add_argument("--document", metavar="ID")
    target.add_argument("--volume", metavar="ARCHIVE_NO")
    setting.add_argument("level", help="none | 秘密 | 机密 | 绝密")
    setting.add_argument("--reason", required=True, help="why (kept in the history)")
    setting.add_argument("--json", action="store_true")
    setting.set_defaults(handler=run_set)


def run_set(args) -> int:
    with closing(bootstrap()) as container:
        common = {"principal": acting_principal(), "clock": container.clock, "level": args.level,
                  "reason": args.reason}
        if args.document:
            document = set_record_level(container.records, document_id=args.document, **common)
            row = {"id": document.id, "confidentiality": document.confidentiality.value,
                   "effective_confidentiality": document.effective_confidentiality.value}
        else:
            volume = set_volume_level(container.records, archive_no=args.volume, **common)
            row = {"archive_no": volume.archive_no, "confidentiality": volume.confidentiality.value}
    if args.json:
        print_json(row)
    else:
        print("  ".join(f"{key}: {value}" for key, value in row.items()))
    return 0
