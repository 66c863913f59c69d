"""The customer profile (客户档案卡) as validated data: what each field may hold, and one clear reason per bad field.

A profile is a plain dict with snake_case English keys, so both record stores keep it as it is and other
features read it by key (`customer.profile.get("type")`). Values come in as people write them (客户等级 "B级",
类型 "企业", 注册资本 "500万") and leave in one canonical form.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Callable

from docarchive.domain import idnumber, uscc
from docarchive.domain.amounts import parse_amount
from docarchive.domain.dates import parse_date
from docarchive.domain.errors import InvalidInput
from docarchive.domain.phones import normalize_email, normalize_phone
from docarchive.domain.regions import split_region

# Canonical value → the words a ledger or form may use for it.
TYPES = {"enterprise": ("企业", "公司", "单位"), "individual": ("个人", "自然人"),
         "government": ("政府", "机关", "事业单位", "政府机关"), "partner": ("合作伙伴", "伙伴")}
ROLES = {"dealer": ("经销商", "代理商", "渠道"), "end_customer": ("终端客户", "终端", "直销客户", "最终用户")}
STATUSES = {"prospect": ("潜在", "潜在客户", "意向客户"), "active": ("合作中", "活跃", "正常", "现有客户"),
            "former": ("已终止", "终止", "流失", "前客户", "停止合作")}
GRADES = "ABCDE"
SCORE_RANGE = (1, 5)  # evaluation scores: value, potential, loyalty
_CREDIT_RATING = re.compile(r"^(?:A{1,3}|B{1,3}|C{1,3}|D)[+-]?$")
MAX_CONTACTS = 20
MAX_PHONES = 5

CUSTOMER_ATTRIBUTES = ("name", "owner", "department", "id_number")  # kept on Customer itself, not in the profile


class ProfileInvalid(InvalidInput):
    """One or more fields are wrong; `errors` maps each field (path) to its reason."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(sorted(errors.items()))
        super().__init__("invalid fields: " + "; ".join(f"{key}: {why}" for key, why in self.errors.items()))


class _Bad(Exception):
    def __init__(self, errors: dict[str, str] | str):
        self.errors = {"": errors} if isinstance(errors, str) else errors


