"""`docarchive label` and `docarchive volume print`: the paper archive's printouts as PDF files."""

from __future__ import annotations

from pathlib import Path

from docarchive.bootstrap import bootstrap
from docarchive.cli.principal import acting_principal
from docarchive.domain.errors import InvalidInput
from docarchive.services import printouts


def register(sub) -> None:
    label = sub.add_parser("label", help="print labels (QR + Code 128) for volumes, boxes or locations")
    label.add_argument("codes", nargs="+", metavar="CODE", help="archive numbers, box or location codes")
    label.add_argument("--out", required=True, metavar="FILE.pdf")
    label.add_argument("--separator", action="store_true",
                       help="a scanning separator sheet for a volume instead: what follows it is filed into it")
    label.set_defaults(handler=run_label)


def register_volume_print(commands) -> None:
    """`docarchive volume print`, under the `volume` command."""
    printed = commands.add_parser("print", help="a volume's catalogue (卷内目录) or notes sheet (备考表) as PDF")
    printed.add_argument("archive_no", metavar="ARCHIVE_NO")
    which = printed.add_mutually_exclusive_group(required=True)
    which.add_argument("--catalogue", action="store_true", help="卷内目录")
    which.add_argument("--notes", action="store_true", help="备考表")
    printed.add_argument("--out", required=True, metavar="FILE.pdf")
    printed.add_argument("--mark-printed", action="store_true",
                         help="record that this catalogue version is on paper (the mismatch report checks it)")
    printed.set_defaults(handler=run_volume_print)


def run_label(args) -> int:
    container = bootstrap()
    rule = container.archive_no_rule
    audited = {"principal": acting_principal(), "audit": container.audit}
    if args.separator:
        if len(args.codes) != 1:
            raise InvalidInput("a separator sheet is for one volume: give one archive number")
        pdf = printouts.separator_sheet_pdf(container.records, args.codes[0], rule=rule, **audited)
    else:
        pdf = printouts.labels_pdf(container.records, args.codes, rule=rule, **audited)
    _write(args.out, pdf)
    print(f"{args.out}: {len(args.codes)} {'separator sheet' if args.separator else 'label(s)'}")
    return 0


def run_volume_print(args) -> int:
    if args.notes and args.mark_printed:
        raise InvalidInput("--mark-printed is for the catalogue (卷内目录); the notes sheet has no printed version")
    container = bootstrap()
    if args.notes:
        pdf = printouts.notes_pdf(container.records, args.archive_no, principal=acting_principal(),
                                  audit=container.audit)
    else:
        pdf = printouts.catalogue_pdf(container.records, args.archive_no, principal=acting_principal(),
                                      clock=container.clock, mark_printed=args.mark_printed, audit=container.audit)
    _write(args.out, pdf)
    print(f"{args.out}: {'备考表' if args.notes else '卷内目录'} of {args.archive_no.strip()}")
    return 0


def _write(name: str, pdf: bytes) -> None:
    """Write whole or not at all: a half-written PDF would print as a blank or broken page."""
    target = Path(name)
    partial = target.with_name(target.name + ".partial")
    try:
        partial.write_bytes(pdf)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InvalidInput(f"cannot write {name}: {exc.strerror or exc}") from None
