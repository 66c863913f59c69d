"""The commit of an arriving file, in one unit of work: check the volume its pages name, decide whose file it
belongs to (opening a customer file for a new archive card), store the original and the record, record the
link in its history, and file it into the volume. A crash anywhere leaves the whole record or nothing."""

from __future__ import annotations

from dataclasses import dataclass

from docarchive.domain.customers import DEFAULT_ARCHIVE_NO_FORMAT
from docarchive.domain.documents import Document, DocType
from docarchive.domain.events import RecordAdded
from docarchive.domain.ids import new_id
from docarchive.domain.linking import NOT_FILED, Decision, Evidence, decide, read_evidence, record_reasons
from docarchive.domain.titles import document_title
from docarchive.ingest.context import IngestContext
from docarchive.ingest.digests import sm3_hex
from docarchive.ports.blobs import BlobStore
from docarchive.ports.clock import Clock
from docarchive.ports.records import UnitOfWork
from docarchive.services.customers import open_customer_file
from docarchive.services.linking import OnFileInUnit, apply_decision, record_link
from docarchive.services.paper.filing import file_into_volume


@dataclass(frozen=True)
class LinkPolicy:
    own_names: tuple[str, ...] = ()  # the company's own names: on a contract, the customer is the other party
    min_confidence: float = 0.80  # a page OCR read less surely than this waits for a person
    archive_no_format: str = DEFAULT_ARCHIVE_NO_FORMAT


def commit_arrival(uow: UnitOfWork, ctx: IngestContext, *, policy: LinkPolicy, blobs: BlobStore, clock: Clock,
                   engine_name: str) -> None:
    _check_volume(uow, ctx)
    evidence = read_evidence(ctx.doc_type, ctx.fields, policy.own_names)
    decision = _link(uow, ctx, evidence, policy, clock)
    document = _record(ctx, evidence, policy, clock, engine_name)
    apply_decision(document, decision, principal=ctx.request.principal, clock=clock)
    if not ctx.request.stored:
        blobs.put(ctx.data)  # atomically, before the record: a crash between leaves a blob the sweep removes
    uow.documents.add(document)
    record_link(uow, document, {}, principal=ctx.request.principal, clock=clock, reason=_arrival_reason(decision),
                event=RecordAdded)
    ctx.document, ctx.document_id, ctx.customer_no = document, document.id, document.customer_no
    if ctx.file_into:
        _file(uow, ctx, clock)


def _check_volume(uow: UnitOfWork, ctx: IngestContext) -> None:
    """A volume code for a volume not in the archive (another archive's label, or one not entered yet) is
    reported on the record, which is stored unfiled."""
    if ctx.file_into and uow.volumes.find(ctx.file_into) is None:
        ctx.warnings.append(f"the pages name volume {ctx.file_into}, which is not in the archive; not filed")
        ctx.file_into = None


def _link(uow: UnitOfWork, ctx: IngestContext, evidence: Evidence, policy: LinkPolicy, clock: Clock) -> Decision:
    given = (ctx.request.customer_no or "").strip() or None
    decision = decide(evidence, OnFileInUnit(uow), given=given)
    if given and evidence.customer_no and evidence.customer_no != given:
        ctx.warnings.append(f"page says customer {evidence.customer_no} but {given} was given; filed under {given}")
    if decision.open_file or (given and uow.customers.find(given) is None):
        card = ctx.fields if ctx.doc_type == DocType.ARCHIVE_CARD else None
        open_customer_file(uow, customer_no=decision.customer_no, clock=clock, card=card,
                           archive_no_format=policy.archive_no_format, principal=ctx.request.principal)
        ctx.customer_created = True
    return decision


def _record(ctx: IngestContext, evidence: Evidence, policy: LinkPolicy, clock: Clock, engine_name: str) -> Document:
    now = clock.now()
    text = "\n".join(page.text for page in ctx.pages)
    review = record_reasons(ctx.fields, [page.confidence for page in ctx.pages], min_confidence=policy.min_confidence)
    review += [] if ctx.file_into else [{"reason": NOT_FILED}]
    return Document(
        id=new_id(), sha256=ctx.sha256, sm3=sm3_hex(ctx.data), filename=ctx.request.filename, media_type=ctx.media_type,
        size=len(ctx.data), doc_type=ctx.doc_type, pages=ctx.pages, fields=ctx.fields, warnings=ctx.warnings,
        category=ctx.category, title=document_title(ctx.doc_type, ctx.fields, text, ctx.request.filename),
        engine=engine_name if any(p.source == "ocr" for p in ctx.pages) else "text_layer",
        created_at=now, updated_at=now, evidence=evidence.as_dict(), review=review,
    )


def _arrival_reason(decision: Decision) -> str:
    if decision.customer_no:
        return f"linked on arrival: {decision.evidence}"
    return "arrived unassigned: " + ", ".join(flag["reason"] for flag in decision.reasons)


def _file(uow: UnitOfWork, ctx: IngestContext, clock: Clock) -> None:
    """Item N+1 of the volume its pages name, on the next free pages, in the unit that stores the record."""
    item = file_into_volume(uow, document_id=ctx.document_id, archive_no=ctx.file_into,
                            principal=ctx.request.principal, clock=clock,
                            reason="a code on the scanned pages names this volume")
    ctx.filed = {"archive_no": ctx.file_into, "item": item.n, "pages": [item.first_page, item.last_page]}
