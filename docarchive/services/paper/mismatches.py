"""The mismatch report: where the paper and the electronic sets disagree (两套制 must stay two complete sets)."""

from __future__ import annotations

from typing import Any

from docarchive.domain.paper.model import ItemAgainstRecord
from docarchive.domain.principal import Principal
from docarchive.ports.records import RecordStore, UnitOfWork
from docarchive.services.access import require


def mismatch_report(records: RecordStore, *, principal: Principal, limit: int = 1000) -> dict[str, Any]:
    """Each list holds at most `limit` entries; `counts` are the full numbers. The stores answer from their
    indexes: decoding every record and volume took minutes at 1,000,000 records."""
    require(principal, "paper_read", "see the archive's mismatch report")
    report: dict[str, list] = {"unfiled_records": [], "missing_records": [], "page_count_differences": [],
                               "unprinted_catalogues": []}
    counts = dict.fromkeys(report, 0)

    def note(kind: str, entry: dict[str, Any]) -> None:
        counts[kind] += 1
        if len(report[kind]) < limit:
            report[kind].append(entry)

    with records.unit_of_work(readonly=True) as uow:
        for archive_no, catalogue_version, printed_version in uow.volumes.unprinted_catalogues():
            note("unprinted_catalogues", {"archive_no": archive_no, "catalogue_version": catalogue_version,
                                          "printed_version": printed_version})
        for item in uow.volumes.items_disagreeing():
            _note_item(item, note)
        counts["unfiled_records"], report["unfiled_records"] = _unfiled(uow, limit)
    return {**report, "counts": counts}


def _note_item(item: ItemAgainstRecord, note) -> None:
    where = {"archive_no": item.archive_no, "item": item.n, "document_id": item.document_id,
             "pages": [item.first_page, item.last_page]}
    if item.scanned_pages is None:
        note("missing_records", where)
    else:
        note("page_count_differences", where | {"paper_pages": item.paper_pages, "scanned_pages": item.scanned_pages})


def _unfiled(uow: UnitOfWork, limit: int) -> tuple[int, list[dict[str, Any]]]:
    """Records set apart (recycle bin, awaiting destruction) or erased are out of the electronic set, so not
    "unfiled"; a volume item of theirs is still checked against what is stored."""
    count, first = uow.filing.unfiled(limit=limit)
    summaries = uow.documents.summaries(first)
    return count, [{"document_id": document_id, "title": summaries[document_id].title,
                    "customer_no": summaries[document_id].customer_no}
                   for document_id in first if document_id in summaries]