def validate_fields(raw: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalize customer fields (attributes and profile keys); None or "" clears a field."""
    cleaned, errors = {}, {}
    for key, value in raw.items():
        validator = _VALIDATORS.get(key)
        if validator is None:
            errors[key] = "unknown field"
            continue
        if _blank(value):
            cleaned[key] = None
            continue
        try:
            cleaned[key] = validator(value)
        except _Bad as bad:
            errors.update({_join(key, path): why for path, why in bad.errors.items()})
    if errors:
        raise ProfileInvalid(errors)
    return cleaned


def split_fields(cleaned: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(Customer attributes, profile fields) of validated fields."""
    attributes = {k: v for k, v in cleaned.items() if k in CUSTOMER_ATTRIBUTES}
    return attributes, {k: v for k, v in cleaned.items() if k not in CUSTOMER_ATTRIBUTES}


def apply_profile(profile: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The profile after `changes`: a value replaces the field, None removes it."""
    merged = {**profile, **changes}
    return {key: value for key, value in merged.items() if value is not None}


def lenient_profile(raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Validate field by field, keeping the good ones: for values read by OCR, where a bad one is dropped."""
    kept, dropped = {}, {}
    for key, value in raw.items():
        try:
            kept.update(validate_fields({key: value}))
        except ProfileInvalid as invalid:
            dropped.update(invalid.errors)
    return {k: v for k, v in kept.items() if v is not None}, dropped


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == [] or value == {}


def _join(key: str, path: str) -> str:
    if not path:
        return key
    return f"{key}{path}" if path.startswith("[") else f"{key}.{path}"


def _text(max_length: int) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise _Bad("must be text")
        text = " ".join(unicodedata.normalize("NFKC", str(value)).split())
        if len(text) > max_length:
            raise _Bad(f"at most {max_length} characters")
        return text

    return check


def _choice(choices: dict[str, tuple[str, ...]]) -> Callable[[Any], str]:
    lookup = {word: key for key, words in choices.items() for word in (key, *words)}

    def check(value: Any) -> str:
        word = _text(32)(value).lower().replace(" ", "_")
        if word not in lookup:
            raise _Bad(f"must be one of {', '.join(choices)}")
        return lookup[word]

    return check


def _grade(value: Any) -> str:
    grade = _text(8)(value).upper().removesuffix("级").removesuffix("類").removesuffix("类").strip()
    if len(grade) != 1 or grade not in GRADES:
        raise _Bad("must be a grade from A to E")
    return grade


def _date(value: Any) -> str:
    if hasattr(value, "isoformat"):  # a date or datetime, e.g. from a spreadsheet cell
        return value.isoformat()[:10]
    found = parse_date(_text(32)(value))
    if found is None:
        raise _Bad("must be a real date such as 2023-05-06")
    return found.isoformat()


def _phone(value: Any) -> str:
    phone = normalize_phone(_text(32)(value))
    if phone is None:
        raise _Bad("must be a mobile number (1[3-9] + 9 digits) or a landline with its area code (021-65432100)")
    return phone


def _email(value: Any) -> str:
    email = normalize_email(_text(120)(value))
    if email is None:
        raise _Bad("must be an e-mail address such as name@example.com")
    return email


def _tax_number(value: Any) -> str:
    code = uscc.normalize(_text(32)(value))
    why = uscc.problem(code)
    if why:
        raise _Bad(f"unified social credit code {why}")
    return code


def _id_number(value: Any) -> str:
    parsed = idnumber.parse(_text(32)(value))
    if len(parsed.value) != 18:
        raise _Bad("ID number must be 18 characters")
    if not parsed.valid:
        raise _Bad("ID number check character or birth date is wrong")
    return parsed.value


def _money(value: Any) -> float | int:
    amount = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if amount is None:
        amount = parse_amount(_text(64)(value))
    if amount is None or amount < 0:
        raise _Bad("must be an amount in yuan, such as 5000000 or 500万")
    return amount


def _score(value: Any) -> int:
    low, high = SCORE_RANGE
    try:
        score = int(str(value).strip())
    except ValueError:
        raise _Bad(f"must be a whole number from {low} to {high}") from None
    if not low <= score <= high:
        raise _Bad(f"must be a whole number from {low} to {high}")
    return score


def _credit_rating(value: Any) -> str:
    rating = _text(8)(value).upper()
    if not _CREDIT_RATING.match(rating):
        raise _Bad("must be a rating such as AAA, AA+, BBB, C or D")
    return rating


def _record(validators: dict[str, Callable[[Any], Any]], *, required: tuple[str, ...] = ()):
    """A validator for a small object whose keys each have their own validator."""

    def check(value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _Bad("must be an object with " + ", ".join(validators))
        cleaned, errors = {}, {}
        for key in required:
            if _blank(value.get(key)):
                errors[key] = "is required"
        for key, item in value.items():
            if key not in validators:
                errors[key] = "unknown field"
            elif not _blank(item):
                try:
                    cleaned[key] = validators[key](item)
                except _Bad as bad:
                    errors.update({_join(key, path): why for path, why in bad.errors.items()})
        if errors:
            raise _Bad(errors)
        return cleaned

    return check


def _list_of(validator: Callable[[Any], Any], max_items: int):
    def check(value: Any) -> list[Any]:
        items = value if isinstance(value, list) else [value]
        if len(items) > max_items:
            raise _Bad(f"at most {max_items} entries")
        cleaned, errors = [], {}
        for n, item in enumerate(items):
            try:
                cleaned.append(validator(item))
            except _Bad as bad:
                errors.update({_join(f"[{n}]", path): why for path, why in bad.errors.items()})
        if errors:
            raise _Bad(errors)
        return cleaned

    return check


_REGION = _record({"province": _text(32), "city": _text(32), "district": _text(32)})


def _region(value: Any) -> dict[str, str]:
    """An object, or text such as 浙江省杭州市西湖区 / 上海市 浦东新区."""
    return _REGION(split_region(_text(100)(value)) if isinstance(value, str) else value)


_CONTACT = _record(
    {"name": _text(64), "title": _text(64), "phones": _list_of(_phone, MAX_PHONES), "email": _email},
    required=("name",),
)
_VALIDATORS: dict[str, Callable[[Any], Any]] = {
    "name": _text(200),
    "owner": _text(64),  # the user who keeps the file (its account manager's sign-in name)
    "department": _text(64),
    "id_number": _id_number,
    "type": _choice(TYPES),
    "role": _choice(ROLES),
    "industry": _text(64),
    "region": _region,
    "address": _text(200),
    "legal_representative": _text(64),
    "contacts": _list_of(_CONTACT, MAX_CONTACTS),
    "registered_capital": _money,
    "tax_number": _tax_number,
    "bank_account": _text(100),
    "founded_on": _date,
    "first_trade_on": _date,
    "grade": _grade,
    "status": _choice(STATUSES),
    "evaluation": _record({"value": _score, "potential": _score, "loyalty": _score,
                           "credit_rating": _credit_rating, "evaluated_on": _date}),
    "account_manager": _text(64),
}
FIELDS = tuple(_VALIDATORS)
