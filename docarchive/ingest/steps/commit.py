"""Steps run in the parent inside one unit of work: the customer link and the record commit together."""

from __future__ import annotations

from docarchive.domain.documents import Document
from docarchive.domain.ids import new_id
from docarchive.domain.titles import document_title
from docarchive.ingest.context import IngestContext
from docarchive.ingest.env import StepEnv
from docarchive.services.customers import link_customer


class LinkCustomer:
    name = "link_customer"
    stage = "commit"

    def run(self, ctx: IngestContext, env: StepEnv) -> None:
        link = link_customer(
            env.uow,
            doc_type=ctx.doc_type,
            fields=ctx.fields,
            given_customer_no=ctx.request.customer_no,
            clock=env.clock,
            archive_no_format=env.archive_no_format,
        )
        ctx.customer_no = link.customer_no
        ctx.customer_created = link.created
        ctx.warnings.extend(link.warnings)


class StoreRecord:
    """The blob is written (atomically) before the record: a crash between leaves an unreferenced blob
    that a re-run adopts or the sweep removes, never a record without its original."""

    name = "store"
    stage = "commit"

    def run(self, ctx: IngestContext, env: StepEnv) -> None:
        env.blobs.put(ctx.data)
        now = env.clock.now()
        text = "\n".join(page.text for page in ctx.pages)
        document = Document(
            id=new_id(),
            sha256=ctx.sha256,
            filename=ctx.request.filename,
            media_type=ctx.media_type,
            size=len(ctx.data),
            doc_type=ctx.doc_type,
            pages=ctx.pages,
            fields=ctx.fields,
            warnings=ctx.warnings,
            customer_no=ctx.customer_no,
            category=ctx.category,
            title=document_title(ctx.doc_type, ctx.fields, text, ctx.request.filename),
            engine=env.engine_name if any(p.source == "ocr" for p in ctx.pages) else "text_layer",
            created_at=now,
            updated_at=now,
        )
        env.uow.documents.add(document)
        ctx.document = document
        ctx.document_id = document.id
