"""Customer ledgers (客户台账) as companies keep them in Excel: columns ⇄ profile fields.

A ledger's headers vary from company to company (客户名称, 公司名称, 名称 …); each column is one of the
ledger fields below, known by its synonyms. A row becomes the raw fields domain/profile.py validates, and
a validation error points back to the column it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from docarchive.domain.personal_data import ID_NUMBER_FIELDS, MASK
from docarchive.domain.regions import REGION_PARTS as _REGION_PARTS
from docarchive.domain.regions import split_region

# Ledger field → header synonyms; the first is the header an export writes.
COLUMNS: dict[str, tuple[str, ...]] = {
    "customer_no": ("客户编号", "客户号", "客户代码", "编号"),
    "name": ("客户名称", "公司名称", "单位名称", "名称", "客户"),
    "type": ("客户类型", "类型", "性质"),
    "role": ("客户角色", "渠道类型", "角色"),
    "industry": ("所属行业", "行业"),
    "region": ("地区", "所在地区", "区域"),
    "province": ("省", "省份", "所在省份"),
    "city": ("市", "城市", "所在城市"),
    "district": ("区", "区县", "县区"),
    "address": ("地址", "详细地址", "通讯地址", "注册地址"),
    "legal_representative": ("法定代表人", "法人代表", "法人"),
    "contact_name": ("联系人", "联系人姓名"),
    "contact_title": ("联系人职务", "职务"),
    "contact_phone": ("联系电话", "电话", "手机", "手机号", "联系方式"),
    "contact_email": ("电子邮箱", "邮箱", "email", "e-mail"),
    "registered_capital": ("注册资本", "注册资金"),
    "tax_number": ("统一社会信用代码", "信用代码", "税号", "纳税人识别号"),
    "bank_account": ("开户行及账号", "银行账号", "开户账号"),
    "founded_on": ("成立日期", "成立时间"),
    "first_trade_on": ("首次交易日期", "首次合作日期", "合作开始日期"),
    "grade": ("客户等级", "等级"),
    "status": ("客户状态", "状态"),
    "value": ("价值评分", "客户价值"),
    "potential": ("潜力评分", "发展潜力", "潜力"),
    "loyalty": ("忠诚度",),
    "credit_rating": ("信用等级", "信用评级"),
    "evaluated_on": ("评估日期",),
    "account_manager": ("客户经理", "业务员", "负责人"),
    "department": ("所属部门", "部门"),
    "id_number": ("身份证号码", "身份证号"),
}
_EVALUATION_PARTS = ("value", "potential", "loyalty", "credit_rating", "evaluated_on")
_CONTACT_PARTS = {"contact_name": "name", "contact_title": "title", "contact_phone": "phones", "contact_email": "email"}
_HEADER_NOISE = re.compile(r"[\s*＊:：]")
_UNIT = re.compile(r"[(（]([^)）]*)[)）]")
_PHONE_SEPARATORS = re.compile(r"[/,，;；、]+")
_UNNAMED_CONTACT = "联系人"
_LOOKUP = {synonym.lower(): field for field, synonyms in COLUMNS.items() for synonym in synonyms}


@dataclass(frozen=True)
class Column:
    index: int  # 0-based position in the sheet
    header: str  # as written
    field: str  # ledger field
    scale: int = 1  # 10000 when the header says the figures are in 万元

    @property
    def letter(self) -> str:
        n, letters = self.index + 1, ""
        while n:
            n, rest = divmod(n - 1, 26)
            letters = chr(65 + rest) + letters
        return letters


def map_headers(headers: list[Any]) -> tuple[list[Column], list[str]]:
    """The columns recognised in a header row, and the headers ignored (unknown, or a repeat of a field)."""
    columns, ignored, seen = [], [], set()
    for index, raw in enumerate(headers):
        header = "" if raw is None else str(raw).strip()
        cleaned = _HEADER_NOISE.sub("", unicodedata.normalize("NFKC", header))
        unit = _UNIT.search(cleaned)
        field = _LOOKUP.get(_UNIT.sub("", cleaned).lower())
        if field is None or field in seen:
            if header:
                ignored.append(header)
            continue
        seen.add(field)
        columns.append(Column(index, header, field, 10_000 if unit and "万" in unit.group(1) else 1))
    return columns, ignored


def row_fields(columns: list[Column], cells: tuple[Any, ...]) -> dict[str, Any]:
    """A row as raw ledger values: blank cells are left out (an import never clears a field), and so are
    masked ID numbers (`110105********1234`, as an export writes them): they say nothing new."""
    values = {}
    for column in columns:
        value = cells[column.index] if column.index < len(cells) else None
        if value is None or (isinstance(value, str) and not value.strip()) or _masked(column, value):
            continue
        if column.scale != 1 and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = value * column.scale
        values[column.field] = value.strip() if isinstance(value, str) else value
    return values


def to_profile_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Ledger values → the raw customer fields domain/profile.py validates (nested ones assembled)."""
    fields = {k: v for k, v in values.items()
              if k not in (*_REGION_PARTS, *_EVALUATION_PARTS, *_CONTACT_PARTS, "region")}
    region = split_region(values["region"]) if "region" in values else {}
    region |= {part: values[part] for part in _REGION_PARTS if part in values}
    if region:
        fields["region"] = region
    evaluation = {part: values[part] for part in _EVALUATION_PARTS if part in values}
    if evaluation:
        fields["evaluation"] = evaluation
    contact = {key: values[column] for column, key in _CONTACT_PARTS.items() if column in values}
    if contact:
        if "phones" in contact:
            contact["phones"] = [p for p in _PHONE_SEPARATORS.split(str(contact["phones"])) if p.strip()]
        # Many ledgers have a phone column but no contact column: the phone is then the legal representative's.
        contact.setdefault("name", values.get("legal_representative") or _UNNAMED_CONTACT)
        fields["contacts"] = [contact]
    return fields


