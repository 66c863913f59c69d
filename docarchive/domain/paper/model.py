"""Where paper originals sit and what each paper volume holds. Pure data and rules, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from docarchive.domain.documents import Confidentiality
from docarchive.domain.errors import Conflict, InvalidInput


class Retention(StrEnum):
    """保管期限 as DA/T 13 writes it in the archive number."""

    PERMANENT = "Y"  # 永久
    YEARS_30 = "D30"
    YEARS_10 = "D10"


class LocationKind(StrEnum):
    ROOM = "room"  # 库房
    UNIT = "unit"  # 档案柜 / 密集架
    ZONE = "zone"  # 区
    COLUMN = "column"  # 列
    SECTION = "section"  # 节
    SHELF = "shelf"  # 层
    POSITION = "position"  # 位
    NODE = "node"  # a name we do not recognise: still a place


# The last characters of a path segment say what kind of place it is (A库房, 03密集架, 2列, 4节, 3层).
_KIND_SUFFIXES = (
    ("库房", LocationKind.ROOM), ("库", LocationKind.ROOM), ("室", LocationKind.ROOM),
    ("密集架", LocationKind.UNIT), ("档案柜", LocationKind.UNIT), ("柜", LocationKind.UNIT), ("架", LocationKind.UNIT),
    ("区", LocationKind.ZONE), ("列", LocationKind.COLUMN), ("节", LocationKind.SECTION),
    ("层", LocationKind.SHELF), ("位", LocationKind.POSITION),
)
MAX_SEGMENT = 32
MAX_DEPTH = 8


def location_kind(name: str) -> LocationKind:
    for suffix, kind in _KIND_SUFFIXES:
        if name.endswith(suffix):
            return kind
    return LocationKind.NODE


def split_location_path(path: str) -> list[str]:
    """`A库房/03密集架/2列/4节/3层` → its segments; a slash inside a name is not possible, so none is guessed."""
    segments = [segment.strip() for segment in path.replace(" / ", "/").strip().strip("/").split("/")]
    if not path.strip() or any(not segment for segment in segments):
        raise InvalidInput(f"location path {path!r} has an empty segment; write it like A库房/03密集架/2列/4节/3层")
    if len(segments) > MAX_DEPTH:
        raise InvalidInput(f"location path {path!r} is deeper than {MAX_DEPTH} levels")
    for segment in segments:
        if len(segment) > MAX_SEGMENT or any(not ch.isprintable() for ch in segment):
            raise InvalidInput(f"location name {segment!r} must be 1–{MAX_SEGMENT} printable characters")
    return segments


def display_path(names: list[str], kinds: list[LocationKind]) -> str:
    """How people read a place: `A库房 / 3号密集架 2列4节3层` — a unit's addressing runs together after it."""
    groups: list[str] = []
    for name, kind in zip(names, kinds):
        if kind in (LocationKind.ZONE, LocationKind.COLUMN, LocationKind.SECTION, LocationKind.SHELF,
                    LocationKind.POSITION) and groups:
            groups[-1] += name if groups[-1][-1:] in "区列节层位" else f" {name}"
        else:
            groups.append(name)
    return " / ".join(groups)


@dataclass
class Location:
    code: str  # what its barcode carries (L-000012)
    name: str  # its own segment: 03密集架
    path: str  # names from the room down: A库房/03密集架/2列/4节/3层
    parent_code: str | None
    kind: LocationKind = LocationKind.NODE
    capacity: int | None = None  # boxes it holds directly; None: not limited
    ancestors: list[str] = field(default_factory=list)  # codes from the room down, excluding itself
    created_at: datetime | None = None
    version: int = 1

    @property
    def names(self) -> list[str]:
        return self.path.split("/")


@dataclass
class Box:
    code: str  # 档案盒 barcode: B-0012
    location_code: str | None
    created_at: datetime | None = None
    version: int = 1


@dataclass
class VolumeItem:
    """One 件: an electronic record and the pages it takes in the paper volume."""

    n: int
    document_id: str
    first_page: int
    last_page: int
    filed_at: datetime | None = None
    filed_by: str = ""

    @property
    def page_count(self) -> int:
        return self.last_page - self.first_page + 1


@dataclass(frozen=True)
class ItemAgainstRecord:
    """A volume item that disagrees with its electronic record (the mismatch report): the record is not stored
    (`scanned_pages` None) or was scanned with another number of pages than the item takes on paper."""

    archive_no: str
    n: int
    document_id: str
    first_page: int
    last_page: int
    scanned_pages: int | None

    @property
    def paper_pages(self) -> int:
        return self.last_page - self.first_page + 1


