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
        return principal_for(request.headers.get(USER_HEADER))
    except ValueError as exc:
        raise InvalidInput(f"{USER_HEADER}: {exc}") from exc
