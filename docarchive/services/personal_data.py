"""Showing ID numbers: masked to everyone by default; in full only to the roles that may, when they ask, and
every time on the audit trail."""

from __future__ import annotations

from typing import Any

from docarchive.domain.audit import UNMASK
from docarchive.domain.errors import Forbidden, InvalidInput
from docarchive.domain.personal_data import REVEAL_ID_NUMBER, mask_personal_data, may_reveal
from docarchive.domain.principal import Principal
from docarchive.ports.audit import AuditLog
from docarchive.services.audit import audited


def shown(value: Any, *, reveal: bool = False) -> Any:
    """A response as it may leave the system: ID numbers masked unless `reveal` was granted."""
    return value if reveal else mask_personal_data(value)


def reveal_id_numbers(audit: AuditLog | None, principal: Principal, asked: str | None, *,
                      customer_no: str | None = None, document_id: str | None = None) -> bool:
    """Whether the response may show ID numbers in full: only when asked (`reveal=id_number`) by a role that
    may; an unmasking, or a refused attempt, is an audit event ("unmask")."""
    if not asked:
        return False
    with audited(audit, principal, UNMASK, customer_no=customer_no, document_id=document_id,
                 subject=REVEAL_ID_NUMBER):
        if asked != REVEAL_ID_NUMBER:
            raise InvalidInput(f"only {REVEAL_ID_NUMBER!r} can be revealed")
        if not may_reveal(principal.roles):
            raise Forbidden("your role may not see ID numbers in full")
    return True
