"""Confidentiality levels (密级) of records and volumes: set by the security officer or the archive room."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.bootstrap import Container
from docarchive.domain.principal import Principal
from docarchive.services.confidentiality import set_record_level, set_volume_level
from docarchive.services.paper.views import volume_json

router = APIRouter(prefix="/api", tags=["confidentiality"])
Deps = Annotated[Container, Depends(get_container)]
Acting = Annotated[Principal, Depends(get_principal)]


class LevelChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    level: str = Field(max_length=20, description="none | 秘密 | 机密 | 绝密")
    reason: str = Field(min_length=1, max_length=500)


@router.put("/documents/{document_id}/confidentiality")
def set_document_level(container: Deps, principal: Acting, document_id: str, body: LevelChange):
    document = set_record_level(container.records, principal=principal, clock=container.clock,
                                document_id=document_id, level=body.level, reason=body.reason)
    return {"id": document.id, "confidentiality": document.confidentiality.value,
            "effective_confidentiality": document.effective_confidentiality.value, "version": document.version}


@router.put("/volumes/{archive_no}/confidentiality")
def set_volume_confidentiality(container: Deps, principal: Acting, archive_no: str, body: LevelChange):
    volume = set_volume_level(container.records, principal=principal, clock=container.clock, archive_no=archive_no,
                              level=body.level, reason=body.reason)
    return volume_json(volume)