@dataclass(frozen=True)
class LoanMark:
    """A volume out on loan (借出): which loan, to whom, since and until when. The lending desk sets and clears it
    at checkout and return; while it is set the volume is not on its shelf and cannot be moved or re-filed."""

    loan_id: str
    borrower: str
    since: datetime
    due: datetime | None = None


@dataclass
class Volume:
    archive_no: str  # 档号, from the configured rule, never reused
    customer_no: str
    box_code: str
    title: str = ""
    year: int = 0
    retention: Retention = Retention.PERMANENT
    fonds_code: str = ""
    class_code: str = ""
    org_code: str = ""
    items: list[VolumeItem] = field(default_factory=list)
    # Access-control hooks (ROADMAP): carried from the start.
    confidentiality: Confidentiality = Confidentiality.NONE
    owner: str = ""
    department: str = ""
    # The catalogue (卷内目录) changes with every filing; printing marks which version is on paper.
    catalogue_version: int = 0
    printed_version: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    created_by: str = ""
    on_loan: LoanMark | None = None
    version: int = 1

    @property
    def page_count(self) -> int:
        return max((item.last_page for item in self.items), default=0)

    def check_in_place(self, doing: str) -> None:
        """Refuse `doing` (moving, re-filing) while the volume is out on loan: the paper is not here."""
        if self.on_loan is not None:
            mark = self.on_loan
            raise Conflict(f"volume {self.archive_no} is on loan (loan {mark.loan_id}, 借出：{mark.borrower}): "
                           f"it cannot be {doing} until it is returned")

    def item_of(self, document_id: str) -> VolumeItem | None:
        return next((item for item in self.items if item.document_id == document_id), None)

    def file(self, document_id: str, *, page_count: int, n: int | None = None,
             pages: tuple[int, int] | None = None, filed_at: datetime | None = None, filed_by: str = "") -> VolumeItem:
        """Put a record in as item N (default: last); later items move down one. Without a page range it takes
        the pages right after item N-1 and the pages of later items move on, so numbering stays continuous."""
        held = self.item_of(document_id)
        if held is not None:
            raise Conflict(f"record {document_id} is already item {held.n} of volume {self.archive_no}")
        n = len(self.items) + 1 if n is None else n
        if not 1 <= n <= len(self.items) + 1:
            raise InvalidInput(f"item must be 1–{len(self.items) + 1} in volume {self.archive_no}")
        first, last = pages if pages is not None else (self._page_after(n), self._page_after(n) + page_count - 1)
        if first < 1 or last < first:
            raise InvalidInput(f"pages {first}-{last} are not a page range")
        item = VolumeItem(n, document_id, first, last, filed_at, filed_by)
        for other in self.items:
            if other.n >= n:
                other.n += 1
                if pages is None:
                    other.first_page, other.last_page = other.first_page + page_count, other.last_page + page_count
        clash = next((other for other in self.items if _overlap(other, item)), None)
        if clash is not None:
            raise Conflict(f"pages {first}-{last} overlap item {clash.n} "
                           f"(pages {clash.first_page}-{clash.last_page}) of volume {self.archive_no}")
        self.items.append(item)
        self.items.sort(key=lambda entry: entry.n)
        self.catalogue_changed()
        return item

    def unfile(self, document_id: str) -> VolumeItem:
        """Take a record out; later items move up one, and their pages close the gap."""
        item = self.item_of(document_id)
        if item is None:
            raise InvalidInput(f"record {document_id} is not in volume {self.archive_no}")
        self.items.remove(item)
        for other in self.items:
            if other.n > item.n:
                other.n -= 1
            if other.first_page > item.last_page:
                other.first_page, other.last_page = other.first_page - item.page_count, other.last_page - item.page_count
        self.catalogue_changed()
        return item

    def _page_after(self, n: int) -> int:
        before = [item.last_page for item in self.items if item.n < n]
        return max(before, default=0) + 1

    def catalogue_changed(self) -> None:
        self.catalogue_version += 1

    @property
    def catalogue_printed(self) -> bool:
        return self.printed_version == self.catalogue_version


def _overlap(a: VolumeItem, b: VolumeItem) -> bool:
    return a.first_page <= b.last_page and b.first_page <= a.last_page


@dataclass(frozen=True)
class Move:
    """One entry of the paper history: a box, volume, location or record went from one place to another."""

    subject: str  # "box:B-0012", "volume:<archive no>", "location:L-000003", "document:<id>"
    at: datetime
    by: str
    to: dict  # where it went: {"box", "location_code", "location_path"} or {"archive_no", "item", "pages"}
    came_from: dict | None = None  # None: it was created (placed) here
    reason: str = ""
    action: str = "move"  # "place", "move", "file", "refile"


def subject(kind: str, code: str) -> str:
    return f"{kind}:{code}"
