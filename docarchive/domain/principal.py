"""Who is acting. Every service call receives one, so access control and audit have one seam."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Principal:
    user: str
    roles: tuple[str, ...] = ()
    department: str = ""


LOCAL_ARCHIVIST = Principal(user="local", roles=("archivist",))
