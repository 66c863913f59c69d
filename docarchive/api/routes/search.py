"""/api/search and /api/suggest: what staff type, parsed into our query model, answered by the index."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.api.masking import MaskedJSONResponse
from docarchive.api.schemas.search import OPENAPI, search_params
from docarchive.bootstrap import Container
from docarchive.domain.principal import Principal
from docarchive.search.query import parse_query
from docarchive.services.search import search_records, suggest_customers

router = APIRouter(prefix="/api", tags=["search"])
Deps = Annotated[Container, Depends(get_container)]
Acting = Annotated[Principal, Depends(get_principal)]


@router.get("/search", openapi_extra=OPENAPI)
def search(request: Request, container: Deps, principal: Acting):
    params = search_params(request.query_params)
    query = parse_query(params.q, customer_no=params.customer_no, doc_type=params.doc_type, year=params.year,
                        grade=params.grade, category=params.category, date_from=params.date_from,
                        date_to=params.date_to)
    found = search_records(index=container.index, records=container.records, hasher=container.hasher,
                           principal=principal, query=query, page=params.page, size=params.size, sort=params.sort,
                           audit=container.audit, query_text=params.q)
    # A response, not the dict: FastAPI would walk the page of hits through jsonable_encoder first (~2 ms),
    # and the service's answer is JSON-shaped already. Masked like every answer (api/masking.py).
    return MaskedJSONResponse(found)


@router.get("/suggest")
def suggest(container: Deps, principal: Acting, q: Annotated[str, Query(max_length=64)] = "",
            limit: Annotated[int, Query(ge=1, le=10)] = 10):
    return suggest_customers(index=container.index, records=container.records, principal=principal, prefix=q,
                             limit=limit)
