"""Fake but plausible customers, people and contracts, reproducible from a seed.

Everything goes through one ``random.Random`` so the same seed always yields the same archive.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from docarchive.domain.idnumber import check_char
from docarchive.samples import _clauses, _vocab
from docarchive.samples._vocab import Region

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿", "万亿")


@dataclass(frozen=True)
class Person:
    name: str
    sex: str  # "男" / "女", agrees with the parity of the ID number's 17th digit
    ethnicity: str
    birth_date: date
    address: str
    id_number: str
    id_valid: bool  # False only when the check character was deliberately spoiled
    mobile: str
    police: str  # 签发机关
    valid_from: date
    valid_to: date | None  # None means 长期 (long-term)


@dataclass(frozen=True)
class Contact:
    name: str
    position: str
    phone: str


@dataclass(frozen=True)
class Customer:
    customer_no: str
    name: str
    legal_rep: Person
    phone: str  # 联系电话: a landline "021-65432100" or a mobile
    mobile: str  # 手机
    address: str
    industry: str
    grade: str
    registered_capital: int  # yuan; always whole 万元
    created_date: date
    contacts: tuple[Contact, ...]
    remarks: str
    region: Region


@dataclass(frozen=True)
class Contract:
    contract_no: str
    title: str
    party_a: str  # the customer
    party_b: str
    role_a: str
    role_b: str
    amount: int | float  # int when whole yuan
    sign_date: date
    sign_place: str
    subject: str
    clauses: tuple[tuple[str, tuple[str, ...]], ...]  # filled in; "{amount_line}" still marks the amount line
    customer_no: str


@dataclass(frozen=True)
class Complaint:
    record_no: str
    customer: Customer
    date: date
    channel: str
    contact: str
    content: str
    resolution: str
    handler: str
    manager: str


@dataclass(frozen=True)
class Payment:
    voucher_no: str
    customer: Customer
    date: date
    purpose: str
    amount: int | float
    method: str
    payee: str  # 收款人
    accountant: str
    cashier: str


def amount_in_words(amount: int | float | Decimal) -> str:
    """Financial capitals (大写金额): 125000 → 壹拾贰万伍仟元整, 1234.56 → 壹仟贰佰叁拾肆元伍角陆分."""
    cents = int(Decimal(str(amount)).quantize(Decimal("0.01"), ROUND_HALF_UP) * 100)
    yuan, rest = divmod(cents, 100)
    jiao, fen = divmod(rest, 10)
    words = _integer_words(yuan) + "元" if yuan or not rest else ""
    if jiao:
        words += _DIGITS[jiao] + "角"
    elif fen and yuan:
        words += "零"  # 100.05 → 壹佰元零伍分
    if fen:
        return words + _DIGITS[fen] + "分"
    return words + "整"  # 整 only when the amount stops at 元 or 角


def _integer_words(n: int) -> str:
    if n == 0:
        return "零"
    groups = []
    while n:
        n, group = divmod(n, 10000)
        groups.append(group)
    words, gap = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            gap = bool(words)
            continue
        if words and (gap or group < 1000):
            words += "零"  # a zero run across a 万/亿 boundary is read once
        words += _group_words(group) + _BIG_UNITS[index]
        gap = False
    return words


def _group_words(group: int) -> str:
    """One 4-digit group without its leading zeros; inner zero runs collapse to one 零."""
    words, pending_zero = "", False
    for power in range(3, -1, -1):
        digit = group // 10**power % 10
        if digit == 0:
            pending_zero = bool(words)
            continue
        words += ("零" if pending_zero else "") + _DIGITS[digit] + _SMALL_UNITS[power]
        pending_zero = False
    return words


def format_amount(amount: int | float) -> str:
    """125000 → "125,000.00", as written after 人民币."""
    return f"{Decimal(str(amount)).quantize(Decimal('0.01'), ROUND_HALF_UP):,}"


def cn_date(value: date) -> str:
    """2019-03-15 → "2019年3月15日" (no leading zeros, as people write it)."""
    return f"{value.year}年{value.month}月{value.day}日"


class SampleData:
    """The seeded source of every fake value."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)
        self._issued: set[str] = set()  # customer numbers and company names must not repeat in one archive

    def _fresh(self, make: Callable[[], str]) -> str:
        value = make()
        while value in self._issued:
            value = make()
        self._issued.add(value)
        return value

    # --- people -------------------------------------------------------------------
    def person_name(self, sex: str) -> str:
        pool = _vocab.GIVEN_MALE if sex == "男" else _vocab.GIVEN_FEMALE
        surname = self._weighted_surname()
        given = "".join(self.rng.choice(pool) for _ in range(self.rng.choice((1, 2, 2))))
        return surname + given

    def _weighted_surname(self) -> str:
        # Favour the front of the list: common surnames dominate real registers.
        index = int(len(_vocab.SURNAMES) * self.rng.random() ** 2)
        return _vocab.SURNAMES[index]

    def id_number(self, region: Region, birth: date, sex: str, *, valid: bool = True) -> str:
        sequence = self.rng.randrange(0, 500) * 2 + (sex == "男")  # odd 17th digit: male
        first17 = f"{region.code}{birth:%Y%m%d}{sequence:03d}"
        check = check_char(first17)
        if not valid:
            check = self.rng.choice([c for c in "0123456789X" if c != check])
        return first17 + check

    def mobile(self) -> str:
        return f"1{self.rng.randint(3, 9)}{self.rng.randrange(10**9):09d}"

    def landline(self, region: Region) -> str:
        return f"{region.area_code}-{self.rng.randint(2, 8)}{self.rng.randrange(10**7):07d}"

    def street_address(self, region: Region) -> str:
        """Province/city/district/road/number; municipalities skip the province."""
        road = self.rng.choice(region.roads)
        return f"{region.province}{region.city}{region.district}{road}{self.rng.randint(1, 1999)}号"

    def home_address(self, region: Region) -> str:
        base = f"{region.province}{region.city}{region.district}{self.rng.choice(region.roads)}{self.rng.randint(1, 999)}"
        room = f"{self.rng.randint(1, 20)}0{self.rng.randint(1, 4)}室"
        if region.province or self.rng.random() < 0.5:  # keeps province addresses to two card lines
            return f"{base}弄{self.rng.randint(1, 80)}号{room}"
        estate = self.rng.choice(_vocab.ESTATES) + self.rng.choice(_vocab.RESIDENCES)
        return f"{base}号{estate}{self.rng.randint(1, 30)}栋{room}"

    def date_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def person(self, *, region: Region | None = None, invalid_id: bool = False) -> Person:
        region = region or self.rng.choice(_vocab.REGIONS)
        sex = self.rng.choice("男女")
        birth = self.date_between(date(1958, 1, 1), date(1999, 12, 31))
        valid_from = self.date_between(date(2008, 1, 1), date(2023, 12, 31))
        return Person(
            name=self.person_name(sex),
            sex=sex,
            ethnicity=self.rng.choice(_vocab.ETHNICITIES),
            birth_date=birth,
            address=self.home_address(region),
            id_number=self.id_number(region, birth, sex, valid=not invalid_id),
            id_valid=not invalid_id,
            mobile=self.mobile(),
            police=region.police,
            valid_from=valid_from,
            valid_to=_id_expiry(birth, valid_from),
        )

    # --- companies ------------------------------------------------------------------
    def company_name(self, region: Region, industry: str) -> str:
        """上海华东机电设备有限公司: city + brand + industry word + legal form."""
        words = _vocab.INDUSTRIES[industry]
        suffix = "股份有限公司" if self.rng.random() < 0.2 else "有限公司"
        return region.city.removesuffix("市") + self.rng.choice(_vocab.BRANDS) + self.rng.choice(words) + suffix

    def customer_no(self, year: int) -> str:
        return f"KH-{year}-{self.rng.randint(1, 9999):05d}"

    def contract_no(self, year: int) -> str:
        return f"HT-{year}-{self.rng.randint(1, 9999):04d}"

    def amount(self) -> int | float:
        """Mostly round sums; one in four carries cents, as invoices do."""
        if self.rng.random() < 0.25:
            return round(self.rng.randint(1_000_000, 99_999_999) / 100, 2)
        return self.rng.randint(4, 400) * 5000

    def customer(self, *, invalid_id: bool = False) -> Customer:
        region = self.rng.choice(_vocab.REGIONS)
        industry = self.rng.choice(list(_vocab.INDUSTRIES))
        created = self.date_between(date(2010, 1, 1), date(2024, 6, 30))
        return Customer(
            customer_no=self._fresh(lambda: self.customer_no(created.year)),
            name=self._fresh(lambda: self.company_name(region, industry)),
            legal_rep=self.person(region=region, invalid_id=invalid_id),
            phone=self.landline(region) if self.rng.random() < 0.7 else self.mobile(),
            mobile=self.mobile(),
            address=self.street_address(region),
            industry=industry,
            grade=self.rng.choice(_vocab.GRADES),
            registered_capital=self.rng.choice(_vocab.CAPITALS_WAN) * 10_000,
            created_date=created,
            contacts=tuple(self._contact() for _ in range(self.rng.randint(2, 3))),
            remarks="".join(self.rng.sample(_vocab.REMARKS, 2)).format(year=created.year),
            region=region,
        )

    def _contact(self) -> Contact:
        name = self.person_name(self.rng.choice("男女"))
        return Contact(name, self.rng.choice(_vocab.POSITIONS), self.mobile())

    # --- papers about a customer ------------------------------------------------------
    def contract(self, customer: Customer) -> Contract:
        kind = self.rng.choice(_clauses.KINDS)
        sign = self.date_between(customer.created_date, customer.created_date + timedelta(days=900))
        subject = self.rng.choice(kind.subjects)
        values = {
            "subject": subject, "place": customer.address, "days": self.rng.choice((15, 20, 30, 45, 60)),
            "check_days": self.rng.choice((5, 7, 10)), "pay_days": self.rng.choice((5, 7, 10, 15)),
            "warranty": self.rng.choice((12, 18, 24)), "months": self.rng.choice((6, 12, 24, 36)),
            "amount_line": "{amount_line}",
        }
        clauses = tuple((head, tuple(p.format(**values) for p in body)) for head, body in kind.clauses)
        other_region = self.rng.choice(_vocab.REGIONS)
        other = self._fresh(lambda: self.company_name(other_region, self.rng.choice(("制造业", "信息技术"))))
        return Contract(
            contract_no=self.contract_no(sign.year), title=kind.title, party_a=customer.name, party_b=other,
            role_a=kind.role_a, role_b=kind.role_b, amount=self.amount(), sign_date=sign,
            sign_place=customer.region.city + customer.region.district, subject=subject, clauses=clauses,
            customer_no=customer.customer_no,
        )

    def complaint(self, customer: Customer) -> Complaint:
        when = self.date_between(customer.created_date, customer.created_date + timedelta(days=1200))
        pick = self.rng.randrange(len(_vocab.COMPLAINTS))
        return Complaint(
            record_no=f"TS-{when.year}-{self.rng.randint(1, 999):03d}", customer=customer, date=when,
            channel=self.rng.choice(_vocab.COMPLAINT_CHANNELS), contact=customer.contacts[0].name,
            content=_vocab.COMPLAINTS[pick], resolution=_vocab.RESOLUTIONS[pick],
            handler=self.person_name(self.rng.choice("男女")), manager=self.person_name(self.rng.choice("男女")),
        )

    def payment(self, customer: Customer) -> Payment:
        when = self.date_between(customer.created_date, customer.created_date + timedelta(days=1200))
        return Payment(
            voucher_no=f"SK{when:%Y%m%d}{self.rng.randint(1, 99):03d}", customer=customer, date=when,
            purpose=self.rng.choice(_vocab.PAYMENT_PURPOSES), amount=self.amount(),
            method=self.rng.choice(_vocab.PAYMENT_METHODS), payee=self.person_name(self.rng.choice("男女")),
            accountant=self.person_name(self.rng.choice("男女")), cashier=self.person_name(self.rng.choice("男女")),
        )


def _id_expiry(birth: date, issued: date) -> date | None:
    """Cards last 5/10/20 years by age at issue; from 46 on they are 长期."""
    age = (issued - birth).days // 365
    if age >= 46:
        return None
    years = 5 if age < 16 else 10 if age <= 25 else 20
    try:
        return issued.replace(year=issued.year + years)
    except ValueError:  # issued on 29 February
        return issued.replace(year=issued.year + years, day=28)
