"""Customers: one file per customer (一户一档), each with a unique archive number assigned once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from docarchive.domain.documents import Confidentiality

DEFAULT_ARCHIVE_NO_FORMAT = "KH-{year}-{seq:06d}"


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


def customer_fields(customer: Customer) -> dict[str, Any]:
    """The editable fields of a customer, flat (attributes and profile): what the change log compares."""
    attributes = {"name": customer.name, "department": customer.department, "id_number": customer.id_number}
    return {**{k: v for k, v in attributes.items() if v}, **customer.profile}


def format_archive_no(template: str, year: int, seq: int) -> str:
    """Archive numbers come from a never-reused sequence, so a number is unique for all time."""
    return template.format(year=year, seq=seq)
