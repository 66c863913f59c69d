"""/api/stats: customer composition (客户构成分析)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.bootstrap import Container
from docarchive.domain.principal import Principal
from docarchive.services.stats import customer_statistics

router = APIRouter(prefix="/api/stats", tags=["statistics"])


@router.get("")
def stats(container: Annotated[Container, Depends(get_container)],
          principal: Annotated[Principal, Depends(get_principal)]):
    return customer_statistics(container.records, principal, completeness_rate=container.completeness_rate)
