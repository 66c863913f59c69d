"""Every JSON response leaves with its ID numbers masked (`110105********1234`): the app's default response
class masks whatever a route returns, so no route can forget to. A route that was granted an unmasking
(services/personal_data.reveal_id_numbers) answers with RevealedJSONResponse instead."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from docarchive.services.personal_data import shown


class MaskedJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return super().render(shown(content))


class RevealedJSONResponse(JSONResponse):
    """ID numbers in full: only after reveal_id_numbers said yes (and audited it)."""


def answer(content: Any, *, reveal: bool) -> JSONResponse:
    return RevealedJSONResponse(content) if reveal else MaskedJSONResponse(content)
