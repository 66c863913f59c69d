"""Which customer's file a record belongs to, decided from the evidence on its pages — and only from evidence.

A record filed under the wrong customer is the worst error an archive can make, so the rules prefer leaving a
record for a person over guessing: in order, the customer number given at ingest; the number on the page; an
ID number that belongs to exactly one customer; the name of the *customer* party. A page that states a
customer number is never linked to another customer. Evidence that disagrees leaves the record unassigned,
with every candidate, for review.

The decision depends only on the record's evidence and on who is on file, never on the order records and
customer files arrived: when a file is opened or gains an identifier, the records whose evidence names it are
decided again (services/linking.py), so ingesting a folder in any order gives the same links.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any, Protocol

from docarchive.domain.documents import DocType

# How a record came to be in its customer's file.
GIVEN, PAGE_NUMBER, ID_NUMBER, NAME, MANUAL = "given", "page_number", "id_number", "name", "manual"
KEPT_LINKS = (GIVEN, MANUAL)  # links a person made; nothing automatic ever changes them

# Why a record waits for a person (the review queue).
CUSTOMER_NOT_ON_FILE = "customer_not_on_file"
CONFLICT = "conflict"
NAME_SUGGESTION = "name_suggestion"
NO_CUSTOMER = "no_customer"  # nothing on the record names a customer on file
INVALID_ID_NUMBER = "invalid_id_number"
LOW_CONFIDENCE = "low_confidence"
NOT_FILED = "not_filed"
LINK_REASONS = (CUSTOMER_NOT_ON_FILE, CONFLICT, NAME_SUGGESTION, NO_CUSTOMER)
REVIEW_REASONS = (*LINK_REASONS, INVALID_ID_NUMBER, LOW_CONFIDENCE, NOT_FILED)

_MIN_CONTAINED_NAME = 4  # "恒通商贸" inside "上海恒通商贸有限公司" is us; two characters could be anyone


@dataclass(frozen=True)
class Evidence:
    """What a record's pages say about whose it is, read once at ingest and kept with the record."""

    customer_no: str | None = None  # the number the page states
    id_number: str | None = None  # a valid (checksummed) ID number on the page
    names: tuple[str, ...] = ()  # the customer's own name (card, ID copy) or the non-us party of a contract
    suggested_names: tuple[str, ...] = ()  # party names that may be the customer: a person decides
    opens_file: bool = False  # an archive card: it opens its customer's file when the number is new

    def keys(self) -> list[str]:
        """What a customer file must carry for this evidence to name it (see customer_keys)."""
        keys = [f"no:{self.customer_no}"] if self.customer_no else []
        keys += [f"id:{self.id_number}"] if self.id_number else []
        return keys + [f"name:{name}" for name in (*self.names, *self.suggested_names)]

    def as_dict(self) -> dict[str, Any]:
        return {"customer_no": self.customer_no, "id_number": self.id_number, "names": list(self.names),
                "suggested_names": list(self.suggested_names), "opens_file": self.opens_file}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "Evidence":
        data = data or {}
        return cls(customer_no=data.get("customer_no"), id_number=data.get("id_number"),
                   names=tuple(data.get("names") or ()), suggested_names=tuple(data.get("suggested_names") or ()),
                   opens_file=bool(data.get("opens_file")))


@dataclass(frozen=True)
class OnFile:
    customer_no: str
    name: str = ""
    id_number: str | None = None


class CustomerLookup(Protocol):
    """Who is on file, as the unit of work deciding sees it."""

    def by_number(self, customer_no: str) -> OnFile | None: ...

    def by_id_number(self, id_number: str) -> list[OnFile]: ...

    def by_name(self, name: str) -> list[OnFile]: ...


@dataclass
class Decision:
    customer_no: str | None = None
    how: str | None = None
    evidence: str = ""  # the text or field the link came from, for people to check
    reasons: list[dict[str, Any]] = field(default_factory=list)  # why it waits for a person, with details
    open_file: bool = False  # link to a customer file this record (an archive card) opens


def normal_name(name: str) -> str:
    """Names compare without width, spacing or bracket differences (（有限公司） vs (有限公司))."""
    return "".join(unicodedata.normalize("NFKC", name or "").split())


def normal_number(number: str) -> str:
    return "".join(unicodedata.normalize("NFKC", number or "").split()).upper()


def customer_keys(customer_no: str, name: str, id_number: str | None) -> list[str]:
    keys = [f"no:{normal_number(customer_no)}"]
    keys += [f"id:{id_number.upper()}"] if id_number else []
    return keys + ([f"name:{normal_name(name)}"] if normal_name(name) else [])


def read_evidence(doc_type: DocType, fields: dict[str, Any], own_names: tuple[str, ...]) -> Evidence:
    """The evidence in a record's extracted fields. `own_names` are the company's own names: on a contract the
    customer is the party that is not us; without them a party is only ever a suggestion."""
    number = normal_number(fields.get("customer_no") or "") or None
    id_number = fields["id_number"].upper() if fields.get("id_number") and fields.get("id_number_valid") else None
    if doc_type == DocType.ARCHIVE_CARD and fields.get("legal_rep"):
        id_number = None  # a company's card carries its legal representative's ID: one person, many companies
    names, suggested = _names(doc_type, fields, [normal_name(n) for n in own_names if normal_name(n)])
    return Evidence(customer_no=number, id_number=id_number, names=names, suggested_names=suggested,
                    opens_file=doc_type == DocType.ARCHIVE_CARD and number is not None)


