"""Who is acting. Every service call receives one, so access control and audit have one seam."""

from dataclasses import dataclass
from datetime import datetime

MAX_USER_LENGTH = 64


@dataclass(frozen=True)
class Grant:
    """An approved, time-boxed request: reading a record (秘密/机密) or a customer of another department,
    changing a file or record, moving a record out of its confidential volume."""

    kind: str  # "record" | "customer" | "change" | "move_out"
    subject: str  # document id or customer number
    user: str
    until: datetime
    approval_id: str = ""


@dataclass(frozen=True)
class Principal:
    user: str
    roles: tuple[str, ...] = ()
    department: str = ""
    grants: tuple[Grant, ...] = ()  # live approved requests, resolved with the sign-in


LOCAL_ARCHIVIST = Principal(user="local", roles=("archivist",))


def principal_for(user: str | None) -> Principal:
    """The acting principal for a user name given by a front end; none given means the local archivist."""
    if user is None or not user.strip():
        return LOCAL_ARCHIVIST
    name = user.strip()
    if len(name) > MAX_USER_LENGTH or any(not ch.isprintable() for ch in name):
        raise ValueError(f"user name must be at most {MAX_USER_LENGTH} printable characters")
    return Principal(user=name, roles=("archivist",))
