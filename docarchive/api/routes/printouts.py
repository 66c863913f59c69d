"""PDF printouts: labels (/api/labels/{code}.pdf) and a volume's 卷内目录 and 备考表."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Response

from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.bootstrap import Container
from docarchive.domain.principal import Principal
from docarchive.services import printouts

router = APIRouter(prefix="/api", tags=["printouts"])
Deps = Annotated[Container, Depends(get_container)]
Acting = Annotated[Principal, Depends(get_principal)]


@router.get("/labels/{code}.pdf", response_class=Response)
def label(container: Deps, principal: Acting, code: str, sheet: Literal["label", "separator"] = "label"):
    """A volume, box or location label (QR + Code 128 + text); `sheet=separator`: a volume's scanning separator."""
    audited = {"principal": principal, "audit": container.audit}
    if sheet == "separator":
        return _pdf(printouts.separator_sheet_pdf(container.records, code, rule=container.archive_no_rule, **audited),
                    f"separator-{code}.pdf")
    return _pdf(printouts.labels_pdf(container.records, [code], rule=container.archive_no_rule, **audited),
                f"label-{code}.pdf")


@router.get("/volumes/{archive_no}/catalogue.pdf", response_class=Response)
def catalogue(container: Deps, principal: Acting, archive_no: str):
    """卷内目录. Reading it changes nothing: `POST /api/volumes/{archive_no}/printed` records that a version is on
    paper."""
    pdf = printouts.catalogue_pdf(container.records, archive_no, principal=principal, clock=container.clock,
                                  audit=container.audit)
    return _pdf(pdf, f"catalogue-{archive_no}.pdf")


@router.get("/volumes/{archive_no}/notes.pdf", response_class=Response)
def notes(container: Deps, principal: Acting, archive_no: str):
    """备考表: the volume's explanation, its items' electronic codes (互见号), who compiled it and when."""
    return _pdf(printouts.notes_pdf(container.records, archive_no, principal=principal, audit=container.audit),
                f"notes-{archive_no}.pdf")


def _pdf(content: bytes, filename: str) -> Response:
    # RFC 6266: the UTF-8 name for browsers, an ASCII fallback for the rest (archive numbers carry "·").
    fallback = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    disposition = f"inline; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type="application/pdf", headers={"Content-Disposition": disposition})
