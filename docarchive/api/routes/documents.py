"""/api/documents: upload scans, read records, their originals and page images."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from docarchive.api.deps import container as get_container
from docarchive.api.deps import principal as get_principal
from docarchive.api.masking import MaskedJSONResponse as JSONResponse
from docarchive.api.masking import answer
from docarchive.bootstrap import Container
from docarchive.domain.errors import DocarchiveError, UnsupportedFile
from docarchive.domain.principal import Principal
from docarchive.ingest.context import IngestContext, IngestRequest
from docarchive.ports.jobs import Job
from docarchive.services.jobs import job_json
from docarchive.services.documents import (
    document_json, get_document, list_documents, original_file, page_png, shown_document,
)
from docarchive.services.personal_data import reveal_id_numbers
from docarchive.services.record_fields import correct_fields

router = APIRouter(prefix="/api/documents", tags=["documents"])
Deps = Annotated[Container, Depends(get_container)]
Acting = Annotated[Principal, Depends(get_principal)]


@router.post("", status_code=201)
def upload_documents(
    container: Deps,
    principal: Annotated[Principal, Depends(get_principal)],
    files: Annotated[list[UploadFile], File(description="one or many scanned files")],
    customer_no: Annotated[str | None, Form()] = None,
    engine: Annotated[str | None, Form(pattern="^(tesseract|rapidocr)$")] = None,
):
    """201 with the record (embedded); 202 with the queued job to follow at /api/jobs/{id} (scale); a refusal or
    a duplicate at once."""
    results: list[IngestContext | Job] = []
    for upload in files:
        results.append(_accept(container, upload, customer_no, engine, principal, stored_before=_stored(results)))
    if len(results) == 1 and isinstance(results[0], IngestContext):
        return _single_response(container, principal, results[0])
    body = [{**job_json(r), "status": "queued"} if isinstance(r, Job) else _result_json(container, principal, r)
            for r in results]
    if len(body) == 1:
        return JSONResponse(status_code=202, content=body[0], headers={"Location": f"/api/jobs/{body[0]['id']}"})
    queued = any(isinstance(r, Job) for r in results)
    created = any(isinstance(r, IngestContext) and r.status == "ingested" for r in results)
    return JSONResponse(status_code=202 if queued else 201 if created else 200, content=body)


@router.get("")
def list_records(
    container: Deps,
    principal: Acting,
    customer_no: str | None = None,
    unassigned: bool = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
):
    return list_documents(container.records, principal=principal, customer_no=customer_no, unassigned=unassigned,
                          limit=limit, offset=offset)


@router.get("/{document_id}")
def show_document(container: Deps, principal: Acting, document_id: str,
                  reveal: Annotated[str | None, Query(description="`id_number`: in full (archivist, director)")]
                  = None):
    shown = shown_document(container.records, document_id, principal=principal, audit=container.audit)
    revealed = not shown.get("withheld") and reveal_id_numbers(
        container.audit, principal, reveal, customer_no=shown["customer_no"], document_id=document_id)
    return answer(shown, reveal=revealed)


@router.get("/{document_id}/file")
def download_original(container: Deps, principal: Acting, document_id: str):
    document, data = original_file(container.records, container.blobs, document_id, principal=principal,
                                   audit=container.audit)
    disposition = f"attachment; filename*=UTF-8''{_quote(document.filename)}"
    return Response(data, media_type=document.media_type, headers={"Content-Disposition": disposition})


@router.get("/{document_id}/pages/{n}.png")
def page_image(
    container: Deps, principal: Acting, document_id: str, n: int,
    width: Annotated[int | None, Query(ge=16, le=4000)] = None,
):
    png = page_png(container.records, container.blobs, container.page_cache, document_id, n, width=width,
                   widths=container.settings.page_widths, principal=principal, audit=container.audit,
                   cipher=container.cipher, clock=container.clock)
    # seen under a grant, the image is watermarked and must not outlive the grant in a browser's cache
    cache = "private, no-store" if principal.grants else "private, max-age=86400"
    return Response(png, media_type="image/png", headers={"Cache-Control": cache})


class FieldCorrection(BaseModel):
    fields: dict[str, str | None] = Field(min_length=1, max_length=50, description="name → text; null removes it")
    reason: str = Field(min_length=1, max_length=500, description="why; kept in the record's history")


@router.patch("/{document_id}/fields")
def correct_document_fields(container: Deps, principal: Acting, document_id: str, body: FieldCorrection):
    """Correct what extraction read (archive room); the change and its reason go into the record's history."""
    document = correct_fields(container.records, principal=principal, clock=container.clock,
                              document_id=document_id, fields=body.fields, reason=body.reason)
    return document_json(document)  # masked like every answer


def _accept(container: Container, upload: UploadFile, customer_no: str | None, engine: str | None,
            principal: Principal, *, stored_before: bool) -> IngestContext | Job:
    """One file of an upload: its own answer, failed or not. An error refuses the whole request only while
    nothing of it is stored (a refused role, a full queue at the first file); after that it is this file's."""
    limit = container.settings.max_file_bytes
    data = upload.file.read(limit + 1)
    request = IngestRequest(filename=upload.filename or "upload", data=data if len(data) <= limit else b"",
                            customer_no=customer_no or None, principal=principal)
    if len(data) > limit:
        return _failed(request, UnsupportedFile(f"{request.filename}: file is over the {limit:,}-byte limit"))
    try:
        return container.ingest.accept(request, engine=engine)
    except DocarchiveError as exc:
        if not stored_before:
            raise
        return _failed(request, exc)


def _failed(request: IngestRequest, error: DocarchiveError) -> IngestContext:
    ctx = IngestContext(request)
    ctx.fail(str(error), http_status=error.status_code)
    return ctx


def _stored(results: list[IngestContext | Job]) -> bool:
    return any(isinstance(r, Job) or r.status == "ingested" for r in results)


def _single_response(container: Container, principal: Principal, ctx: IngestContext):
    if ctx.status == "failed":
        return JSONResponse(status_code=ctx.http_status, content={"detail": ctx.error, **ctx.outcome()})
    return JSONResponse(status_code=201 if ctx.status == "ingested" else 200,
                        content=_result_json(container, principal, ctx))


def _result_json(container: Container, principal: Principal, ctx: IngestContext) -> dict:
    if ctx.status == "failed":
        return ctx.outcome()
    document = ctx.document or get_document(container.records, ctx.document_id, principal=principal)
    return {**document_json(document), "status": ctx.status, "warnings": document.warnings or ctx.warnings,
            "paper": ctx.filed}


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")