def _names(doc_type: DocType, fields: dict[str, Any], ours: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if doc_type != DocType.CONTRACT:
        name = normal_name(fields.get("name") or "")
        return ((name,) if name and not _is_ours(name, ours) else ()), ()
    parties = [normal_name(fields.get(key) or "") for key in ("party_a", "party_b")]
    parties = list(dict.fromkeys(p for p in parties if p))
    theirs = [p for p in parties if not _is_ours(p, ours)]
    if ours and len(theirs) == 1 and len(parties) == 2:  # one party is us: the other is the customer
        return (theirs[0],), ()
    return (), tuple(theirs)


def _is_ours(name: str, ours: list[str]) -> bool:
    return any(name == own or (min(len(name), len(own)) >= _MIN_CONTAINED_NAME and (own in name or name in own))
               for own in ours)


def decide(evidence: Evidence, on_file: CustomerLookup, *, given: str | None = None) -> Decision:
    """Whose file the record belongs to, or why a person must decide."""
    if given:
        return Decision(given, GIVEN, f"customer number {given} given at ingest")
    id_owners = on_file.by_id_number(evidence.id_number) if evidence.id_number else []
    if evidence.customer_no:
        return _by_page_number(evidence, on_file, id_owners)
    if len(id_owners) == 1:
        return Decision(id_owners[0].customer_no, ID_NUMBER, f"ID number {mask_id(evidence.id_number)}")
    if len(id_owners) > 1:
        return Decision(reasons=[_conflict([(o.customer_no, ID_NUMBER, mask_id(evidence.id_number))
                                            for o in id_owners])])
    return _by_name(evidence, on_file)


def _by_page_number(evidence: Evidence, on_file: CustomerLookup, id_owners: list[OnFile]) -> Decision:
    number = evidence.customer_no
    others = [o for o in id_owners if o.customer_no != number]
    conflict = _conflict([(number, PAGE_NUMBER, f"the page names {number}"),
                          *((o.customer_no, ID_NUMBER, mask_id(evidence.id_number)) for o in others)])
    if on_file.by_number(number) is not None:
        if others:
            return Decision(reasons=[conflict])
        return Decision(number, PAGE_NUMBER, f"the page names {number}")
    if others:  # a new number on a page whose ID number is someone else's: opening a file would make two
        return Decision(reasons=[{"reason": CUSTOMER_NOT_ON_FILE, "customer_no": number}, conflict])
    if evidence.opens_file:
        return Decision(number, PAGE_NUMBER, f"archive card for {number}", open_file=True)
    return Decision(reasons=[{"reason": CUSTOMER_NOT_ON_FILE, "customer_no": number}])


def _by_name(evidence: Evidence, on_file: CustomerLookup) -> Decision:
    for name in evidence.names:
        matches = [m for m in on_file.by_name(name) if _identity_agrees(m, evidence)]
        if len(matches) == 1:
            return Decision(matches[0].customer_no, NAME, f"the customer is named {name}")
        if matches:
            return Decision(reasons=[_suggestion(m, name) for m in matches])
    suggestions = [_suggestion(m, name) for name in evidence.suggested_names for m in on_file.by_name(name)]
    return Decision(reasons=suggestions or [{"reason": NO_CUSTOMER}])


def _identity_agrees(match: OnFile, evidence: Evidence) -> bool:
    """A same-named customer with another ID number is another person (张伟 is a common name)."""
    return not (evidence.id_number and match.id_number and match.id_number.upper() != evidence.id_number)


def _suggestion(match: OnFile, name: str) -> dict[str, Any]:
    return {"reason": NAME_SUGGESTION, "customer_no": match.customer_no, "name": name}


def _conflict(candidates: list[tuple[str, str, str]]) -> dict[str, Any]:
    return {"reason": CONFLICT, "candidates": [{"customer_no": no, "how": how, "evidence": text}
                                               for no, how, text in candidates]}


def mask_id(id_number: str | None) -> str:
    """110105********1234: enough for a person to compare, not the whole sensitive number."""
    if not id_number:
        return ""
    return id_number[:6] + "*" * max(len(id_number) - 10, 0) + id_number[-4:]


def record_reasons(fields: dict[str, Any], page_confidences: list[float | None], *,
                   min_confidence: float) -> list[dict[str, Any]]:
    """Reasons a record needs a person that are not about its customer."""
    reasons: list[dict[str, Any]] = []
    if fields.get("id_number") and not fields.get("id_number_valid"):
        reasons.append({"reason": INVALID_ID_NUMBER})
    read = [c for c in page_confidences if c is not None]
    if read and min(read) < min_confidence:
        reasons.append({"reason": LOW_CONFIDENCE, "confidence": round(min(read), 4)})
    return reasons


def relink_keys(document: Any) -> list[str]:
    """The keys under which a record waits for its customer: none once a person linked it."""
    link = document.link or {}
    if link.get("how") in KEPT_LINKS:
        return []
    return Evidence.from_dict(document.evidence).keys()
