"""Customers: one file per customer (一户一档), each with a unique archive number assigned once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from docarchive.domain.documents import Confidentiality
from docarchive.domain.principal import Principal

DEFAULT_ARCHIVE_NO_FORMAT = "KH-{year}-{seq:06d}"
# Who keeps a file they open, unless they name someone: 个人级客户档案由销售人员负责管理 — staff, managers and
# directors keep what they open; an archivist opens files for others, so names the keeper or leaves it empty.
_KEEPERS = ("staff", "manager", "director")


@dataclass
class Customer:
    customer_no: str
    name: str = ""
    archive_no: str = ""
    id_number: str | None = None
    profile: dict[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    confidentiality: Confidentiality = Confidentiality.NONE
    owner: str = ""
    department: str = ""
    version: int = 1
    consents: list[dict[str, Any]] = field(default_factory=list)  # domain/consent.py, oldest first


@dataclass(frozen=True)
class CustomerHeading:
    """What a page of search hits shows of a customer (the name) and checks access by (keeper, department)."""

    customer_no: str
    name: str
    owner: str
    department: str


def customer_fields(customer: Customer) -> dict[str, Any]:
    """The editable fields of a customer, flat (attributes and profile): what the change log compares."""
    attributes = {"name": customer.name, "owner": customer.owner, "department": customer.department,
                  "id_number": customer.id_number}
    return {**{k: v for k, v in attributes.items() if v}, **customer.profile}


def format_archive_no(template: str, year: int, seq: int) -> str:
    """Archive numbers come from a never-reused sequence, so a number is unique for all time."""
    return template.format(year=year, seq=seq)


def default_keeper(principal: Principal, fields: dict[str, Any]) -> dict[str, Any]:
    """`fields` of a new customer with its owner and department defaulted to the creating principal's,
    when they keep what they open and did not name them (given values, empty ones included, stay)."""
    if "archivist" in principal.roles or not set(principal.roles) & set(_KEEPERS):
        return fields
    return {"owner": principal.user, "department": principal.department, **fields}