def column_of(error_path: str, columns: list[Column]) -> Column | None:
    """The column a validation error on `error_path` (e.g. contacts[0].phones[1], region.city) came from."""
    by_field = {column.field: column for column in columns}
    root = re.split(r"[.\[]", error_path, maxsplit=1)[0]
    leaf = re.sub(r"\[\d+\]", "", error_path).split(".")[-1]
    candidates = {
        "contacts": [f"contact_{leaf}" if leaf != "phones" else "contact_phone", "contact_name"],
        "region": [leaf, "region"],
        "evaluation": [leaf],
    }.get(root, [root])
    return next((by_field[name] for name in candidates if name in by_field), None)


def ledger_row(fields: dict[str, Any]) -> dict[str, Any]:
    """A customer's flat fields (domain/profile.py shape) → ledger values, for export."""
    row = {k: v for k, v in fields.items() if k in COLUMNS and not isinstance(v, (dict, list))}
    row |= {part: value for part, value in (fields.get("region") or {}).items()}
    row |= {part: value for part, value in (fields.get("evaluation") or {}).items()}
    contacts = fields.get("contacts") or []
    if contacts:
        first = contacts[0]
        row |= {"contact_name": first.get("name"), "contact_title": first.get("title"),
                "contact_phone": "/".join(first.get("phones", [])) or None, "contact_email": first.get("email")}
    return row


def merge_contacts(current: list[dict[str, Any]], given: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An imported contact replaces the one of the same name and is added otherwise: other contacts stay."""
    merged = list(current)
    for contact in given:
        same = [n for n, c in enumerate(merged) if c.get("name") == contact.get("name")]
        if same:
            merged[same[0]] = {**merged[same[0]], **contact}
        else:
            merged.append(contact)
    return merged


def _masked(column: Column, value: Any) -> bool:
    return column.field in ID_NUMBER_FIELDS and isinstance(value, str) and MASK in value
