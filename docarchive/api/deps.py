from urllib.parse import unquote

from fastapi import Request

from docarchive.bootstrap import Container
from docarchive.domain.errors import InvalidInput
from docarchive.domain.principal import Principal, principal_for

# Sign-in is not built yet; until it is, a trusted front end (or the user) names the acting user in this header,
# so every change already records who made it.
USER_HEADER = "X-Docarchive-User"


def container(request: Request) -> Container:
    return request.app.state.container


def principal(request: Request) -> Principal:
    try:
        return principal_for(_header_text(request.headers.get(USER_HEADER)))
    except ValueError as exc:
        raise InvalidInput(f"{USER_HEADER}: {exc}") from exc


def _header_text(value: str | None) -> str | None:
    """User names are mostly Chinese, and header values are bytes read as Latin-1: accept them percent-encoded
    (what browsers' fetch requires) or as raw UTF-8."""
    if value is None:
        return None
    try:
        value = value.encode("latin-1").decode("utf-8")
    except UnicodeError as exc:
        raise ValueError("not UTF-8 text") from exc
    return unquote(value, errors="strict")
