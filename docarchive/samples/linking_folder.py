"""A judged folder for customer linking: customer papers in random order, with the customer each belongs to.

    folder = write_linking_folder(tmp_path, records=300, images=12, seed=7)
    folder.paths()                 # the record files, in name order
    folder.truth[0].customer_no    # where that record must end up (None: stays unassigned)

What a real folder does to a linker, on purpose: archive cards (company and private customers)
come anywhere, often after the customer's other papers, some twice; contracts name our company or another
customer on file as the counterparty, with parties in either order and 出卖人/买受人 roles;
pages name customer numbers never opened; a page's number and ID number point at different
customers; ID-card copies carry nothing but the ID number; contracts carry only party names; two
customers share one name; numbers are printed full-width or with blanks; a few pages are scans.

The truth follows the linking rules (issue 13): a stated number is never linked elsewhere
(``customer_not_on_file``), disagreeing evidence is a ``conflict``, a party name links only when
our own names are configured (``DOCARCHIVE_OWN_NAMES``, see :data:`OWN_NAMES`), else it is a
``name_suggestion``. A scanned page may be misread: unassigned is acceptable there, a wrong link never.
"""

from __future__ import annotations

import dataclasses
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from docarchive.samples import render
from docarchive.samples._linking_pages import individual, numbered_contract, spell_number, visit_doc, with_printed_no
from docarchive.samples._layout import SampleDoc
from docarchive.samples._pdf import write_text_pdf
from docarchive.samples.degrade import degrade
from docarchive.samples.people import Customer, SampleData

OWN_NAMES = ("上海恒通商贸有限公司", "恒通集团")
ANY_REASON = "*"  # an unassigned record whose reason is not prescribed by the rules
# Papers per kind besides the cards, relative; every kind appears at least once.
WEIGHTS = {
    "contract_ours": 12, "contract_customer_first": 7, "contract_seller_buyer": 6, "contract_cross": 8,
    "contract_not_on_file": 8, "paper_not_on_file": 6, "conflict": 5, "id_copy": 10, "id_copy_stranger": 2,
    "name_only": 8, "complaint": 7, "payment": 7, "visit": 7, "number_variant": 6, "card_again": 2,
}
_SINGLE_PAGE = {"card", "card_again", "id_copy", "id_copy_stranger", "complaint", "payment", "visit",
                "paper_not_on_file"}


@dataclass(frozen=True)
class LinkTruth:
    filename: str
    kind: str
    doc_type: str
    customer_no: str | None  # the customer file it belongs in; None: it must stay unassigned
    reasons: tuple[str, ...] = ()  # when unassigned, any one of these review reasons is right
    not_on_file: str | None = None  # the number a customer_not_on_file review must name
    by_name: bool = False  # only a party name links it: unassigned (name_suggestion) without OWN_NAMES
    scanned: bool = False  # read by OCR: unassigned is acceptable, a wrong link is not
    printed: dict[str, str] = field(default_factory=dict)  # what linking should read off the page

    def expected(self, *, own_names: bool = True) -> tuple[str | None, tuple[str, ...]]:
        """(customer number, acceptable reasons) with or without our own names configured."""
        if self.by_name and not own_names:
            return None, ("name_suggestion",)
        return self.customer_no, self.reasons


