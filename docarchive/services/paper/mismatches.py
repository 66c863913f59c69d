"""The mismatch report: where the paper and the electronic sets disagree (两套制 must stay two complete sets)."""

from __future__ import annotations

from typing import Any

from docarchive.domain.principal import Principal
from docarchive.ports.records import RecordStore, UnitOfWork
from docarchive.services.access import require

BATCH = 500


def mismatch_report(records: RecordStore, *, principal: Principal, limit: int = 1000) -> dict[str, Any]:
    """Each list holds at most `limit` entries; `counts` are the full numbers."""
    require(principal, "paper_read", "see the archive's mismatch report")
    report: dict[str, list] = {"unfiled_records": [], "missing_records": [], "page_count_differences": [],
                               "unprinted_catalogues": []}
    counts = dict.fromkeys(report, 0)

    def note(kind: str, entry: dict[str, Any]) -> None:
        counts[kind] += 1
        if len(report[kind]) < limit:
            report[kind].append(entry)

    with records.unit_of_work(readonly=True) as uow:
        _check_volumes(uow, note)
        _check_records(uow, note)
    return {**report, "counts": counts}


def _check_volumes(uow: UnitOfWork, note) -> None:
    after = ""
    while batch := uow.volumes.list(after=after, limit=BATCH):
        for volume in batch:
            if not volume.catalogue_printed:
                note("unprinted_catalogues", {"archive_no": volume.archive_no,
                                              "catalogue_version": volume.catalogue_version,
                                              "printed_version": volume.printed_version})
            for item in volume.items:
                _check_item(uow, volume.archive_no, item, note)
        after = batch[-1].archive_no


def _check_item(uow: UnitOfWork, archive_no: str, item, note) -> None:
    document = uow.documents.find(item.document_id)
    where = {"archive_no": archive_no, "item": item.n, "document_id": item.document_id,
             "pages": [item.first_page, item.last_page]}
    if document is None:
        note("missing_records", where)
    elif document.page_count != item.page_count:
        note("page_count_differences", where | {"paper_pages": item.page_count, "scanned_pages": document.page_count})


def _check_records(uow: UnitOfWork, note) -> None:
    after = None
    while batch := uow.documents.scan(after_id=after, limit=BATCH):
        filed = uow.volumes.filed_in([document.id for document in batch])
        for document in batch:
            if document.id not in filed:
                note("unfiled_records", {"document_id": document.id, "title": document.title,
                                         "customer_no": document.customer_no})
        after = batch[-1].id
