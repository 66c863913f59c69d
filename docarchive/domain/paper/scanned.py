"""Which of the codes found on scanned pages are ours, and which volume (if any) they file the record into.

A page may carry anything: our volume label or separator sheet, a box label, a courier's QR code with a URL, a
product's bar code. Unrelated codes are ignored without a word. A code that looks like ours (a box or location
prefix, or the fonds code the archive numbers start with) but does not parse is reported, never corrected: a
misprinted or damaged label must not file a record into a neighbouring volume.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docarchive.domain.paper.codes import ArchiveNoRule, CodeKind, MalformedCode, parse_code

OUR_PREFIXES = ("B-", "L-")  # box and location codes (codes.BOX_CODE, codes.LOCATION_CODE)


@dataclass(frozen=True)
class PageCode:
    page: int  # 1-based page of the file it was found on
    symbology: str
    text: str


@dataclass
class FilingCodes:
    """The verdict on a file's codes: the volume to file into (or None) and what to tell the archivist."""

    archive_no: str | None = None
    found_on: int | None = None  # page the volume code was on
    warnings: list[str] = field(default_factory=list)


def choose_volume(codes: list[PageCode], rule: ArchiveNoRule) -> FilingCodes:
    verdict = FilingCodes()
    volumes: dict[str, int] = {}
    for code in codes:
        try:
            parsed = parse_code(code.text, rule)
        except MalformedCode:
            if looks_like_ours(code.text, rule):
                verdict.warnings.append(f"page {code.page}: code {_shown(code.text)} looks like an archive code but "
                                        "is not well-formed; not filed by it")
            continue
        if parsed.kind == CodeKind.VOLUME:
            volumes.setdefault(parsed.value, code.page)
        elif parsed.kind in (CodeKind.BOX, CodeKind.LOCATION):
            verdict.warnings.append(f"page {code.page}: {parsed.kind.value} code {parsed.value} found; records are "
                                    "filed into volumes, not filed by it")
    if len(volumes) > 1:
        listed = ", ".join(f"{no} (page {page})" for no, page in volumes.items())
        verdict.warnings.append(f"codes of several volumes found: {listed}; not filed, file it by hand")
    elif volumes:
        (verdict.archive_no, verdict.found_on), = volumes.items()
    return verdict


def looks_like_ours(text: str, rule: ArchiveNoRule) -> bool:
    """Meant to be one of our codes: a box/location prefix, the configured fonds code in front, or an archive
    number inside other text (a label reprinted with a stray prefix or suffix)."""
    value = text.strip().upper()
    if value.startswith(OUR_PREFIXES) or value.startswith(rule.fonds.upper() + "-"):
        return True
    return rule.pattern().search(text) is not None


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "…")
