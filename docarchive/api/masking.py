"""Every JSON response leaves with its ID numbers masked (`110105********1234`): the app's default response
class masks whatever a route returns, so no route can forget to. A route that was granted an unmasking
(services/personal_data.reveal_id_numbers) answers with RevealedJSONResponse instead."""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import JSONResponse

from docarchive.domain.personal_data import rendered_may_hold_id_numbers
from docarchive.services.personal_data import shown


class MaskedJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        rendered = _json(content)
        if rendered_may_hold_id_numbers(rendered):  # most answers hold none: rendered once, as they are
            rendered = _json(shown(content))
        return rendered.encode("utf-8")


class RevealedJSONResponse(JSONResponse):
    """ID numbers in full: only after reveal_id_numbers said yes (and audited it)."""


def _json(content: Any) -> str:
    """As JSONResponse renders (UTF-8 text, no NaN, compact), before encoding."""
    return json.dumps(content, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":"))


def answer(content: Any, *, reveal: bool) -> JSONResponse:
    return RevealedJSONResponse(content) if reveal else MaskedJSONResponse(content)
