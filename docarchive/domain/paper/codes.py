"""The code grammar: what a barcode on a label or separator sheet may carry, and what kind of thing it names.

A code is the plain identifier — a volume's archive number (档号), a box code, a location code or a record
id. Anything that does not match one of these shapes is malformed and rejected, never guessed at.
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass
from enum import StrEnum

from docarchive.domain.errors import InvalidInput
from docarchive.domain.paper.model import Retention

BOX_CODE = re.compile(r"B-[0-9A-Z]{1,20}(?:-[0-9A-Z]{1,20})?")
LOCATION_CODE = re.compile(r"L-[0-9A-Z]{1,20}")
RECORD_ID = re.compile(r"[0-9A-HJKMNP-TV-Z]{26}")  # a ULID (domain/ids.py)
MAX_CODE = 80

DEFAULT_VOLUME_ARCHIVE_NO_FORMAT = "{fonds}-{class_code}·{year}-{retention}-{org}-{seq:04d}"
_CODE_PART = r"[0-9A-Z]{1,12}"


class CodeKind(StrEnum):
    VOLUME = "volume"
    BOX = "box"
    LOCATION = "location"
    RECORD = "record"


@dataclass(frozen=True)
class Code:
    kind: CodeKind
    value: str


class MalformedCode(InvalidInput):
    status_code = 400


@dataclass(frozen=True)
class ArchiveNoRule:
    """A DA/T 13-style archive number: 全宗号-门类代码·年度-保管期限-机构代码-案卷号 by default.

    The template may use {fonds} {class_code} {year} {retention} {org} {seq} (with a format spec such as
    {seq:04d}); the codes themselves are configured (Settings), the sequence is never reused."""

    template: str = DEFAULT_VOLUME_ARCHIVE_NO_FORMAT
    fonds: str = "Z001"
    class_code: str = "KH"
    org: str = "DAS"

    def __post_init__(self) -> None:
        fields = {name for _, name, _, _ in string.Formatter().parse(self.template) if name}
        unknown = fields - {"fonds", "class_code", "year", "retention", "org", "seq"}
        if "seq" not in fields or unknown:
            raise InvalidInput(f"archive number format {self.template!r} needs {{seq}} and may use only "
                               "{fonds} {class_code} {year} {retention} {org} {seq}")
        for name in ("fonds", "class_code", "org"):
            if not re.fullmatch(_CODE_PART, getattr(self, name)):
                raise InvalidInput(f"{name} code {getattr(self, name)!r} must be 1–12 capital letters or digits")

    def format(self, *, year: int, retention: Retention, seq: int) -> str:
        return self.template.format(fonds=self.fonds, class_code=self.class_code, org=self.org, year=year,
                                    retention=retention.value, seq=seq)

    def sequence_name(self, *, year: int, retention: Retention) -> str:
        """Numbers run per everything but the sequence (DA/T 13 numbers volumes within their group)."""
        group = re.sub(r"\{seq[^}]*\}", "#", self.template)
        return "paper_volume:" + group.format(fonds=self.fonds, class_code=self.class_code, org=self.org,
                                              year=year, retention=retention.value)

    def pattern(self) -> re.Pattern[str]:
        """Any archive number this rule could have made, whatever its codes were then (they may change)."""
        return _archive_no_pattern(self.template)


_FIELD_PATTERNS = {
    "fonds": _CODE_PART, "class_code": _CODE_PART, "org": _CODE_PART, "year": r"\d{4}",
    "retention": "|".join(r.value for r in Retention).join("(?:)"), "seq": r"\d{1,9}",
}


@functools.lru_cache(maxsize=16)
def _archive_no_pattern(template: str) -> re.Pattern[str]:
    parts = []
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name:
            parts.append(_FIELD_PATTERNS[name])
    return re.compile("".join(parts))


def parse_code(text: str, rule: ArchiveNoRule) -> Code:
    """What a scanned code names. Raises MalformedCode when it fits none of the shapes."""
    value = text.strip()
    if not value or len(value) > MAX_CODE or any(not ch.isprintable() for ch in value):
        raise MalformedCode(f"{_shown(text)} is not a code: empty, too long or with control characters")
    for kind, pattern in ((CodeKind.BOX, BOX_CODE), (CodeKind.LOCATION, LOCATION_CODE), (CodeKind.RECORD, RECORD_ID),
                          (CodeKind.VOLUME, rule.pattern())):
        if pattern.fullmatch(value):
            return Code(kind, value)
    raise MalformedCode(f"{_shown(text)} is not a volume archive number, box code (B-0012), location code "
                        "(L-000012) or record id")


def check_code(text: str, kind: CodeKind, rule: ArchiveNoRule | None = None) -> str:
    """The code itself if it has the shape of `kind`, else MalformedCode."""
    value = text.strip()
    pattern = {CodeKind.BOX: BOX_CODE, CodeKind.LOCATION: LOCATION_CODE, CodeKind.RECORD: RECORD_ID,
               CodeKind.VOLUME: (rule or ArchiveNoRule()).pattern()}[kind]
    if not pattern.fullmatch(value):
        examples = {CodeKind.BOX: "B-0012", CodeKind.LOCATION: "L-000012", CodeKind.RECORD: "a 26-character id",
                    CodeKind.VOLUME: (rule or ArchiveNoRule()).format(year=2026, retention=Retention.PERMANENT,
                                                                      seq=1)}
        raise MalformedCode(f"{_shown(text)} is not a {kind.value} code (like {examples[kind]})")
    return value


def location_code(seq: int) -> str:
    return f"L-{seq:06d}"


def _shown(text: str) -> str:
    return repr(text[:40] + ("…" if len(text) > 40 else ""))


def archive_no_pattern(template: str) -> re.Pattern[str]:
    """Any number `template` could have made (customer files' and volumes' archive numbers alike)."""
    return _archive_no_pattern(template)
