"""`docarchive keys status | rotate`: the data keys that encrypt ID numbers, originals and page images."""

from __future__ import annotations

from contextlib import closing

from docarchive.bootstrap import bootstrap
from docarchive.maintenance import rotate_data_keys
from docarchive.cli.output import print_json
from docarchive.services.keys import key_status


def register(sub) -> None:
    keys = sub.add_parser("keys", help="the data keys: status, rotation")
    commands = keys.add_subparsers(dest="keys_command", required=True, metavar="COMMAND")
    status = commands.add_parser("status", help="the current key, the keys held, what is not yet under the current")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=run_status)
    rotate = commands.add_parser("rotate", help="a new current key; re-encrypt everything with it (resumable)")
    rotate.add_argument("--json", action="store_true")
    rotate.set_defaults(handler=run_rotate)


def run_status(args) -> int:
    with closing(bootstrap()) as container:
        status = key_status(container.cipher, container.records, container.blobs)
    if args.json:
        print_json(status)
    else:
        waiting = ", ".join(f"{n} {what}" for what, n in status["not_current"].items() if n) or "nothing"
        print(f"current key {status['current']}; held {', '.join(status['keys'])}; not yet under it: {waiting}")
    return 0


def run_rotate(args) -> int:
    outcome = rotate_data_keys()
    if args.json:
        print_json(outcome)
        return 0
    counts = ", ".join(f"{n} {what}" for what, n in outcome["rewritten"].items())
    print(f"current key {outcome['current']}{' (new)' if outcome['started'] else ''}; re-encrypted {counts}")
    if outcome["retired"]:
        print(f"retired keys: {', '.join(outcome['retired'])}")
    if outcome["removable"]:
        print(f"nothing is encrypted with {', '.join(outcome['removable'])} any more: remove them from "
              "DOCARCHIVE_DATA_KEYS on every host")
    return 0