@dataclass
class LinkingFolder:
    folder: Path  # holds the record files and nothing else
    truth: list[LinkTruth]

    def paths(self) -> list[Path]:
        return [self.folder / t.filename for t in self.truth]

    def by_filename(self) -> dict[str, LinkTruth]:
        return {t.filename: t for t in self.truth}

    def save(self, path: Path) -> None:
        rows = [dataclasses.asdict(t) for t in self.truth]
        path.write_text(json.dumps({"folder": str(self.folder), "truth": rows}, ensure_ascii=False, indent=1),
                        encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> LinkingFolder:
        raw = json.loads(path.read_text(encoding="utf-8"))
        rows = [LinkTruth(**{**r, "reasons": tuple(r["reasons"])}) for r in raw["truth"]]
        return cls(Path(raw["folder"]), rows)


@dataclass
class _Paper:
    doc: SampleDoc
    truth: LinkTruth  # filename filled in when the folder is laid out


class _Cast:
    """Who the papers are about: customers on file (each with a card), strangers never carded."""

    def __init__(self, data: SampleData, rng: random.Random, *, carded: int, strangers: int) -> None:
        self.data, self.rng = data, rng
        # The first four are companies, so cross contracts and namesakes always have enough of them.
        self.carded = [individual(data) if i >= 4 and rng.random() < 0.3 else data.customer() for i in range(carded)]
        companies = [i for i, c in enumerate(self.carded) if c.name != c.legal_rep.name]
        if len(companies) >= 3:  # two companies of one name (同名): only numbers and ID numbers tell them apart
            first, second = companies[:2]
            self.carded[second] = dataclasses.replace(self.carded[second], name=self.carded[first].name)
        self.strangers = [data.customer() for _ in range(strangers)]

    def customer(self) -> Customer:
        return self.rng.choice(self.carded)

    def companies(self, count: int, *, unique: bool = True) -> list[Customer]:
        names = [c.name for c in self.carded]
        pool = [c for c in self.carded if c.name != c.legal_rep.name and (not unique or names.count(c.name) == 1)]
        return self.rng.sample(pool, count)

    def namesake(self) -> Customer | None:
        names = [c.name for c in self.carded]
        return next((c for c in self.carded if names.count(c.name) > 1), None)

    def us(self) -> str:
        return self.rng.choice(OWN_NAMES)


def write_linking_folder(outdir: Path | str, *, records: int = 300, images: int = 12, seed: int = 0) -> LinkingFolder:
    """``records`` files in ``outdir``/records (``images`` of them PNG/JPEG scans, the rest born-digital PDFs)."""
    if records < len(WEIGHTS) + 4:
        raise ValueError(f"a judged folder needs at least {len(WEIGHTS) + 4} records")
    rng = random.Random(f"linking:{seed}")
    cast = _Cast(SampleData(seed), rng, carded=max(4, records // 6), strangers=max(2, records // 30))
    papers = [_card(cast, c) for c in cast.carded]
    for kind, count in _kind_counts(records - len(papers)).items():
        papers += [_BUILDERS[kind](cast) for _ in range(count)]
    _lay_out(papers, rng)
    scannable = [i for i, p in enumerate(papers) if p.truth.kind in _SINGLE_PAGE and len(p.doc.pages) == 1]
    scanned = set(rng.sample(scannable, min(images, len(scannable))))
    folder = Path(outdir) / "records"
    folder.mkdir(parents=True, exist_ok=True)
    truth = [_write(folder, n, paper, scan=n in scanned, seed=rng.randrange(2**31)) for n, paper in enumerate(papers)]
    linking = LinkingFolder(folder, truth)
    linking.save(Path(outdir) / "truth.json")
    return linking


def _kind_counts(total: int) -> dict[str, int]:
    """One of each kind, the rest shared by weight (largest remainders first)."""
    counts = dict.fromkeys(WEIGHTS, 1)
    rest = total - len(WEIGHTS)
    weight_sum = sum(WEIGHTS.values())
    shares = {k: rest * w / weight_sum for k, w in WEIGHTS.items()}
    for kind, share in shares.items():
        counts[kind] += int(share)
    leftover = rest - sum(int(s) for s in shares.values())
    for kind in sorted(shares, key=lambda k: shares[k] - int(shares[k]), reverse=True)[:leftover]:
        counts[kind] += 1
    return counts


def _lay_out(papers: list[_Paper], rng: random.Random) -> None:
    """Shuffle, then push half the cards into the last quarter: files opened after their papers arrive."""
    rng.shuffle(papers)
    cards = [p for p in papers if p.truth.kind == "card" and rng.random() < 0.5]
    for card in cards:
        papers.remove(card)
        papers.insert(rng.randint(len(papers) * 3 // 4, len(papers)), card)


def _write(folder: Path, n: int, paper: _Paper, *, scan: bool, seed: int) -> LinkTruth:
    doc = paper.doc
    if scan:
        suffix = random.Random(seed).choice((".png", ".jpg"))
        name = f"scan_{n + 1:04d}{suffix}"
        style = random.Random(seed).choice(("sans", "serif", "hei"))
        page = degrade(render.render_pages(doc, dpi=200, style=style)[0], "light", seed)
        page.save(folder / name, **({"quality": 85} if suffix == ".jpg" else {"compress_level": 1}))
    else:
        name = f"doc_{n + 1:04d}.pdf"
        write_text_pdf(folder / name, doc)
    return dataclasses.replace(paper.truth, filename=name, scanned=scan)


# --- one builder per kind of paper -------------------------------------------------------------


def _paper(doc: SampleDoc, kind: str, customer_no: str | None, **truth: Any) -> _Paper:
    return _Paper(doc, LinkTruth("", kind, doc.doc_type, customer_no, **truth))


def _card(cast: _Cast, customer: Customer, kind: str = "card") -> _Paper:
    doc = render.archive_card(customer, seed=cast.rng.randrange(2**31))
    printed = {"customer_no": customer.customer_no, "name": customer.name,
               "id_number": customer.legal_rep.id_number}
    return _paper(doc, kind, customer.customer_no, printed=printed)


def _card_again(cast: _Cast) -> _Paper:
    """A second card of a customer (the form filled in again on another template): the file exists already."""
    return _card(cast, cast.customer(), "card_again")


def _contract(cast: _Cast, about: Customer, party_a: str, party_b: str, *, printed_no: str | None,
              party_style: str = "plain") -> SampleDoc:
    contract = dataclasses.replace(cast.data.contract(about), party_a=party_a, party_b=party_b)
    return numbered_contract(contract, printed_no=printed_no, party_style=party_style,
                             number_at=cast.rng.choice(("head", "head", "top")))


def _contract_printed(doc: SampleDoc) -> dict[str, str]:
    return {k: doc.fields[k] for k in ("customer_no", "party_a", "party_b") if doc.fields.get(k)}


def _contract_ours(cast: _Cast) -> _Paper:
    customer = cast.customer()
    doc = _contract(cast, customer, cast.us(), customer.name, printed_no=customer.customer_no)
    return _paper(doc, "contract_ours", customer.customer_no, printed=_contract_printed(doc))


def _contract_customer_first(cast: _Cast) -> _Paper:
    customer = cast.customer()
    doc = _contract(cast, customer, customer.name, cast.us(), printed_no=customer.customer_no)
    return _paper(doc, "contract_customer_first", customer.customer_no, printed=_contract_printed(doc))


def _contract_seller_buyer(cast: _Cast) -> _Paper:
    customer = cast.customer()
    style = cast.rng.choice(("seller_buyer", "role_first"))
    doc = _contract(cast, customer, cast.us(), customer.name, printed_no=customer.customer_no, party_style=style)
    return _paper(doc, "contract_seller_buyer", customer.customer_no, printed=_contract_printed(doc))


def _contract_cross(cast: _Cast) -> _Paper:
    """Two customers on file contract with each other; the number says whose file this copy is for."""
    customer, other = cast.companies(2)
    parties = (customer.name, other.name) if cast.rng.random() < 0.5 else (other.name, customer.name)
    doc = _contract(cast, customer, *parties, printed_no=customer.customer_no)
    return _paper(doc, "contract_cross", customer.customer_no, printed=_contract_printed(doc))


def _contract_not_on_file(cast: _Cast) -> _Paper:
    """Issue 13's wrong links: a number never opened, and 乙方 an existing customer."""
    stranger = cast.rng.choice(cast.strangers)
    (existing,) = cast.companies(1)
    party_a = stranger.name if cast.rng.random() < 0.6 else cast.us()
    doc = _contract(cast, stranger, party_a, existing.name, printed_no=stranger.customer_no)
    return _paper(doc, "contract_not_on_file", None, reasons=("customer_not_on_file",),
                  not_on_file=stranger.customer_no, printed=_contract_printed(doc))


def _other_paper(cast: _Cast, customer: Customer) -> SampleDoc:
    pick = cast.rng.randrange(3)
    if pick == 0:
        return render.complaint_doc(cast.data.complaint(customer))
    if pick == 1:
        return render.payment_doc(cast.data.payment(customer))
    return visit_doc(customer, cast.data, printed_no=customer.customer_no, id_number=None,
                     seed=cast.rng.randrange(2**31))


def _paper_not_on_file(cast: _Cast) -> _Paper:
    stranger = cast.rng.choice(cast.strangers)
    doc = _other_paper(cast, stranger)
    return _paper(doc, "paper_not_on_file", None, reasons=("customer_not_on_file",),
                  not_on_file=stranger.customer_no, printed={"customer_no": stranger.customer_no})


def _conflict(cast: _Cast) -> _Paper:
    """The page's number is X's, the ID number on it is Y's legal representative's."""
    stated, owner = cast.rng.sample(cast.carded, 2)
    doc = visit_doc(stated, cast.data, printed_no=stated.customer_no, id_number=owner.legal_rep.id_number,
                    seed=cast.rng.randrange(2**31))
    return _paper(doc, "conflict", None, reasons=("conflict",),
                  printed={"customer_no": stated.customer_no, "id_number": owner.legal_rep.id_number})


def _id_copy(cast: _Cast) -> _Paper:
    customer = cast.customer()
    note = f"本复印件仅供{customer.name}办理业务使用，再复印无效。" if cast.rng.random() < 0.5 else None
    doc = render.id_card_copy(customer.legal_rep, note=note, back=cast.rng.random() < 0.8,
                              seed=cast.rng.randrange(2**31))
    return _paper(doc, "id_copy", customer.customer_no, printed={"id_number": customer.legal_rep.id_number})


def _id_copy_stranger(cast: _Cast) -> _Paper:
    person = cast.data.person()
    doc = render.id_card_copy(person, seed=cast.rng.randrange(2**31))
    return _paper(doc, "id_copy_stranger", None, reasons=(ANY_REASON,), printed={"id_number": person.id_number})


def _name_only(cast: _Cast) -> _Paper:
    """Only the parties name the customer; a name two customers share links to neither."""
    namesake = cast.namesake()
    shared = namesake is not None and cast.rng.random() < 0.25
    customer = namesake if shared else cast.companies(1)[0]
    parties = (cast.us(), customer.name) if cast.rng.random() < 0.6 else (customer.name, cast.us())
    style = cast.rng.choice(("plain", "plain", "seller_buyer", "role_first"))
    doc = _contract(cast, customer, *parties, printed_no=None, party_style=style)
    if shared:
        return _paper(doc, "name_only_shared", None, reasons=("conflict", "name_suggestion"),
                      printed=_contract_printed(doc))
    return _paper(doc, "name_only", customer.customer_no, by_name=True, printed=_contract_printed(doc))


def _complaint(cast: _Cast) -> _Paper:
    customer = cast.customer()
    doc = render.complaint_doc(cast.data.complaint(customer))
    return _paper(doc, "complaint", customer.customer_no, printed={"customer_no": customer.customer_no})


def _payment(cast: _Cast) -> _Paper:
    customer = cast.customer()
    doc = render.payment_doc(cast.data.payment(customer))
    return _paper(doc, "payment", customer.customer_no, printed={"customer_no": customer.customer_no})


def _visit(cast: _Cast) -> _Paper:
    """A visit record; half of them also print the legal representative's ID number, agreeing."""
    customer = cast.customer()
    id_number = customer.legal_rep.id_number if cast.rng.random() < 0.5 else None
    doc = visit_doc(customer, cast.data, printed_no=customer.customer_no, id_number=id_number,
                    seed=cast.rng.randrange(2**31))
    return _paper(doc, "visit", customer.customer_no, printed=dict(doc.fields))


def _number_variant(cast: _Cast) -> _Paper:
    """ＫＨ－２０１８－００１２３ or KH 2018 00123: the same customer, typed differently."""
    customer = cast.customer()
    printed = spell_number(customer.customer_no, cast.rng.choice(("full_width", "spaced")))
    doc = with_printed_no(_other_paper(cast, customer), customer.customer_no, printed)
    return _paper(doc, "number_variant", customer.customer_no, printed={"customer_no": customer.customer_no})


_BUILDERS: dict[str, Callable[[_Cast], _Paper]] = {
    "contract_ours": _contract_ours, "contract_customer_first": _contract_customer_first,
    "contract_seller_buyer": _contract_seller_buyer, "contract_cross": _contract_cross,
    "contract_not_on_file": _contract_not_on_file, "paper_not_on_file": _paper_not_on_file, "conflict": _conflict,
    "id_copy": _id_copy, "id_copy_stranger": _id_copy_stranger, "name_only": _name_only, "complaint": _complaint,
    "payment": _payment, "visit": _visit, "number_variant": _number_variant, "card_again": _card_again,
}
