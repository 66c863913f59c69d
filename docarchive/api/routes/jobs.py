"""/api/jobs/{id}: where a queued upload is: queued, running, done or failed with the reason."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.bootstrap import Container
from docarchive.domain.principal import Principal
from docarchive.services import jobs
from docarchive.services.jobs import job_json

router = APIRouter(prefix="/api/jobs", tags=["jobs"])
Deps = Annotated[Container, Depends(get_container)]


@router.get("/{job_id}")
def show_job(container: Deps, principal: Annotated[Principal, Depends(get_principal)], job_id: str):
    return job_json(jobs.show_job(container.jobs, principal=principal, job_id=job_id))
